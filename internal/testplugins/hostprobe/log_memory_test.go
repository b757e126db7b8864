//go:build !wasip1

package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

type hostLogRecord struct {
	Timestamp time.Time `json:"timestamp"`
	Level     string    `json:"level"`
	Message   string    `json:"message"`
	Attrs     []struct {
		Key, Type, Value string
	} `json:"attrs"`
	Context map[string]any `json:"context"`
}

func TestLogRecord(t *testing.T) {
	rec := &recorder{resp: func([]byte) []byte { return nil }}
	in := instance(t, host.WithHostFunc(host.ImportLogMessage, rec.fn))
	resp := wantSuccess(t, observeOn(t, in, map[string]any{
		"call": "log", "level": "warn", "message": "resolving", "group": "probe", "typed": true,
		"attrs": map[string]any{"hostname": "example.com"}, "timeout_ms": 60000,
	}))
	if resp["logged"] != true {
		t.Fatalf("logged = %v", resp["logged"])
	}
	if rec.count() != 1 {
		t.Fatalf("log_message called %d times, want 1", rec.count())
	}
	var r hostLogRecord
	if err := json.Unmarshal(rec.reqs[0], &r); err != nil {
		t.Fatalf("%v: %s", err, rec.reqs[0])
	}
	if r.Level != "WARN" || r.Message != "resolving" || time.Since(r.Timestamp) > time.Minute {
		t.Errorf("record %s", rec.reqs[0])
	}
	if r.Context["deadline"] == nil || r.Context["timeout_ms"] == nil {
		t.Errorf("context %v lacks the handler's deadline", r.Context)
	}
	got := map[string][2]string{}
	for _, a := range r.Attrs {
		got[a.Key] = [2]string{a.Type, a.Value}
	}
	want := map[string][2]string{
		"probe.hostname":   {"string", "example.com"},
		"probe.t":          {"time", "2026-02-11T10:00:00Z"},
		"probe.err":        {"error", "boom"},
		"probe.dur":        {"any", "1.5s"},
		"probe.u":          {"int64", "4294967295"},
		"probe.f":          {"float64", "0.5"},
		"probe.obj":        {"any", "{A:7}"},
		"probe.g.nested.k": {"string", "v"},
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("attr %s = %v, want %v (record %s)", k, got[k], v, rec.reqs[0])
		}
	}
	if len(got) != len(want) {
		t.Errorf("attrs %v, want exactly %v", got, want)
	}

	// int64 and bool attributes.
	wantSuccess(t, observeOn(t, in, map[string]any{"call": "log", "message": "n", "attrs": map[string]any{"attempt": 3, "ok": true}}))
	var r2 hostLogRecord
	json.Unmarshal(rec.reqs[1], &r2)
	if r2.Level != "INFO" || len(r2.Attrs) != 2 {
		t.Fatalf("record %s", rec.reqs[1])
	}
	for _, a := range r2.Attrs {
		if (a.Key == "attempt" && (a.Type != "int64" || a.Value != "3")) || (a.Key == "ok" && (a.Type != "bool" || a.Value != "true")) {
			t.Errorf("attr %+v", a)
		}
	}
	if _, ok := r2.Context["deadline"]; ok {
		t.Errorf("context %v has a deadline the handler did not have", r2.Context)
	}

	// Below the level: no host call at all. Then lower the level.
	wantSuccess(t, observeOn(t, in, map[string]any{"call": "log", "level": "debug", "message": "hidden"}))
	if rec.count() != 2 {
		t.Fatalf("a disabled DEBUG record reached the host")
	}
	wantSuccess(t, observeOn(t, in, map[string]any{"call": "log", "level": "debug", "message": "shown", "min_level": "debug"}))
	if rec.count() != 3 {
		t.Fatalf("a DEBUG record after SetLevel(DEBUG) did not reach the host")
	}
	var r3 hostLogRecord
	json.Unmarshal(rec.reqs[2], &r3)
	if r3.Level != "DEBUG" || r3.Message != "shown" {
		t.Errorf("record %s", rec.reqs[2])
	}
}

// TestLogTooLarge: a record over the host's 1 MiB limit arrives shortened.
func TestLogTooLarge(t *testing.T) {
	rec := &recorder{resp: func([]byte) []byte { return nil }}
	in := instance(t, host.WithHostFunc(host.ImportLogMessage, rec.fn))
	wantSuccess(t, observeOn(t, in, map[string]any{"call": "log", "message": strings.Repeat("x", 2<<20), "attrs": map[string]any{"k": "v"}}))
	if rec.count() != 1 {
		t.Fatalf("log_message called %d times", rec.count())
	}
	var r hostLogRecord
	if err := json.Unmarshal(rec.reqs[0], &r); err != nil {
		t.Fatal(err)
	}
	last := r.Attrs[len(r.Attrs)-1]
	if len(rec.reqs[0]) > 1<<20 || !strings.HasSuffix(r.Message, "…") || last.Key != "log.truncated" {
		t.Errorf("record of %d bytes, message %d bytes, last attr %+v", len(rec.reqs[0]), len(r.Message), last)
	}
}

// TestMemoryStable: 20,000 HTTP calls on one pooled instance do not grow its
// linear memory by more than 1 MiB after warm-up.
func TestMemoryStable(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	body := []byte(strings.Repeat("0123456789abcdef", 64)) // 1 KiB
	resp, _ := json.Marshal(map[string]any{"status_code": 200, "headers": map[string][]string{"Content-Type": {"application/octet-stream"}}, "body": body})
	in := instance(t, host.WithHostFunc(host.ImportHTTPRequest, canned(string(resp)).fn))
	cfg := map[string]any{"call": "http.post", "url": "https://example.com/upload", "content_type": "application/json", "body": `{"probe":"memory"}`, "timeout_ms": 30000}
	for i := 0; i < 1000; i++ {
		wantSuccess(t, observeOn(t, in, cfg))
	}
	warm := in.MemorySize()
	start := time.Now()
	for i := 0; i < 20000; i++ {
		r := observeOn(t, in, cfg)
		if r.Status != "success" {
			t.Fatalf("call %d: %s", i, r.Status)
		}
	}
	end := in.MemorySize()
	t.Logf("linear memory after warm-up %d KiB, after 20,000 more calls %d KiB (%.1f µs per observe)", warm>>10, end>>10,
		float64(time.Since(start).Microseconds())/20000)
	if end > warm+1<<20 {
		t.Fatalf("memory grew from %d to %d bytes over 20,000 calls", warm, end)
	}
}
