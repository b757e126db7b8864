package host_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// End-to-end: the real hostprobe and wasiprobe plugins (.wasm) run in the
// local host with grants; the host's real services answer them.

func probe(t testing.TB, g entities.GrantSet, cfg map[string]any, opts ...host.Option) *entities.Result {
	t.Helper()
	p := plugintest.Load(t, testkit.Wasm(t, "./internal/testplugins/hostprobe"), append(opts, host.WithGrants(g))...)
	return observe(t, p, cfg)
}

func observe(t testing.TB, p *host.Plugin, cfg map[string]any) *entities.Result {
	t.Helper()
	b, _ := json.Marshal(cfg)
	r, err := p.Observe(context.Background(), b)
	if err != nil {
		t.Fatalf("Observe(%s): %v", b, err)
	}
	return r
}

func ok(t testing.TB, r *entities.Result) map[string]any {
	t.Helper()
	if r.Status != entities.StatusSuccess {
		b, _ := json.Marshal(r)
		t.Fatalf("want success, got %s", b)
	}
	m, _ := r.Data["response"].(map[string]any)
	return m
}

func TestE2EHTTP(t *testing.T) {
	srv := testkit.StartHTTP(t, nil)
	p := testkit.PortOf(t, srv.Listener.Addr().String())
	t.Run("allowed", func(t *testing.T) {
		resp := ok(t, probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", p)), map[string]any{
			"call": "http.do", "method": "POST", "url": srv.URL + "/echo", "body": "hi",
			"headers": map[string][]string{"X-Test": {"yes"}},
		}))
		if resp["status_code"] != 201.0 || resp["body"] != "hi" || resp["proto"] != "HTTP/1.1" {
			t.Fatalf("%v", resp)
		}
	})
	t.Run("port not granted", func(t *testing.T) {
		testkit.WantDeniedResult(t, probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", "443")), map[string]any{"call": "http.get", "url": srv.URL + "/ok"}),
			"127.0.0.1:"+p+" not granted")
	})
	t.Run("wildcard does not reach loopback", func(t *testing.T) {
		testkit.WantDeniedResult(t, probe(t, testkit.NetGrant(testkit.NetRule("*", "*")), map[string]any{"call": "http.get", "url": srv.URL + "/ok"}), "loopback address")
	})
	t.Run("redirect to a denied host", func(t *testing.T) {
		redir := httptest.NewServer(http.RedirectHandler(srv.URL+"/ok", http.StatusFound))
		defer redir.Close()
		rp := testkit.PortOf(t, redir.Listener.Addr().String())
		testkit.WantDeniedResult(t, probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", rp)), map[string]any{"call": "http.get", "url": redir.URL}), "127.0.0.1:"+p)
	})
	t.Run("body cap", func(t *testing.T) {
		resp := ok(t, probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", p)), map[string]any{"call": "http.get", "url": srv.URL + "/big"}))
		if resp["body_truncated"] != true || resp["body_len"] != float64(10<<20) {
			t.Fatalf("truncated %v len %v", resp["body_truncated"], resp["body_len"])
		}
	})
	t.Run("deadline", func(t *testing.T) {
		r := probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", p)), map[string]any{"call": "http.get", "url": srv.URL + "/slow", "timeout_ms": 200})
		if r.Status != entities.StatusError || r.Data["timeout"] != true {
			b, _ := json.Marshal(r)
			t.Fatalf("want a timeout: %s", b)
		}
	})
}

func TestE2EHTTPS(t *testing.T) {
	pki := testkit.TestPKI(t)
	pool, tlsCfg := pki.Pool, pki.ServerConfig()
	srv := testkit.StartHTTP(t, tlsCfg)
	p := testkit.PortOf(t, srv.Listener.Addr().String())
	resp := ok(t, probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", p)), map[string]any{"call": "http.get", "url": srv.URL + "/ok"}, host.WithRootCAs(pool)))
	if resp["status_code"] != 200.0 || resp["body"] != "ok" {
		t.Fatalf("%v", resp)
	}
}

func TestE2EDNS(t *testing.T) {
	ns := testkit.StartDNS(t, testkit.TestZone)
	nsPort := testkit.PortOf(t, ns)
	g := testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", nsPort))
	resp := ok(t, probe(t, g, map[string]any{"call": "dns.mx", "host": "mail.test", "nameserver": ns}))
	if b, _ := json.Marshal(resp["mx"]); string(b) != `[{"host":"mx1.test.","pref":10},{"host":"mx2.test.","pref":20}]` {
		t.Fatalf("mx %s", b)
	}
	resp = ok(t, probe(t, g, map[string]any{"call": "dns.txt", "host": "mail.test", "nameserver": ns}))
	if b, _ := json.Marshal(resp["records"]); string(b) != `["v=spf1 -all"]` {
		t.Fatalf("txt %s", b)
	}
	r := probe(t, g, map[string]any{"call": "dns.txt", "host": "nope.test", "nameserver": ns})
	if r.Status != entities.StatusError || r.Data["not_found"] != true {
		b, _ := json.Marshal(r)
		t.Fatalf("want not found: %s", b)
	}
	testkit.WantDeniedResult(t, probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", nsPort)), map[string]any{"call": "dns.txt", "host": "mail.test", "nameserver": ns}), "mail.test:53")
	testkit.WantDeniedResult(t, probe(t, testkit.NetGrant(testkit.NetRule("*.test", "53")), map[string]any{"call": "dns.txt", "host": "mail.test", "nameserver": ns}), "127.0.0.1:"+nsPort)
}

func TestE2ETCPAndSMTP(t *testing.T) {
	pki := testkit.TestPKI(t)
	pool, tlsCfg := pki.Pool, pki.ServerConfig()
	_, tp := testkit.StartTCP(t, tlsCfg)
	resp := ok(t, probe(t, testkit.NetGrant(testkit.NetRule("localhost", tp)), map[string]any{"call": "tcp.dial_secure", "host": "localhost", "port": tp, "dial_timeout_ms": 2000}, host.WithRootCAs(pool)))
	if resp["connected"] != true || resp["tls"] != true || resp["tls_cert_subject"] != "CN=localhost" || resp["tls_version"] != "TLS 1.3" {
		t.Fatalf("%v", resp)
	}
	testkit.WantDeniedResult(t, probe(t, testkit.NetGrant(testkit.NetRule("*", "*")), map[string]any{"call": "tcp.dial", "host": "127.0.0.1", "port": tp}), "loopback address")

	sp := testkit.SMTPServer{TLS: tlsCfg}.Start(t)
	resp = ok(t, probe(t, testkit.NetGrant(testkit.NetRule("localhost", sp)), map[string]any{"call": "smtp.connect", "host": "localhost", "port": sp, "starttls": true}, host.WithRootCAs(pool)))
	if resp["connected"] != true || resp["tls"] != true || !strings.HasPrefix(resp["banner"].(string), "220") {
		t.Fatalf("%v", resp)
	}
	testkit.WantDeniedResult(t, probe(t, testkit.NetGrant(testkit.NetRule("localhost", "25")), map[string]any{"call": "smtp.connect", "host": "localhost", "port": sp}), "localhost:"+sp)
}

func TestE2EExec(t *testing.T) {
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	envCmd, err := exec.LookPath("env")
	if err != nil {
		t.Skip("no env")
	}
	g := entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{echo, envCmd}}}
	resp := ok(t, probe(t, g, map[string]any{"call": "exec.run", "command": echo, "args": []string{"hi"}}))
	if resp["stdout"] != "hi\n" || resp["exit_code"] != 0.0 {
		t.Fatalf("%v", resp)
	}
	t.Setenv("REGLET_E2E_SECRET", "x")
	resp = ok(t, probe(t, g, map[string]any{"call": "exec.run", "command": envCmd}))
	if resp["stdout"] != "" {
		t.Fatalf("child environment not empty: %q", resp["stdout"])
	}
	testkit.WantDeniedResult(t, probe(t, g, map[string]any{"call": "exec.run", "command": "/bin/sh", "args": []string{"-c", "id"}}), "exec /bin/sh not granted")
	testkit.WantDeniedResult(t, probe(t, entities.GrantSet{}, map[string]any{"call": "exec.run", "command": echo}), "exec "+filepath.Clean(echo))
}

func TestE2ELog(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ok(t, probe(t, entities.GrantSet{}, map[string]any{"call": "log", "level": "warn", "message": "hello host", "attrs": map[string]any{"n": 3, "s": "x"}}, host.WithLogger(logger)))
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("%s: %v", buf.Bytes(), err)
	}
	if rec["level"] != "WARN" || rec["msg"] != "hello host" || rec["n"] != 3.0 || rec["s"] != "x" {
		t.Fatalf("record %v", rec)
	}
}

func wasiProbe(t testing.TB, g entities.GrantSet, cfg map[string]any) map[string]any {
	t.Helper()
	p := plugintest.Load(t, testkit.Wasm(t, "./internal/testplugins/wasiprobe"), host.WithGrants(g))
	r := observe(t, p, cfg)
	if r.Status != entities.StatusSuccess {
		b, _ := json.Marshal(r)
		t.Fatalf("wasiprobe: %s", b)
	}
	return r.Data
}

func TestE2EEnv(t *testing.T) {
	t.Setenv("REGLET_E2E_A", "1")
	t.Setenv("REGLET_E2E_B", "2")
	t.Setenv("REGLET_SECRET", "s3cr3t")
	cfg := map[string]any{"getenv": []string{"REGLET_E2E_A", "REGLET_E2E_B", "REGLET_SECRET", "HOME"}, "environ": true}
	tests := []struct {
		name string
		vars []string
		want map[string]any
	}{
		{"none", nil, map[string]any{"REGLET_E2E_A": nil, "REGLET_E2E_B": nil, "REGLET_SECRET": nil, "HOME": nil}},
		{"exact", []string{"REGLET_E2E_A"}, map[string]any{"REGLET_E2E_A": "1", "REGLET_E2E_B": nil, "REGLET_SECRET": nil, "HOME": nil}},
		{"prefix", []string{"REGLET_E2E_*"}, map[string]any{"REGLET_E2E_A": "1", "REGLET_E2E_B": "2", "REGLET_SECRET": nil, "HOME": nil}},
		{"all", []string{"*"}, map[string]any{"REGLET_E2E_A": "1", "REGLET_E2E_B": "2", "REGLET_SECRET": "s3cr3t", "HOME": os.Getenv("HOME")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g entities.GrantSet
			if tt.vars != nil {
				g.Env = &entities.EnvCapability{Vars: tt.vars}
			}
			data := wasiProbe(t, g, cfg)
			env := data["env"].(map[string]any)
			for k, v := range tt.want {
				if env[k] != v {
					t.Errorf("%s = %v, want %v", k, env[k], v)
				}
			}
			if tt.vars == nil && data["environ"] != nil && len(data["environ"].([]any)) != 0 {
				t.Errorf("environ %v", data["environ"])
			}
		})
	}
}

func TestE2EFS(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"conf/a.conf", "conf/b.conf", "conf/secret.key", "data/x.txt"} {
		p := filepath.Join(root, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("content of "+f), 0o644)
	}
	out := filepath.Join(root, "out")
	os.MkdirAll(out, 0o755)
	j := func(p string) string { return filepath.Join(root, p) }
	fsg := func(read, write []string) entities.GrantSet {
		return entities.GrantSet{FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: read, Write: write}}}}
	}
	cfg := map[string]any{
		"read":  []string{j("conf/a.conf"), j("conf/b.conf"), j("conf/secret.key"), j("data/x.txt")},
		"list":  []string{j("conf")},
		"write": map[string]string{j("out/w.txt"): "written", j("data/y.txt"): "nope"},
	}
	type want struct {
		readable []string
		listing  string
		written  []string
	}
	tests := []struct {
		name string
		g    entities.GrantSet
		want want
	}{
		{"no grant", entities.GrantSet{}, want{nil, "", nil}},
		{"one file", fsg([]string{j("conf/a.conf")}, nil), want{[]string{"conf/a.conf"}, "a.conf", nil}},
		{"glob", fsg([]string{j("conf/*.conf")}, nil), want{[]string{"conf/a.conf", "conf/b.conf"}, "a.conf,b.conf", nil}},
		{"dir read-only", fsg([]string{j("data"), j("out")}, nil), want{[]string{"data/x.txt"}, "", nil}},
		{"recursive glob", fsg([]string{root + "/**"}, nil), want{[]string{"conf/a.conf", "conf/b.conf", "conf/secret.key", "data/x.txt"}, "a.conf,b.conf,secret.key", nil}},
		{"write dir", fsg([]string{j("conf/a.conf")}, []string{j("out")}), want{[]string{"conf/a.conf"}, "a.conf", []string{"out/w.txt"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(j("out/w.txt"))
			data := wasiProbe(t, tt.g, cfg)
			reads := data["read"].(map[string]any)
			for _, f := range cfg["read"].([]string) {
				rel, _ := filepath.Rel(root, f)
				r := reads[f].(map[string]any)
				shouldRead := slices.Contains(tt.want.readable, rel)
				if shouldRead && r["content"] != "content of "+rel {
					t.Errorf("read %s: %v", rel, r)
				}
				if !shouldRead && r["error"] == nil {
					t.Errorf("read %s should fail, got %v", rel, r)
				}
			}
			list := data["list"].(map[string]any)[j("conf")].(map[string]any)
			var names []string
			for _, n := range asSlice(list["names"]) {
				names = append(names, n.(string))
			}
			if strings.Join(names, ",") != tt.want.listing {
				t.Errorf("listing %v (%v), want %q", names, list["error"], tt.want.listing)
			}
			writes := data["write"].(map[string]any)
			for f := range cfg["write"].(map[string]string) {
				rel, _ := filepath.Rel(root, f)
				w := writes[f].(map[string]any)
				_, statErr := os.Stat(f)
				if slices.Contains(tt.want.written, rel) {
					if w["ok"] != true || statErr != nil {
						t.Errorf("write %s: %v (%v)", rel, w, statErr)
					}
				} else if w["ok"] == true || statErr == nil {
					t.Errorf("write %s should fail: %v", rel, w)
				}
			}
		})
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// BenchmarkE2EHTTP is one observation of the real hostprobe plugin making
// one http_request against a loopback server, grants enforced.
func BenchmarkE2EHTTP(b *testing.B) {
	srv := testkit.StartHTTP(b, nil)
	p := plugintest.Load(b, testkit.Wasm(b, "./internal/testplugins/hostprobe"),
		host.WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", testkit.PortOf(b, srv.Listener.Addr().String())))))
	benchObserve(b, p, map[string]any{"call": "http.get", "url": srv.URL + "/ok"}, entities.StatusSuccess)
}

// benchObserve times observations of cfg, each of which must end with
// status want; the first runs outside the timing (compile and warm up).
func benchObserve(b *testing.B, p *host.Plugin, cfg map[string]any, want entities.Status) {
	raw, _ := json.Marshal(cfg)
	ctx := context.Background()
	if _, err := p.Observe(ctx, raw); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r, err := p.Observe(ctx, raw)
		if err != nil || r.Status != want {
			b.Fatalf("%v %+v", err, r)
		}
	}
}

// BenchmarkE2EDenied is one observation whose http_request is denied by
// the grants (no network I/O): the cost of a round trip plus the check.
func BenchmarkE2EDenied(b *testing.B) {
	p := plugintest.Load(b, testkit.Wasm(b, "./internal/testplugins/hostprobe"), host.WithGrants(testkit.NetGrant(testkit.NetRule("api.example.com", "443"))))
	benchObserve(b, p, map[string]any{"call": "http.get", "url": "https://evil.example.org/"}, entities.StatusError)
}

// A host function that panics answers the guest with an internal error;
// neither the host process nor the instance dies.
func TestE2EHostFuncPanic(t *testing.T) {
	p := plugintest.Load(t, testkit.Wasm(t, "./internal/testplugins/hostprobe"),
		host.WithHostFunc(host.ImportDNSLookup, func(context.Context, []byte) []byte { panic("host bug") }))
	for i := 0; i < 2; i++ {
		r := observe(t, p, map[string]any{"call": "dns.txt", "host": "example.com"})
		if r.Status != entities.StatusError || r.Error == nil || r.Error.Type != entities.ErrorTypeInternal || !strings.Contains(r.Error.Message, "host bug") {
			b, _ := json.Marshal(r)
			t.Fatalf("want an internal error, got %s", b)
		}
	}
}

// Concurrent observations of one plugin, each through the real services.
func TestE2EConcurrent(t *testing.T) {
	srv := testkit.StartHTTP(t, nil)
	p := plugintest.Load(t, testkit.Wasm(t, "./internal/testplugins/hostprobe"),
		host.WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", testkit.PortOf(t, srv.Listener.Addr().String())))))
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				b, _ := json.Marshal(map[string]any{"call": "http.get", "url": srv.URL + "/ok"})
				r, err := p.Observe(context.Background(), b)
				if err != nil || r.Status != entities.StatusSuccess {
					errs <- fmt.Sprintf("%v %+v", err, r)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
