package hostcompat

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-abi/hostfunc"
	hostlib "github.com/reglet-dev/reglet-host-sdk"
	hhost "github.com/reglet-dev/reglet-host-sdk/host"

	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// The SDK's hostprobe test plugin (internal/testplugins/hostprobe), built
// to wasm, in the real reglet-host-sdk v0.1.5 executor: its
// NetworkBundle, ExecBundle and SMTPBundle behind its
// CapabilityMiddleware, with the plugin's name in the call's context (as
// an embedder sets it) and grants registered for that name.

const pluginName = "hostprobe"

type realH struct {
	inst *hhost.PluginInstance
}

func newRealH(t *testing.T, grants string) *realH {
	t.Helper()
	return loadRealH(t, "./internal/testplugins/hostprobe", grants)
}

// loadRealH builds the plugin package pkg (a path in the SDK's module) and
// loads it in a fresh reglet-host-sdk executor that grants grants (a
// GrantSet in JSON) to the plugin named pluginName.
func loadRealH(t *testing.T, pkg, grants string) *realH {
	t.Helper()
	var g hostfunc.GrantSet
	if err := json.Unmarshal([]byte(grants), &g); err != nil {
		t.Fatal(err)
	}
	checker := hostlib.NewCapabilityChecker(map[string]*hostfunc.GrantSet{pluginName: &g})
	reg, err := hostlib.NewRegistry(
		hostlib.WithMiddleware(hostlib.PanicRecoveryMiddleware(), hostlib.CapabilityMiddleware(checker)),
		hostlib.WithBundle(hostlib.NetworkBundle()),
		hostlib.WithBundle(hostlib.ExecBundle()),
		hostlib.WithBundle(hostlib.SMTPBundle()),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ex, err := hhost.NewExecutor(ctx, hhost.WithHostFunctions(reg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ex.Close(ctx) })
	wasm := plugintest.Build(t, "..", pkg)
	inst, err := ex.LoadPlugin(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	return &realH{inst: inst}
}

// observe runs one observation and returns the Result as JSON-decoded
// data (status, data, error, metadata).
func (h *realH) observe(t *testing.T, cfg map[string]any) map[string]any {
	t.Helper()
	ctx := hostlib.WithCapabilityPluginName(context.Background(), pluginName)
	res, err := h.inst.Check(ctx, cfg)
	if err != nil {
		t.Fatalf("Check(%v): %v", cfg, err)
	}
	b, _ := json.Marshal(res)
	var m map[string]any
	json.Unmarshal(b, &m)
	t.Logf("%v -> %s", cfg["call"], b)
	return m
}

func data(m map[string]any) map[string]any { d, _ := m["data"].(map[string]any); return d }

func response(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	if m["status"] != "success" {
		t.Fatalf("want success, got %v", m)
	}
	r, _ := data(m)["response"].(map[string]any)
	return r
}

// wantClass checks an error Result: its errors.Is classes and a message
// fragment.
func wantClass(t *testing.T, m map[string]any, classes, msg string) {
	t.Helper()
	d := data(m)
	got, _ := json.Marshal(d["classes"])
	if m["status"] != "error" || string(got) != classes || !strings.Contains(d["error"].(string), msg) {
		t.Fatalf("want error classes %s mentioning %q, got %v", classes, msg, m)
	}
}

func testServer(t *testing.T) (*httptest.Server, string, *atomic.Int32) {
	var slowHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Got-Header", r.Header.Get("X-Test"))
		w.Header().Set("X-Got-Accept", r.Header.Get("Accept"))
		w.WriteHeader(http.StatusCreated)
		w.Write(body)
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		slowHits.Add(1)
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return srv, port, &slowHits
}

func TestRealHostSDK(t *testing.T) {
	srv, port, slowHits := testServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, tcpPort, _ := net.SplitHostPort(ln.Addr().String())
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	// Port 0 on 127.0.0.1 lifts H's private-address filter for the plugin.
	h := newRealH(t, `{"network":{"rules":[{"hosts":["127.0.0.1"],"ports":["0","`+port+`","`+tcpPort+`"]}]},
		"exec":{"commands":["`+echo+`"]}}`)

	t.Run("http get", func(t *testing.T) {
		r := response(t, h.observe(t, map[string]any{"call": "http.get", "url": srv.URL + "/ok"}))
		if r["status_code"] != 200.0 || r["body"] != "ok" {
			t.Fatalf("%v", r)
		}
	})
	t.Run("http headers", func(t *testing.T) {
		r := response(t, h.observe(t, map[string]any{"call": "http.do", "method": "POST", "url": srv.URL + "/echo", "body": "hi",
			"headers": map[string][]string{"X-Test": {"yes"}, "Accept": {"text/plain", "application/json"}}}))
		hd, _ := r["headers"].(map[string]any)
		if r["status_code"] != 201.0 || r["body"] != "hi" || hd["X-Got-Header"].([]any)[0] != "yes" ||
			hd["X-Got-Accept"].([]any)[0] != "text/plain, application/json" {
			t.Fatalf("%v", r)
		}
	})
	t.Run("http post content type", func(t *testing.T) {
		r := response(t, h.observe(t, map[string]any{"call": "http.post", "url": srv.URL + "/echo", "content_type": "text/plain", "body": "x"}))
		if r["status_code"] != 201.0 || r["body"] != "x" {
			t.Fatalf("%v", r)
		}
	})
	t.Run("http denied", func(t *testing.T) {
		wantClass(t, h.observe(t, map[string]any{"call": "http.get", "url": "http://127.0.0.1:1/ok"}), `["capability"]`,
			"network capability denied: 127.0.0.1:1")
	})
	t.Run("http denied with headers", func(t *testing.T) {
		wantClass(t, h.observe(t, map[string]any{"call": "http.do", "method": "GET", "url": "http://127.0.0.1:1/ok",
			"headers": map[string][]string{"X-Test": {"yes"}}}), `["capability"]`, "network capability denied: 127.0.0.1:1")
	})
	t.Run("deadline travels as timeout_ms", func(t *testing.T) {
		start := time.Now()
		m := h.observe(t, map[string]any{"call": "http.get", "url": srv.URL + "/slow", "timeout_ms": 300})
		if took := time.Since(start); took > 2500*time.Millisecond {
			t.Fatalf("the host did not honour the deadline: %v", took)
		}
		if slowHits.Load() == 0 {
			t.Fatalf("the request never reached the server: %v", m)
		}
		if d := data(m); m["status"] != "error" || d["timeout"] != true {
			t.Fatalf("want a timeout, got %v", m)
		}
	})
	t.Run("tcp string port refused by H's handler", func(t *testing.T) {
		m := h.observe(t, map[string]any{"call": "tcp.dial", "host": "127.0.0.1", "port": tcpPort})
		wantClass(t, m, `[]`, "failed to unmarshal request")
		if e, _ := m["error"].(map[string]any); e["type"] != "validation" {
			t.Fatalf("want a validation error, got %v", m)
		}
	})
	t.Run("tcp denied", func(t *testing.T) {
		wantClass(t, h.observe(t, map[string]any{"call": "tcp.dial", "host": "127.0.0.1", "port": "2"}), `["capability"]`,
			"network capability denied: 127.0.0.1:2")
	})
	t.Run("smtp string port refused by H's handler", func(t *testing.T) {
		m := h.observe(t, map[string]any{"call": "smtp.connect", "host": "127.0.0.1", "port": tcpPort, "starttls": true})
		wantClass(t, m, `[]`, "failed to unmarshal request")
	})
	t.Run("exec", func(t *testing.T) {
		r := response(t, h.observe(t, map[string]any{"call": "exec.run", "command": echo, "args": []string{"hi"}, "exec_timeout_ms": 5000}))
		if r["stdout"] != "hi\n" || r["exit_code"] != 0.0 {
			t.Fatalf("%v", r)
		}
	})
	t.Run("exec denied", func(t *testing.T) {
		wantClass(t, h.observe(t, map[string]any{"call": "exec.run", "command": "/bin/cat"}), `["capability"]`,
			"exec capability denied: /bin/cat")
		wantClass(t, h.observe(t, map[string]any{"call": "exec.run", "command": "/bin/sh", "args": []string{"-c", "id"}}), `["capability"]`,
			"requires 'exec:/bin/sh' capability")
	})
	t.Run("metadata under the fake clock", func(t *testing.T) {
		m := h.observe(t, map[string]any{"call": "noop"})
		md, _ := m["metadata"].(map[string]any)
		start, err1 := time.Parse(time.RFC3339Nano, md["start_time"].(string))
		end, err2 := time.Parse(time.RFC3339Nano, md["end_time"].(string))
		if err1 != nil || err2 != nil || end.Before(start) || md["duration_ns"].(float64) < 0 {
			t.Fatalf("metadata %v", md)
		}
	})
}
