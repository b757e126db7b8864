package main

import (
	"net"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

func TestTCP(t *testing.T) {
	if err := Plugin.Validate(); err != nil {
		t.Fatal(err)
	}
	pki, err := loopback.NewPKI()
	if err != nil {
		t.Fatal(err)
	}
	valid, _ := pki.ServerTLS(40 * 24 * time.Hour)
	expired, _ := pki.ServerTLS(-36 * time.Hour) // expired a day and a half ago: -2 days remaining
	plain, err := loopback.TCP(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	good, _ := loopback.TCP(valid)
	defer good.Close()
	old, _ := loopback.TCP(expired)
	defer old.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	_, closedPort, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()

	grant := func(h, port string, opts ...host.Option) []host.Option {
		return append(opts, plugintest.NetworkGrant(h, port))
	}
	trust := host.WithExtraRootCAs(pki.CA)
	port := func(s *loopback.Server) int {
		n, _ := net.LookupPort("tcp", s.Port)
		return n
	}
	cfg := func(h string, p int, tls bool) map[string]any {
		return map[string]any{"host": h, "port": p, "tls": tls, "timeout_ms": 3000}
	}
	closed, _ := net.LookupPort("tcp", closedPort)
	notAfter := time.Now().Add(40 * 24 * time.Hour)
	mock := func(c *mockConn) []any { return []any{c} }
	// Dialect H (reglet-host-sdk v0.1.5) refuses every tcp_connect this
	// SDK sends: its handler wants a numeric port, which the SDK never sends
	// so that H's grant check is never skipped (DIALECTS.md). The plugin
	// sees H's VALIDATION_ERROR as a validation error with H's message.
	hRefuses := map[host.Dialect]plugintest.Want{host.DialectH: {Status: entities.StatusError, ErrorType: "validation",
		Message: "failed to unmarshal request"}}
	// Natively the mock dialer answers; through the .wasm the local host
	// dials the loopback servers itself (RealHost) under the case's grants.
	// A case without a mock runs through the .wasm only.
	cases := []plugintest.TestCase{
		{Name: "open port", Config: cfg("127.0.0.1", port(plain), false), Host: grant("127.0.0.1", plain.Port),
			Clients: mock(&mockConn{Connected: true, Address: "127.0.0.1:" + plain.Port}), InDialect: hRefuses,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"connected": true, "address": "127.0.0.1:" + plain.Port, "tls": false,
				"tls_version": plugintest.Absent}}},
		{Name: "TLS trusted", Config: cfg("localhost", port(good), true), Host: grant("localhost", good.Port, trust),
			Clients: mock(&mockConn{Connected: true, TLS: true, TLSVersion: "TLS 1.3", CertSubject: "CN=localhost", NotAfter: notAfter}), InDialect: hRefuses,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"connected": true, "tls": true, "tls_version": "TLS 1.3",
				"tls_cert_subject": "CN=localhost", "tls_cert_days_remaining": 39}}},
		{Name: "TLS IP target names the IP", Config: cfg("127.0.0.1", port(good), true), Host: grant("127.0.0.1", good.Port, trust), WasmOnly: true,
			InDialect: hRefuses, Want: plugintest.Want{Status: entities.StatusSuccess,
				Data: map[string]any{"tls_server_name": "127.0.0.1", "tls_cert_issuer": "CN=Reglet Loopback CA,O=Reglet"}}},
		{Name: "untrusted certificate reported", Config: cfg("localhost", port(good), true), Host: grant("localhost", good.Port),
			Clients:   mock(&mockConn{TLS: true, CertSubject: "CN=localhost", NotAfter: notAfter, VerifyError: "x509: certificate signed by unknown authority"}),
			InDialect: hRefuses, Want: plugintest.Want{Status: entities.StatusFailure, Message: "unknown authority",
				Data: map[string]any{"connected": false, "tls_cert_subject": "CN=localhost", "tls_cert_days_remaining": 39,
					"tls_verify_error": plugintest.Present, "tls_cert_not_after": plugintest.Present}}},
		{Name: "expired certificate reported", Config: cfg("localhost", port(old), true), Host: grant("localhost", old.Port, trust), WasmOnly: true,
			InDialect: hRefuses, Want: plugintest.Want{Status: entities.StatusFailure, Message: "expired",
				Data: map[string]any{"connected": false, "tls_cert_subject": "CN=localhost", "tls_cert_days_remaining": -2}}},
		{Name: "min_days_valid", Config: map[string]any{"host": "localhost", "port": port(good), "tls": true, "min_days_valid": 60},
			Host: grant("localhost", good.Port, trust), WasmOnly: true, InDialect: hRefuses,
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "expires in 39 days, want at least 60"}},
		{Name: "expected TLS version", Config: map[string]any{"host": "localhost", "port": port(good), "tls": true, "expected_tls_version": "TLS 1.2"},
			Host: grant("localhost", good.Port, trust), WasmOnly: true, InDialect: hRefuses,
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "negotiated TLS 1.3, want TLS 1.2"}},
		{Name: "refused is an error", Config: cfg("127.0.0.1", closed, false), Host: grant("127.0.0.1", closedPort), WasmOnly: true,
			InDialect: hRefuses, Want: plugintest.Want{Status: entities.StatusError, ErrorType: "network", Message: "tcp_connect 127.0.0.1:" + closedPort}},
		// The grant check comes before H's decoding: a denial is the same
		// capability error in both dialects.
		{Name: "not granted", Config: cfg("127.0.0.1", port(plain), false), WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability"}},
		{Name: "bad port", Config: map[string]any{"host": "x", "port": 70000}, Clients: mock(&mockConn{}),
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: "port"}},
	}
	for i := range cases {
		cases[i].RealHost = true
	}
	plugintest.RunPluginTests(t, Plugin, cases, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The examples registered with RegisterOp, natively and through the .wasm
// in both host dialects, with mock dialers (the mock stands for the host's
// answer, so H's refusal of a string port does not apply).
func TestExamples(t *testing.T) {
	plugintest.RunExamples(t, Plugin,
		plugintest.ExampleClients("port_open", &mockConn{Connected: true, Address: "example.com:80"}),
		plugintest.ExampleClients("tls_certificate", &mockConn{Connected: true, TLS: true, TLSVersion: "TLS 1.3",
			CertSubject: "CN=example.com", NotAfter: time.Now().Add(90 * 24 * time.Hour)}),
		plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}
