package host

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// smtpServer is a tiny SMTP server: a (multi-line) 220 banner, EHLO
// advertising STARTTLS when it can, STARTTLS, QUIT. implicit makes it speak
// TLS from the first byte.
type smtpServer struct {
	tls       *tls.Config
	implicit  bool
	noStarTLS bool
	banner    string
}

func (s smtpServer) start(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return portOf(t, ln.Addr().String())
}

func (s smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if s.implicit {
		tc := tls.Server(c, s.tls)
		if tc.Handshake() != nil {
			return
		}
		c = tc
	}
	banner := s.banner
	if banner == "" {
		banner = "220-mx.test ESMTP ready\r\n220 no UCE"
	}
	fmt.Fprintf(c, "%s\r\n", banner)
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			if s.noStarTLS || s.tls == nil {
				fmt.Fprintf(c, "250-mx.test\r\n250 8BITMIME\r\n")
			} else {
				fmt.Fprintf(c, "250-mx.test\r\n250-8BITMIME\r\n250 STARTTLS\r\n")
			}
		case cmd == "STARTTLS":
			fmt.Fprintf(c, "220 go ahead\r\n")
			tc := tls.Server(c, s.tls)
			if tc.Handshake() != nil {
				return
			}
			c = tc
			r = bufio.NewReader(c)
		case cmd == "QUIT":
			fmt.Fprintf(c, "221 bye\r\n")
			return
		default:
			fmt.Fprintf(c, "502 unknown\r\n")
		}
	}
}

func doSMTP(t testing.TB, g entities.GrantSet, req wire.SMTPRequest, opts ...Option) wire.SMTPResponse {
	t.Helper()
	var resp wire.SMTPResponse
	invoke(t, callCtx(cfgWith(append(opts, WithGrants(g))...)), smtpHostFunc, req, &resp)
	return resp
}

func TestSMTPBanner(t *testing.T) {
	port := smtpServer{}.start(t)
	resp := doSMTP(t, netGrant(rule("127.0.0.1", port)), wire.SMTPRequest{Host: "127.0.0.1", Port: port})
	wantNoError(t, resp.Error)
	if !resp.Connected || resp.Banner != "220-mx.test ESMTP ready\n220 no UCE" || resp.TLS || resp.Address != "127.0.0.1:"+port {
		t.Fatalf("response %+v", resp)
	}
}

func TestSMTPStartTLS(t *testing.T) {
	p := getPKI(t)
	port := smtpServer{tls: p.serverConfig()}.start(t)
	g := netGrant(rule("localhost", port))
	resp := doSMTP(t, g, wire.SMTPRequest{Host: "localhost", Port: port, StartTLS: true}, WithRootCAs(p.pool))
	wantNoError(t, resp.Error)
	if !resp.Connected || !resp.TLS || resp.TLSVersion != "TLS 1.3" || resp.TLSServerName != "localhost" || !strings.HasPrefix(resp.Banner, "220") {
		t.Fatalf("response %+v", resp)
	}
	resp = doSMTP(t, g, wire.SMTPRequest{Host: "localhost", Port: port, StartTLS: true})
	wantNoError(t, resp.Error)
	if resp.Connected || !resp.TLS || resp.TLSCertSubject != "CN=localhost" || !strings.Contains(resp.TLSVerifyError, "unknown authority") ||
		!strings.HasPrefix(resp.Banner, "220") {
		t.Fatalf("untrusted certificate: want it reported, got %+v", resp)
	}
	noTLS := smtpServer{tls: p.serverConfig(), noStarTLS: true}.start(t)
	resp = doSMTP(t, netGrant(rule("localhost", noTLS)), wire.SMTPRequest{Host: "localhost", Port: noTLS, StartTLS: true}, WithRootCAs(p.pool))
	wantNoError(t, resp.Error)
	if !resp.Connected || resp.TLS || !resp.StartTLSNotOffered || !strings.HasPrefix(resp.Banner, "220") {
		t.Fatalf("STARTTLS not offered: want it as data, got %+v", resp)
	}
}

func TestSMTPImplicitTLS(t *testing.T) {
	p := getPKI(t)
	port := smtpServer{tls: p.serverConfig(), implicit: true}.start(t)
	resp := doSMTP(t, netGrant(rule("127.0.0.1", port)), wire.SMTPRequest{Host: "127.0.0.1", Port: port, TLS: true}, WithRootCAs(p.pool))
	wantNoError(t, resp.Error)
	if !resp.Connected || !resp.TLS || !strings.HasPrefix(resp.Banner, "220-mx.test") {
		t.Fatalf("response %+v", resp)
	}
}

func TestSMTPGrantsAndErrors(t *testing.T) {
	port := smtpServer{}.start(t)
	resp := doSMTP(t, netGrant(rule("127.0.0.1", "25")), wire.SMTPRequest{Host: "127.0.0.1", Port: port})
	wantDenied(t, resp.Error, "127.0.0.1:"+port)
	resp = doSMTP(t, netGrant(rule("*", "*")), wire.SMTPRequest{Host: "127.0.0.1", Port: port})
	wantDenied(t, resp.Error, "loopback address")
	if resp.Connected {
		t.Fatal("denied but connected")
	}
	notReady := smtpServer{banner: "554 go away"}.start(t)
	resp = doSMTP(t, netGrant(rule("127.0.0.1", notReady)), wire.SMTPRequest{Host: "127.0.0.1", Port: notReady})
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
	sport := portOf(t, ln.Addr().String())
	start := time.Now()
	resp = doSMTP(t, netGrant(rule("127.0.0.1", sport)), wire.SMTPRequest{Host: "127.0.0.1", Port: sport, TimeoutMs: 200})
	if time.Since(start) > 2*time.Second || resp.Error == nil || !resp.Error.IsTimeout {
		t.Fatalf("want a timeout, got %+v after %v", resp.Error, time.Since(start))
	}
	var r wire.SMTPResponse
	invoke(t, callCtx(cfgWith()), smtpHostFunc, wire.SMTPRequest{Host: "a", Port: "25", TLS: true, StartTLS: true}, &r)
	if r.Error == nil || r.Error.Type != entities.ErrorTypeValidation {
		t.Fatalf("tls+starttls: %+v", r.Error)
	}
}
