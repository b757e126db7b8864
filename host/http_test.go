package host

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

func startHTTP(t testing.TB) (*httptest.Server, string) {
	srv := httptest.NewServer(testkit.EchoHandler())
	t.Cleanup(srv.Close)
	return srv, testkit.PortOf(t, srv.Listener.Addr().String())
}

func doHTTP(t testing.TB, g entities.GrantSet, req wire.HTTPRequest, opts ...Option) wire.HTTPResponse {
	t.Helper()
	return call[wire.HTTPResponse](t, httpHostFunc, g, req, opts...)
}

func TestHTTPAllowed(t *testing.T) {
	srv, port := startHTTP(t)
	resp := doHTTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.HTTPRequest{
		Method: "POST", URL: srv.URL + "/echo",
		Headers: map[string][]string{"X-Test": {"yes"}, "Content-Type": {"application/json"}},
		Body:    []byte(`{"a":1}`),
	})
	testkit.WantNoError(t, resp.Error)
	if resp.StatusCode != 201 || string(resp.Body) != `{"a":1}` || resp.Proto != "HTTP/1.1" ||
		resp.Headers["X-Method"][0] != "POST" || resp.Headers["X-Got-Header"][0] != "yes" || resp.BodyTruncated {
		t.Fatalf("response %+v", resp)
	}
}

func TestHTTPGrantRules(t *testing.T) {
	srv, port := startHTTP(t)
	url := srv.URL + "/ok"
	localURL := strings.Replace(url, "127.0.0.1", "localhost", 1)
	tests := []struct {
		name  string
		g     entities.GrantSet
		url   string
		allow bool
		msg   string
	}{
		{"no grant", entities.GrantSet{}, url, false, "network 127.0.0.1:" + port + " not granted"},
		{"IP literal + port", testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), url, true, ""},
		{"IP literal, other port", testkit.NetGrant(testkit.NetRule("127.0.0.1", "1")), url, false, "not granted"},
		{"port range", testkit.NetGrant(testkit.NetRule("127.0.0.1", "1024-65535")), url, true, ""},
		{"port range excluding", testkit.NetGrant(testkit.NetRule("127.0.0.1", "1-1023")), url, false, "not granted"},
		{"CIDR", testkit.NetGrant(testkit.NetRule("127.0.0.0/8", "*")), url, true, ""},
		{"localhost name", testkit.NetGrant(testkit.NetRule("localhost", port)), localURL, true, ""},
		{"wildcard host does not grant loopback", testkit.NetGrant(testkit.NetRule("*", "*")), url, false, "loopback address"},
		{"glob does not grant loopback", testkit.NetGrant(testkit.NetRule("local*", "*")), localURL, false, "loopback address"},
		{"host of one rule, port of another", testkit.NetGrant(testkit.NetRule("127.0.0.1", "1"), testkit.NetRule("example.com", port)), url, false, "not granted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := doHTTP(t, tt.g, wire.HTTPRequest{Method: "GET", URL: tt.url})
			if tt.allow {
				testkit.WantNoError(t, resp.Error)
				if resp.StatusCode != 200 || string(resp.Body) != "ok" {
					t.Fatalf("response %+v", resp)
				}
				return
			}
			testkit.WantDenied(t, resp.Error, tt.msg, "add {hosts:")
			if resp.StatusCode != 0 {
				t.Fatalf("a denied request must not reach the server: %+v", resp)
			}
		})
	}
}

func TestHTTPDefaultPortsChecked(t *testing.T) {
	// No server needed: the denial happens before any dial.
	for url, want := range map[string]string{
		"http://example.com/":       "example.com:80",
		"https://example.com/":      "example.com:443",
		"https://example.com:8443/": "example.com:8443",
		"http://[::1]/":             "[::1]:80",
	} {
		resp := doHTTP(t, testkit.NetGrant(testkit.NetRule("example.com", "1")), wire.HTTPRequest{Method: "GET", URL: url})
		testkit.WantDenied(t, resp.Error, want)
	}
}

func TestHTTPRedirects(t *testing.T) {
	target, tport := startHTTP(t)
	redir := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/ok", http.StatusFound)
	}))
	t.Cleanup(redir.Close)
	rport := testkit.PortOf(t, redir.Listener.Addr().String())

	t.Run("to a denied host", func(t *testing.T) {
		resp := doHTTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", rport)), wire.HTTPRequest{Method: "GET", URL: redir.URL})
		testkit.WantDenied(t, resp.Error, "127.0.0.1:"+tport)
	})
	t.Run("to a granted host", func(t *testing.T) {
		resp := doHTTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", rport+","+tport)), wire.HTTPRequest{Method: "GET", URL: redir.URL})
		testkit.WantNoError(t, resp.Error)
		if resp.StatusCode != 200 || string(resp.Body) != "ok" {
			t.Fatalf("response %+v", resp)
		}
	})
	t.Run("loop stops after 10", func(t *testing.T) {
		resp := doHTTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", tport)), wire.HTTPRequest{Method: "GET", URL: target.URL + "/loop"})
		if resp.Error == nil || !strings.Contains(resp.Error.Message, "10 redirects") {
			t.Fatalf("want a redirect-limit error, got %+v", resp)
		}
	})
}

func TestHTTPTLS(t *testing.T) {
	p := testkit.TestPKI(t)
	srv := httptest.NewUnstartedServer(testkit.EchoHandler())
	srv.TLS = p.ServerConfig()
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	port := testkit.PortOf(t, srv.Listener.Addr().String())
	g := testkit.NetGrant(testkit.NetRule("127.0.0.1", port))

	resp := doHTTP(t, g, wire.HTTPRequest{Method: "GET", URL: srv.URL + "/ok"}, WithRootCAs(p.Pool))
	testkit.WantNoError(t, resp.Error)
	if resp.StatusCode != 200 || resp.Proto != "HTTP/2.0" {
		t.Fatalf("response %+v", resp)
	}
	// Without the test CA the certificate is not trusted.
	resp = doHTTP(t, g, wire.HTTPRequest{Method: "GET", URL: srv.URL + "/ok"})
	if resp.Error == nil || resp.Error.Type != entities.ErrorTypeNetwork || resp.Error.Code != "TLS_ERROR" {
		t.Fatalf("want TLS_ERROR, got %+v", resp.Error)
	}
}

func TestHTTPDeadline(t *testing.T) {
	srv, port := startHTTP(t)
	g := testkit.NetGrant(testkit.NetRule("127.0.0.1", port))
	for name, wc := range map[string]wire.Context{
		"timeout_ms": {TimeoutMs: 200},
		"deadline":   {Deadline: ptr(time.Now().Add(200 * time.Millisecond))},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			resp := doHTTP(t, g, wire.HTTPRequest{Method: "GET", URL: srv.URL + "/slow", Context: wc})
			if el := time.Since(start); el > 2*time.Second {
				t.Fatalf("deadline not honoured: took %v", el)
			}
			if resp.Error == nil || resp.Error.Type != entities.ErrorTypeTimeout || !resp.Error.IsTimeout {
				t.Fatalf("want a timeout, got %+v", resp.Error)
			}
		})
	}
	resp := doHTTP(t, g, wire.HTTPRequest{Method: "GET", URL: srv.URL + "/ok", Context: wire.Context{Canceled: true}})
	if resp.Error == nil || resp.Error.Type != entities.ErrorTypeTimeout {
		t.Fatalf("a canceled context must not run: %+v", resp)
	}
}

func ptr[T any](v T) *T { return &v }

func TestHTTPBodyCap(t *testing.T) {
	srv, port := startHTTP(t)
	resp := doHTTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.HTTPRequest{Method: "GET", URL: srv.URL + "/big"})
	testkit.WantNoError(t, resp.Error)
	if !resp.BodyTruncated || len(resp.Body) != wire.MaxBodyBytes {
		t.Fatalf("truncated=%v len=%d", resp.BodyTruncated, len(resp.Body))
	}
}

func TestHTTPRebindingRefusedAtDial(t *testing.T) {
	srv, port := startHTTP(t)
	dns := testkit.StartDNS(t, testkit.TestZone)
	url := fmt.Sprintf("http://a.test:%s/ok", port) // a.test resolves to 127.0.0.1
	// The name is granted; the loopback address it resolves to is not.
	resp := doHTTP(t, testkit.NetGrant(testkit.NetRule("*.test", port)), wire.HTTPRequest{Method: "GET", URL: url}, WithResolver(testkit.Resolver(dns)))
	testkit.WantDenied(t, resp.Error, "loopback address")
	// Naming the address as well allows it.
	resp = doHTTP(t, testkit.NetGrant(testkit.NetRule("*.test", port), testkit.NetRule("127.0.0.1,::1", port)), wire.HTTPRequest{Method: "GET", URL: url}, WithResolver(testkit.Resolver(dns)))
	testkit.WantNoError(t, resp.Error)
	if resp.StatusCode != 200 {
		t.Fatalf("response %+v", resp)
	}
	_ = srv
}

func TestHTTPBadRequests(t *testing.T) {
	g := testkit.NetGrant(testkit.NetRule("*", "*"))
	for name, req := range map[string]any{
		"malformed JSON": []byte(`{"method":`),
		"not an object":  []byte(`[1,2]`),
		"bad scheme":     wire.HTTPRequest{Method: "GET", URL: "ftp://example.com/"},
		"no host":        wire.HTTPRequest{Method: "GET", URL: "http:///path"},
		"bad URL":        wire.HTTPRequest{Method: "GET", URL: "http://[::1"},
		"bad method":     wire.HTTPRequest{Method: "GE T", URL: "http://example.com/"},
	} {
		var resp wire.HTTPResponse
		invoke(t, callCtx(cfgWith(WithGrants(g))), httpHostFunc, req, &resp)
		if resp.Error == nil || resp.Error.Type != entities.ErrorTypeValidation {
			t.Errorf("%s: want a validation error, got %+v", name, resp.Error)
		}
	}
}
