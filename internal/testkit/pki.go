package testkit

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"
)

// PKI is a throw-away CA and a leaf for 127.0.0.1, ::1, localhost and
// *.test, made once per test process.
type PKI struct {
	// CA is the authority's certificate (host.WithExtraRootCAs).
	CA *x509.Certificate
	// Pool trusts the CA (host.WithRootCAs).
	Pool *x509.CertPool
	// Cert is the leaf with its chain, for servers.
	Cert tls.Certificate
}

var (
	pkiOnce sync.Once
	pki     PKI
)

// TestPKI returns the process's PKI.
func TestPKI(t testing.TB) PKI {
	t.Helper()
	pkiOnce.Do(func() {
		caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		ca := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Reglet Test CA", Organization: []string{"Reglet"}},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
		if err != nil {
			panic(err)
		}
		caCert, _ := x509.ParseCertificate(caDER)
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		leaf := &x509.Certificate{
			SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(12 * time.Hour).Truncate(time.Second),
			DNSNames: []string{"localhost", "*.test"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
		if err != nil {
			panic(err)
		}
		pool := x509.NewCertPool()
		pool.AddCert(caCert)
		pki = PKI{CA: caCert, Pool: pool, Cert: tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}}
	})
	return pki
}

// ServerConfig is a server-side TLS config presenting the leaf.
func (p PKI) ServerConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{p.Cert}, NextProtos: []string{"h2", "http/1.1"}}
}
