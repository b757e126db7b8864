package main

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/exampletable"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
)

// mockSMTP is a ports.SMTPClient that reports conn for every request.
type mockSMTP struct{ conn ports.SMTPConnection }

func (m mockSMTP) Connect(context.Context, ports.SMTPRequest) (*ports.SMTPConnection, error) {
	c := m.conn
	return &c, nil
}

func TestSMTP(t *testing.T) {
	if err := Plugin.Validate(); err != nil {
		t.Fatal(err)
	}
	pki, err := loopback.NewPKI()
	if err != nil {
		t.Fatal(err)
	}
	valid, _ := pki.ServerTLS(40 * 24 * time.Hour)
	expired, _ := pki.ServerTLS(-36 * time.Hour)
	start := func(s loopback.SMTP) *loopback.Server {
		srv, err := s.Start()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close() })
		return srv
	}
	plain := start(loopback.SMTP{})
	starttls := start(loopback.SMTP{TLS: valid})
	implicitOld := start(loopback.SMTP{TLS: expired, Implicit: true})
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	_, closedPort, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	num := func(p string) int { n, _ := net.LookupPort("tcp", p); return n }
	trust := host.WithExtraRootCAs(pki.CA)
	banner := "220 mx.loopback.test ESMTP ready"
	exampletable.Run(t, Plugin, "./examples/smtp", []exampletable.Case{
		{Name: "banner", Config: map[string]any{"host": "127.0.0.1", "port": num(plain.Port)},
			Opts:    []host.Option{exampletable.Grant("127.0.0.1", plain.Port)},
			Clients: []any{mockSMTP{ports.SMTPConnection{Connected: true, Address: "127.0.0.1:" + plain.Port, Banner: banner}}},
			Status:  entities.StatusSuccess, Data: map[string]any{"connected": true, "banner": banner, "tls": false, "address": "127.0.0.1:" + plain.Port}},
		{Name: "STARTTLS", Config: map[string]any{"host": "localhost", "port": num(starttls.Port), "starttls": true},
			Opts:    []host.Option{exampletable.Grant("localhost", starttls.Port), trust},
			Clients: []any{mockSMTP{ports.SMTPConnection{Connected: true, Banner: banner, TLS: true, TLSVersion: "TLS 1.3", TLSCertSubject: "CN=localhost"}}},
			Status:  entities.StatusSuccess, Data: map[string]any{"connected": true, "tls": true, "tls_version": "TLS 1.3", "tls_cert_subject": "CN=localhost"}},
		{Name: "STARTTLS not offered keeps the banner", Config: map[string]any{"host": "127.0.0.1", "port": num(plain.Port), "starttls": true},
			Opts:    []host.Option{exampletable.Grant("127.0.0.1", plain.Port)},
			Clients: []any{mockSMTP{ports.SMTPConnection{Connected: true, Banner: banner, StartTLSNotOffered: true}}},
			Status:  entities.StatusFailure, Message: "does not offer STARTTLS",
			Data: map[string]any{"connected": true, "banner": banner, "tls": false, "starttls_not_offered": true}},
		{Name: "STARTTLS untrusted certificate reported", Config: map[string]any{"host": "localhost", "port": num(starttls.Port), "starttls": true},
			Opts: []host.Option{exampletable.Grant("localhost", starttls.Port)}, Status: entities.StatusFailure, Message: "unknown authority",
			Data: map[string]any{"connected": false, "banner": banner, "tls_cert_subject": "CN=localhost", "tls_cert_days_remaining": 39}},
		{Name: "implicit TLS expired certificate reported", Config: map[string]any{"host": "localhost", "port": num(implicitOld.Port), "tls": true},
			Opts: []host.Option{exampletable.Grant("localhost", implicitOld.Port), trust}, Status: entities.StatusFailure, Message: "expired",
			Data: map[string]any{"connected": false, "tls_cert_days_remaining": -2, "tls_verify_error": exampletable.Present}},
		{Name: "banner expectation", Config: map[string]any{"host": "127.0.0.1", "port": num(plain.Port), "expected_banner_contains": "Postfix"},
			Opts: []host.Option{exampletable.Grant("127.0.0.1", plain.Port)}, Status: entities.StatusFailure, Message: `does not contain "Postfix"`},
		{Name: "refused is an error", Config: map[string]any{"host": "127.0.0.1", "port": num(closedPort), "timeout_ms": 3000},
			Opts: []host.Option{exampletable.Grant("127.0.0.1", closedPort)}, Status: entities.StatusError, ErrType: "network",
			Message: "smtp_connect 127.0.0.1:" + closedPort},
		{Name: "tls and starttls", Config: map[string]any{"host": "x", "tls": true, "starttls": true}, Clients: []any{mockSMTP{}},
			Status: entities.StatusError, ErrType: "config", Message: "exclude each other"},
	})
}
