package testkit

import (
	"crypto/tls"
	"crypto/x509"
	"sync"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
)

// PKI is a throw-away CA (internal/loopback's) and a leaf for 127.0.0.1,
// ::1, localhost and *.test, made once per test process.
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
	pkiErr  error
)

// TestPKI returns the process's PKI.
func TestPKI(t testing.TB) PKI {
	t.Helper()
	pkiOnce.Do(func() {
		ca, err := loopback.NewPKI()
		if err != nil {
			pkiErr = err
			return
		}
		cert, err := ca.Leaf(time.Now().Add(-time.Hour), time.Now().Add(12*time.Hour).Truncate(time.Second),
			"localhost", "*.test", "127.0.0.1", "::1")
		if err != nil {
			pkiErr = err
			return
		}
		pki = PKI{CA: ca.CA, Pool: ca.Pool, Cert: cert}
	})
	if pkiErr != nil {
		t.Fatal(pkiErr)
	}
	return pki
}

// ServerConfig is a server-side TLS config presenting the leaf.
func (p PKI) ServerConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{p.Cert}, NextProtos: []string{"h2", "http/1.1"}}
}
