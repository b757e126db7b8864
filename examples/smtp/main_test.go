package main

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
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
	grant := plugintest.NetworkGrant
	// Dialect H (reglet-host-sdk v0.1.5) refuses every smtp_connect this
	// SDK sends: its handler wants a numeric port, which the SDK never sends
	// so that H's grant check is never skipped (DIALECTS.md). The plugin
	// sees H's VALIDATION_ERROR as a validation error with H's message.
	hRefuses := map[host.Dialect]plugintest.Want{host.DialectH: {Status: entities.StatusError, ErrorType: "validation",
		Message: "failed to unmarshal request"}}
	// Natively the mock client answers; through the .wasm the local host
	// talks to the loopback servers itself (RealHost) under the case's
	// grants. A case without a mock runs through the .wasm only.
	cases := []plugintest.TestCase{
		{Name: "banner", Config: map[string]any{"host": "127.0.0.1", "port": num(plain.Port)},
			Host:    []host.Option{grant("127.0.0.1", plain.Port)},
			Clients: []any{mockSMTP{ports.SMTPConnection{Connected: true, Address: "127.0.0.1:" + plain.Port, Banner: banner}}},
			Want:    plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"connected": true, "banner": banner, "tls": false, "address": "127.0.0.1:" + plain.Port}}},
		{Name: "STARTTLS", Config: map[string]any{"host": "localhost", "port": num(starttls.Port), "starttls": true},
			Host:    []host.Option{grant("localhost", starttls.Port), trust},
			Clients: []any{mockSMTP{ports.SMTPConnection{Connected: true, Banner: banner, TLS: true, TLSVersion: "TLS 1.3", TLSCertSubject: "CN=localhost"}}},
			Want:    plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"connected": true, "tls": true, "tls_version": "TLS 1.3", "tls_cert_subject": "CN=localhost"}}},
		{Name: "STARTTLS not offered keeps the banner", Config: map[string]any{"host": "127.0.0.1", "port": num(plain.Port), "starttls": true},
			Host:    []host.Option{grant("127.0.0.1", plain.Port)},
			Clients: []any{mockSMTP{ports.SMTPConnection{Connected: true, Banner: banner, StartTLSNotOffered: true}}},
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "does not offer STARTTLS",
				Data: map[string]any{"connected": true, "banner": banner, "tls": false, "starttls_not_offered": true}}},
		{Name: "STARTTLS untrusted certificate reported", Config: map[string]any{"host": "localhost", "port": num(starttls.Port), "starttls": true},
			Host: []host.Option{grant("localhost", starttls.Port)}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "unknown authority",
				Data: map[string]any{"connected": false, "banner": banner, "tls_cert_subject": "CN=localhost", "tls_cert_days_remaining": 39}}},
		{Name: "implicit TLS expired certificate reported", Config: map[string]any{"host": "localhost", "port": num(implicitOld.Port), "tls": true},
			Host: []host.Option{grant("localhost", implicitOld.Port), trust}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "expired",
				Data: map[string]any{"connected": false, "tls_cert_days_remaining": -2, "tls_verify_error": plugintest.Present}}},
		{Name: "banner expectation", Config: map[string]any{"host": "127.0.0.1", "port": num(plain.Port), "expected_banner_contains": "Postfix"},
			Host: []host.Option{grant("127.0.0.1", plain.Port)}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusFailure, Message: `does not contain "Postfix"`}},
		{Name: "refused is an error", Config: map[string]any{"host": "127.0.0.1", "port": num(closedPort), "timeout_ms": 3000},
			Host: []host.Option{grant("127.0.0.1", closedPort)}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "network", Message: "smtp_connect 127.0.0.1:" + closedPort}},
		// The grant check comes before H's decoding: a denial is the same
		// capability error in both dialects.
		{Name: "not granted", Config: map[string]any{"host": "127.0.0.1", "port": num(plain.Port)}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability"}},
		{Name: "tls and starttls", Config: map[string]any{"host": "x", "tls": true, "starttls": true}, Clients: []any{mockSMTP{}},
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: `tls: not allowed together with "starttls"`}},
	}
	for i := range cases {
		cases[i].RealHost = true
		if cases[i].Want.ErrorType != "config" && cases[i].Want.ErrorType != "capability" {
			cases[i].InDialect = hRefuses
		}
	}
	plugintest.RunPluginTests(t, Plugin, cases, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The examples registered with RegisterOp, natively and through the .wasm
// in both host dialects, with mock mail servers (the mock stands for the
// host's answer, so H's refusal of a string port does not apply).
func TestExamples(t *testing.T) {
	plugintest.RunExamples(t, Plugin,
		plugintest.ExampleClients("starttls", mockSMTP{ports.SMTPConnection{Connected: true, TLS: true, TLSVersion: "TLS 1.3", Banner: "220 mx"}}),
		plugintest.ExampleClients("implicit_tls", mockSMTP{ports.SMTPConnection{Connected: true, TLS: true, TLSVersion: "TLS 1.3"}}),
		plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}
