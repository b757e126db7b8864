package host

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Test servers and fixtures for the external (end-to-end) tests in
// package host_test, which cannot import package host's test files
// otherwise.

func StartDNSForTest(t testing.TB) string { return startDNS(t, testZone) }

func PKIForTest(t testing.TB) (*x509.CertPool, *tls.Config) {
	p := getPKI(t)
	return p.pool, p.serverConfig()
}

func StartSMTPForTest(t testing.TB, cfg *tls.Config) string {
	return smtpServer{tls: cfg}.start(t)
}

func StartTCPForTest(t testing.TB, cfg *tls.Config) string {
	_, port := startTCP(t, cfg)
	return port
}

func StartHTTPForTest(t testing.TB, cfg *tls.Config) *httptest.Server {
	srv := httptest.NewUnstartedServer(echoHandler())
	if cfg != nil {
		srv.TLS = cfg
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv
}

var _ http.Handler = echoHandler()
