//go:build !wasip1

package main

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// probeWasm is the hostprobe plugin built to .wasm (once per process).
func probeWasm(t testing.TB) []byte { return testkit.Wasm(t, "./internal/testplugins/hostprobe") }

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

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

func canned(resp string) *recorder {
	return &recorder{resp: func([]byte) []byte { return []byte(resp) }}
}

// instance is one pooled instance, so a test can show that it keeps working.
func instance(t testing.TB, opts ...host.Option) *host.Instance {
	t.Helper()
	p := plugintest.Load(t, probeWasm(t), opts...)
	in, err := p.NewInstance(context.Background())
	if err != nil {
		t.Fatalf("NewInstance: %v", err)
	}
	t.Cleanup(func() { in.Close(context.Background()) })
	return in
}

func observeOn(t testing.TB, in *host.Instance, cfg map[string]any) *entities.Result {
	t.Helper()
	b, _ := json.Marshal(cfg)
	out, err := in.ObserveJSON(context.Background(), b)
	if err != nil {
		t.Fatalf("ObserveJSON(%s): %v (the guest trapped or returned garbage)", b, err)
	}
	var r entities.Result
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("result is not JSON: %v: %s", err, out)
	}
	return &r
}

func wantSuccess(t testing.TB, r *entities.Result) map[string]any {
	t.Helper()
	if r.Status != entities.StatusSuccess {
		b, _ := json.Marshal(r)
		t.Fatalf("status %s, want success: %s", r.Status, b)
	}
	resp, _ := r.Data["response"].(map[string]any)
	return resp
}

func wantError(t testing.TB, r *entities.Result, classes ...string) {
	t.Helper()
	b, _ := json.Marshal(r)
	if r.Status != entities.StatusError || r.Error == nil {
		t.Fatalf("status %s, want error: %s", r.Status, b)
	}
	got, _ := r.Data["classes"].([]any)
	var gs []string
	for _, c := range got {
		gs = append(gs, c.(string))
	}
	if strings.Join(gs, ",") != strings.Join(classes, ",") {
		t.Fatalf("error classes %v, want %v: %s", gs, classes, b)
	}
}
