package host

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

func doSMTP(t testing.TB, g entities.GrantSet, req wire.SMTPRequest, opts ...Option) wire.SMTPResponse {
	t.Helper()
	return call[wire.SMTPResponse](t, smtpHostFunc, g, req, opts...)
}

func TestSMTPBanner(t *testing.T) {
	port := testkit.SMTPServer{}.Start(t)
	resp := doSMTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.SMTPRequest{Host: "127.0.0.1", Port: port})
	testkit.WantNoError(t, resp.Error)
	if !resp.Connected || resp.Banner != "220-mx.test ESMTP ready\n220 no UCE" || resp.TLS || resp.Address != "127.0.0.1:"+port {
		t.Fatalf("response %+v", resp)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	p := testkit.TestPKI(t)
	port := testkit.SMTPServer{TLS: p.ServerConfig()}.Start(t)
	g := testkit.NetGrant(testkit.NetRule("localhost", port))
	resp := doSMTP(t, g, wire.SMTPRequest{Host: "localhost", Port: port, StartTLS: true}, WithRootCAs(p.Pool))
	testkit.WantNoError(t, resp.Error)
	if !resp.Connected || !resp.TLS || resp.TLSVersion != "TLS 1.3" || resp.TLSServerName != "localhost" || !strings.HasPrefix(resp.Banner, "220") {
		t.Fatalf("response %+v", resp)
	}
	resp = doSMTP(t, g, wire.SMTPRequest{Host: "localhost", Port: port, StartTLS: true})
	testkit.WantNoError(t, resp.Error)
	if resp.Connected || !resp.TLS || resp.TLSCertSubject != "CN=localhost" || !strings.Contains(resp.TLSVerifyError, "unknown authority") ||
		!strings.HasPrefix(resp.Banner, "220") {
		t.Fatalf("untrusted certificate: want it reported, got %+v", resp)
	}
	noTLS := testkit.SMTPServer{TLS: p.ServerConfig(), NoStartTLS: true}.Start(t)
	resp = doSMTP(t, testkit.NetGrant(testkit.NetRule("localhost", noTLS)), wire.SMTPRequest{Host: "localhost", Port: noTLS, StartTLS: true}, WithRootCAs(p.Pool))
	testkit.WantNoError(t, resp.Error)
	if !resp.Connected || resp.TLS || !resp.StartTLSNotOffered || !strings.HasPrefix(resp.Banner, "220") {
		t.Fatalf("STARTTLS not offered: want it as data, got %+v", resp)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	p := testkit.TestPKI(t)
	port := testkit.SMTPServer{TLS: p.ServerConfig(), Implicit: true}.Start(t)
	resp := doSMTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.SMTPRequest{Host: "127.0.0.1", Port: port, TLS: true}, WithRootCAs(p.Pool))
	testkit.WantNoError(t, resp.Error)
	if !resp.Connected || !resp.TLS || !strings.HasPrefix(resp.Banner, "220-mx.test") {
		t.Fatalf("response %+v", resp)
	}
}

func TestSMTPGrantsAndErrors(t *testing.T) {
	port := testkit.SMTPServer{}.Start(t)
	resp := doSMTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", "25")), wire.SMTPRequest{Host: "127.0.0.1", Port: port})
	testkit.WantDenied(t, resp.Error, "127.0.0.1:"+port)
	resp = doSMTP(t, testkit.NetGrant(testkit.NetRule("*", "*")), wire.SMTPRequest{Host: "127.0.0.1", Port: port})
	testkit.WantDenied(t, resp.Error, "loopback address")
	if resp.Connected {
		t.Fatal("denied but connected")
	}
	notReady := testkit.SMTPServer{Banner: "554 go away"}.Start(t)
	resp = doSMTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", notReady)), wire.SMTPRequest{Host: "127.0.0.1", Port: notReady})
	if resp.Error == nil || resp.Error.Code != "SMTP_NOT_READY" || resp.Banner != "554 go away" {
		t.Fatalf("want SMTP_NOT_READY, got %+v", resp)
	}
	// A server that never greets: the timeout cuts it short.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			time.Sleep(3 * time.Second)
			c.Close()
		}
	}()
	sport := testkit.PortOf(t, ln.Addr().String())
	start := time.Now()
	resp = doSMTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", sport)), wire.SMTPRequest{Host: "127.0.0.1", Port: sport, TimeoutMs: 200})
	if time.Since(start) > 2*time.Second || resp.Error == nil || !resp.Error.IsTimeout {
		t.Fatalf("want a timeout, got %+v after %v", resp.Error, time.Since(start))
	}
	var r wire.SMTPResponse
	invoke(t, callCtx(cfgWith()), smtpHostFunc, wire.SMTPRequest{Host: "a", Port: "25", TLS: true, StartTLS: true}, &r)
	if r.Error == nil || r.Error.Type != entities.ErrorTypeValidation {
		t.Fatalf("tls+starttls: %+v", r.Error)
	}
}
