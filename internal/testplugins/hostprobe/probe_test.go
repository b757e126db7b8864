package main

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

var (
	wasmOnce sync.Once
	wasmMod  []byte
)

func probeWasm(t testing.TB) []byte {
	t.Helper()
	wasmOnce.Do(func() { wasmMod = plugintest.BuildSDK(t, "./internal/testplugins/hostprobe") })
	if wasmMod == nil {
		t.Fatal("hostprobe did not build")
	}
	return wasmMod
}

// recorder is a scripted host function that keeps the requests it saw.
type recorder struct {
	mu   sync.Mutex
	reqs [][]byte
	resp func(req []byte) []byte
}

func (r *recorder) fn(_ context.Context, req []byte) []byte {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	return r.resp(req)
}

func (r *recorder) last(t testing.TB) map[string]any {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) == 0 {
		t.Fatal("the host function was not called")
	}
	var m map[string]any
	if err := json.Unmarshal(r.reqs[len(r.reqs)-1], &m); err != nil {
		t.Fatalf("request is not JSON: %v: %s", err, r.reqs[len(r.reqs)-1])
	}
	return m
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

func canned(resp string) *recorder {
	return &recorder{resp: func([]byte) []byte { return []byte(resp) }}
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

func TestSmokeHTTPGet(t *testing.T) {
	rec := canned(`{"status_code":200,"headers":{"X":["1"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`)
	p := plugintest.Load(t, probeWasm(t), host.WithHostFunc("http_request", rec.fn))
	r := observe(t, p, map[string]any{"call": "http.get", "url": "https://example.com/x", "timeout_ms": 5000})
	b, _ := json.Marshal(r)
	t.Logf("%s", b)
	t.Logf("req %v", rec.last(t))
}
