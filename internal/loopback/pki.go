// Package loopback runs the servers the examples, their tests and the CLI's
// demo observe: a test certificate authority, DNS, SMTP and TLS servers, all
// on 127.0.0.1, each bounded in time (every connection has a deadline) and
// stopped by its Close. Native code only (tests and cmd); plugins never
// import it.
package loopback

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"sync/atomic"
	"time"
)

// PKI is a throwaway certificate authority.
type PKI struct {
	// CA is the authority's certificate; Pool holds only it.
	CA   *x509.Certificate
	Pool *x509.CertPool
	key  *ecdsa.PrivateKey
}

var serial atomic.Int64

// NewPKI makes a CA named "Reglet Loopback CA", valid from an hour ago for
// a day.
func NewPKI() (*PKI, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("loopback: CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial.Add(1)),
		Subject:      pkix.Name{CommonName: "Reglet Loopback CA", Organization: []string{"Reglet"}},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("loopback: CA certificate: %w", err)
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("loopback: CA certificate: %w", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return &PKI{CA: ca, Pool: pool, key: key}, nil
}

// CAPEM returns the CA certificate in PEM, as the CLI's -ca flag reads it.
func (p *PKI) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.CA.Raw})
}

// Leaf issues a server certificate for names (DNS names or IP addresses),
// valid from notBefore to notAfter, with the subject CN=names[0].
func (p *PKI) Leaf(notBefore, notAfter time.Time, names ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("loopback: leaf key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial.Add(1)),
		NotBefore:    notBefore, NotAfter: notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if len(names) > 0 {
		tmpl.Subject = pkix.Name{CommonName: names[0]}
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.CA, &key.PublicKey, p.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("loopback: leaf certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, p.CA.Raw}, PrivateKey: key}, nil
}

// ServerTLS issues a leaf for "localhost", 127.0.0.1 and ::1 valid for
// validFor from an hour ago (negative: expired that long ago) and returns
// a server config presenting it.
func (p *PKI) ServerTLS(validFor time.Duration) (*tls.Config, error) {
	notBefore := time.Now().Add(-time.Hour)
	notAfter := time.Now().Add(validFor).Truncate(time.Second)
	if validFor < 0 {
		notBefore = notAfter.Add(-24 * time.Hour)
	}
	cert, err := p.Leaf(notBefore, notAfter, "localhost", "127.0.0.1", "::1")
	if err != nil {
		return nil, err
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}}, nil
}
