package host_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// Every port end to end, allowed and denied, in both host dialects: the
// compiled hostprobe plugin (and examples/checks, and a panicking plugin)
// in the local host answering as the Reglet CLI (W) and as
// reglet-host-sdk v0.1.5 (H), against loopback servers. A regression in
// either dialect fails here. Where the dialects differ on purpose, the
// test says so: H cannot take a tcp_connect or smtp_connect from this SDK
// (its handler wants a numeric port, which the SDK never sends so that
// H's grant check is never skipped) and answers with its validation
// error, which the plugin sees as a validation error carrying H's message.

var dialects = []host.Dialect{host.DialectW, host.DialectH}

// wantDenial checks a capability denial in dialect d: W's message starts
// "permission denied", H's is its checker's text; both mention what.
func wantDenial(t testing.TB, d host.Dialect, r *entities.Result, what string) {
	t.Helper()
	b, _ := json.Marshal(r)
	// H's own filter of restricted addresses keeps its code, SSRF_BLOCKED.
	code := r.Error != nil && (r.Error.Code == "CAPABILITY_DENIED" || (d == host.DialectH && r.Error.Code == "SSRF_BLOCKED"))
	if r.Status != entities.StatusError || r.Error == nil || r.Error.Type != entities.ErrorTypeCapability ||
		!code || r.Data["capability"] != true || !strings.Contains(r.Error.Message, what) {
		t.Fatalf("%s: want a capability denial mentioning %q, got %s", d, what, b)
	}
	if d == host.DialectW && !strings.Contains(r.Error.Message, "permission denied") {
		t.Fatalf("W denial without 'permission denied': %s", b)
	}
}

// wantHValidation checks H's refusal of a request with a string port.
func wantHValidation(t testing.TB, r *entities.Result) {
	t.Helper()
	b, _ := json.Marshal(r)
	if r.Status != entities.StatusError || r.Error == nil || r.Error.Type != entities.ErrorTypeValidation ||
		!strings.Contains(r.Error.Message, "failed to unmarshal request") || r.Data["capability"] != false || r.Data["host_response"] != false {
		t.Fatalf("want H's validation error, got %s", b)
	}
}

func TestE2EDialects(t *testing.T) {
	pki := testkit.TestPKI(t)
	pool, tlsCfg := pki.Pool, pki.ServerConfig()
	srv := testkit.StartHTTP(t, nil)
	hp := testkit.PortOf(t, srv.Listener.Addr().String())
	tlsSrv := testkit.StartHTTP(t, tlsCfg)
	tlsPort := testkit.PortOf(t, tlsSrv.Listener.Addr().String())
	ns := testkit.StartDNS(t, testkit.TestZone)
	nsPort := testkit.PortOf(t, ns)
	_, tp := testkit.StartTCP(t, tlsCfg)
	sp := testkit.SMTPServer{TLS: tlsCfg}.Start(t)
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	// One Host for every case: the module is compiled once.
	h := plugintest.NewHost(t)
	wasm := testkit.Wasm(t, "./internal/testplugins/hostprobe")
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) {
			run := func(g entities.GrantSet, cfg map[string]any, opts ...host.Option) *entities.Result {
				t.Helper()
				ctx := context.Background()
				p, err := h.Load(ctx, wasm, append(opts, host.WithDialect(d), host.WithRootCAs(pool), host.WithGrants(g))...)
				if err != nil {
					t.Fatal(err)
				}
				defer p.Close(ctx)
				return observe(t, p, cfg)
			}
			httpGrant := testkit.NetGrant(testkit.NetRule("127.0.0.1", hp))
			t.Run("http", func(t *testing.T) {
				resp := ok(t, run(httpGrant, map[string]any{"call": "http.get", "url": srv.URL + "/ok"}))
				if resp["status_code"] != 200.0 || resp["body"] != "ok" {
					t.Fatalf("%v", resp)
				}
				resp = ok(t, run(httpGrant, map[string]any{"call": "http.do", "method": "POST", "url": srv.URL + "/echo", "body": "hi",
					"headers": map[string][]string{"X-Test": {"yes"}}}))
				h, _ := resp["headers"].(map[string]any)
				if resp["status_code"] != 201.0 || resp["body"] != "hi" || h["X-Got-Header"].([]any)[0] != "yes" {
					t.Fatalf("%v", resp)
				}
				resp = ok(t, run(httpGrant, map[string]any{"call": "http.post", "url": srv.URL + "/echo", "content_type": "text/plain", "body": "x"}))
				if resp["status_code"] != 201.0 || resp["body"] != "x" {
					t.Fatalf("%v", resp)
				}
				resp = ok(t, run(testkit.NetGrant(testkit.NetRule("127.0.0.1", tlsPort)), map[string]any{"call": "http.get", "url": tlsSrv.URL + "/ok"}))
				if resp["status_code"] != 200.0 || resp["proto"] == "" {
					t.Fatalf("https %v", resp)
				}
			})
			t.Run("http denied", func(t *testing.T) {
				wantDenial(t, d, run(testkit.NetGrant(testkit.NetRule("127.0.0.1", "443")), map[string]any{"call": "http.get", "url": srv.URL + "/ok"}), "127.0.0.1:"+hp)
				wantDenial(t, d, run(testkit.NetGrant(testkit.NetRule("127.0.0.1", "443")), map[string]any{"call": "http.do", "method": "GET", "url": srv.URL + "/ok",
					"headers": map[string][]string{"X-Test": {"yes"}}}), "127.0.0.1:"+hp)
				// A wildcard passes the name check; the restricted
				// address is refused when dialled (H: SSRF_BLOCKED).
				wantDenial(t, d, run(testkit.NetGrant(testkit.NetRule("*", "*")), map[string]any{"call": "http.get", "url": srv.URL + "/ok"}), "loopback")
			})
			t.Run("http deadline", func(t *testing.T) {
				start := time.Now()
				r := run(httpGrant, map[string]any{"call": "http.get", "url": srv.URL + "/slow", "timeout_ms": 200})
				if r.Status != entities.StatusError || r.Data["timeout"] != true || time.Since(start) > 2500*time.Millisecond {
					b, _ := json.Marshal(r)
					t.Fatalf("want a timeout well before the server's 3 s: %s after %v", b, time.Since(start))
				}
			})
			t.Run("dns", func(t *testing.T) {
				g := testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", nsPort))
				resp := ok(t, run(g, map[string]any{"call": "dns.mx", "host": "mail.test", "nameserver": ns}))
				if b, _ := json.Marshal(resp["mx"]); string(b) != `[{"host":"mx1.test.","pref":10},{"host":"mx2.test.","pref":20}]` {
					t.Fatalf("mx %s", b)
				}
				resp = ok(t, run(g, map[string]any{"call": "dns.txt", "host": "mail.test", "nameserver": ns}))
				if b, _ := json.Marshal(resp["records"]); string(b) != `["v=spf1 -all"]` {
					t.Fatalf("txt %s", b)
				}
				r := run(g, map[string]any{"call": "dns.txt", "host": "nope.test", "nameserver": ns})
				if r.Status != entities.StatusError || r.Data["not_found"] != true || r.Data["capability"] != false {
					b, _ := json.Marshal(r)
					t.Fatalf("want not found: %s", b)
				}
				wantDenial(t, d, run(testkit.NetGrant(testkit.NetRule("127.0.0.1", nsPort)), map[string]any{"call": "dns.txt", "host": "mail.test", "nameserver": ns}), "mail.test:53")
			})
			t.Run("tcp", func(t *testing.T) {
				r := run(testkit.NetGrant(testkit.NetRule("localhost", tp)), map[string]any{"call": "tcp.dial_secure", "host": "localhost", "port": tp, "dial_timeout_ms": 2000})
				if d == host.DialectH {
					wantHValidation(t, r)
				} else if resp := ok(t, r); resp["connected"] != true || resp["tls"] != true || resp["tls_cert_subject"] != "CN=localhost" {
					t.Fatalf("%v", resp)
				}
				wantDenial(t, d, run(testkit.NetGrant(testkit.NetRule("localhost", "1")), map[string]any{"call": "tcp.dial", "host": "localhost", "port": tp}), "localhost:"+tp)
			})
			t.Run("smtp", func(t *testing.T) {
				r := run(testkit.NetGrant(testkit.NetRule("localhost", sp)), map[string]any{"call": "smtp.connect", "host": "localhost", "port": sp, "starttls": true})
				if d == host.DialectH {
					wantHValidation(t, r)
				} else if resp := ok(t, r); resp["connected"] != true || resp["tls"] != true || !strings.HasPrefix(resp["banner"].(string), "220") {
					t.Fatalf("%v", resp)
				}
				wantDenial(t, d, run(testkit.NetGrant(testkit.NetRule("localhost", "25")), map[string]any{"call": "smtp.connect", "host": "localhost", "port": sp}), "localhost:"+sp)
			})
			t.Run("exec", func(t *testing.T) {
				g := entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{echo}}}
				resp := ok(t, run(g, map[string]any{"call": "exec.run", "command": echo, "args": []string{"hi"}, "exec_timeout_ms": 5000}))
				if resp["stdout"] != "hi\n" || resp["exit_code"] != 0.0 {
					t.Fatalf("%v", resp)
				}
				wantDenial(t, d, run(g, map[string]any{"call": "exec.run", "command": "/bin/sh", "args": []string{"-c", "id"}}), "/bin/sh")
				wantDenial(t, d, run(entities.GrantSet{}, map[string]any{"call": "exec.run", "command": echo}), echo)
			})
			t.Run("log", func(t *testing.T) {
				var buf bytes.Buffer
				logger := slog.New(slog.NewJSONHandler(&buf, nil))
				ok(t, run(entities.GrantSet{}, map[string]any{"call": "log", "level": "warn", "message": "hello host"}, host.WithLogger(logger)))
				if !strings.Contains(buf.String(), `"msg":"hello host"`) {
					t.Fatalf("log %s", buf.String())
				}
			})
			t.Run("metadata", func(t *testing.T) {
				r := run(entities.GrantSet{}, map[string]any{"call": "noop"})
				md := r.Metadata
				if md == nil || md.EndTime.Before(md.StartTime) || md.DurationNs < 0 || r.Timestamp.IsZero() {
					t.Fatalf("metadata %+v", md)
				}
				// H gives the guest wazero's fake clock (2022).
				if fake := md.StartTime.Year() == 2022; fake != (d == host.DialectH) {
					t.Fatalf("%s: start time %v", d, md.StartTime)
				}
			})
		})
	}
}

// The deadline reaches the host as a relative timeout_ms; under H's fake
// clock the absolute deadline (in 2022) is left out.
func TestE2EDialectDeadlineOnTheWire(t *testing.T) {
	h := plugintest.NewHost(t)
	wasm := testkit.Wasm(t, "./internal/testplugins/hostprobe")
	for _, d := range dialects {
		var mu sync.Mutex
		var got []byte
		capture := func(_ context.Context, req []byte) []byte {
			mu.Lock()
			got = append([]byte(nil), req...)
			mu.Unlock()
			return []byte(`{"status_code":204}`)
		}
		p, err := h.Load(context.Background(), wasm, host.WithDialect(d), host.WithHostFunc(host.ImportHTTPRequest, capture))
		if err != nil {
			t.Fatal(err)
		}
		ok(t, observe(t, p, map[string]any{"call": "http.get", "url": "http://x.test/", "timeout_ms": 60000}))
		p.Close(context.Background())
		var req struct {
			TimeoutMs int64 `json:"timeout_ms"`
			Context   struct {
				Deadline  *time.Time `json:"deadline"`
				TimeoutMs int64      `json:"timeout_ms"`
			} `json:"context"`
		}
		if err := json.Unmarshal(got, &req); err != nil {
			t.Fatalf("%s: %s: %v", d, got, err)
		}
		if req.TimeoutMs < 50000 || req.TimeoutMs > 60000 || req.Context.TimeoutMs != req.TimeoutMs {
			t.Fatalf("%s: timeouts in %s", d, got)
		}
		if (req.Context.Deadline == nil) != (d == host.DialectH) {
			t.Fatalf("%s: deadline in %s", d, got)
		}
	}
}

// A panic in a plugin is an error Result and the instance stays usable, in
// both dialects.
func TestE2EDialectPanic(t *testing.T) {
	h := plugintest.NewHost(t)
	wasm := testkit.Wasm(t, "./internal/testplugins/panics")
	for _, d := range dialects {
		p, err := h.Load(context.Background(), wasm, host.WithDialect(d))
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close(context.Background())
		for i := 0; i < 2; i++ {
			r := observe(t, p, map[string]any{"do": "panic", "value": "boom"})
			if r.Status != entities.StatusError || r.Error == nil || r.Error.Type != entities.ErrorTypePanic {
				b, _ := json.Marshal(r)
				t.Fatalf("%s: %s", d, b)
			}
			if r := observe(t, p, map[string]any{"do": "fine"}); r.Status != entities.StatusSuccess {
				t.Fatalf("%s: instance unusable after a panic: %+v", d, r)
			}
		}
	}
}

// examples/checks in both dialects: the same results, except tcp and smtp,
// which H refuses with its validation error.
func TestE2EDialectExamplesChecks(t *testing.T) {
	pki := testkit.TestPKI(t)
	pool, tlsCfg := pki.Pool, pki.ServerConfig()
	srv := testkit.StartHTTP(t, nil)
	hp := testkit.PortOf(t, srv.Listener.Addr().String())
	ns := testkit.StartDNS(t, testkit.TestZone)
	_, tp := testkit.StartTCP(t, tlsCfg)
	sp := testkit.SMTPServer{TLS: tlsCfg}.Start(t)
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	g := entities.GrantSet{
		Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{testkit.NetRule("127.0.0.1", hp+","+testkit.PortOf(t, ns)),
			testkit.NetRule("localhost", tp+","+sp), testkit.NetRule("*.test", "53")}},
		Exec: &entities.ExecCapability{Commands: []string{echo}},
	}
	cases := []struct {
		name   string
		cfg    map[string]any
		status entities.Status
		hDiff  bool // H refuses it (string port)
	}{
		{"http", map[string]any{"operation": "http", "url": srv.URL + "/ok", "expected_body_contains": "ok"}, entities.StatusSuccess, false},
		{"http failure", map[string]any{"operation": "http", "url": srv.URL + "/ok", "expected_status": 204}, entities.StatusFailure, false},
		{"http denied", map[string]any{"operation": "http", "url": "http://127.0.0.1:1/"}, entities.StatusError, false},
		{"dns", map[string]any{"operation": "dns", "hostname": "mail.test", "record_type": "TXT", "nameserver": ns}, entities.StatusSuccess, false},
		{"command", map[string]any{"operation": "command", "command": echo, "args": []string{"active"}, "expected_stdout_contains": "active"}, entities.StatusSuccess, false},
		{"command denied", map[string]any{"operation": "command", "command": "/bin/sh", "args": []string{"-c", "id"}}, entities.StatusError, false},
		{"tcp", map[string]any{"operation": "tcp", "host": "localhost", "port": tp, "tls": true}, entities.StatusSuccess, true},
		{"smtp", map[string]any{"operation": "smtp", "host": "localhost", "port": sp, "starttls": true}, entities.StatusSuccess, true},
	}
	results := map[host.Dialect][]*entities.Result{}
	h := plugintest.NewHost(t)
	wasm := testkit.Wasm(t, "./examples/checks")
	for _, d := range dialects {
		p, err := h.Load(context.Background(), wasm, host.WithDialect(d), host.WithGrants(g), host.WithRootCAs(pool))
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close(context.Background())
		for _, c := range cases {
			results[d] = append(results[d], observe(t, p, c.cfg))
		}
	}
	for i, c := range cases {
		w, h := results[host.DialectW][i], results[host.DialectH][i]
		bw, _ := json.Marshal(w)
		bh, _ := json.Marshal(h)
		if w.Status != c.status {
			t.Errorf("%s in W: %s", c.name, bw)
			continue
		}
		if c.hDiff {
			if h.Status != entities.StatusError || h.Error == nil || h.Error.Type != entities.ErrorTypeValidation ||
				!strings.Contains(h.Error.Message, "failed to unmarshal request") {
				t.Errorf("%s in H: want H's validation error, got %s", c.name, bh)
			}
			continue
		}
		if h.Status != w.Status || (w.Error == nil) != (h.Error == nil) || (w.Error != nil && (w.Error.Type != h.Error.Type || w.Error.Code != h.Error.Code)) {
			t.Errorf("%s differs:\n W %s\n H %s", c.name, bw, bh)
		}
	}
}
