package host

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

func TestLogMessage(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx := callCtx(cfgWith(WithLogger(logger)))
	ts := time.Date(2026, 2, 11, 10, 0, 0, 0, time.UTC)
	out := invoke(t, ctx, logHostFunc, wire.LogMessage{
		Timestamp: ts, Level: "WARN", Message: "resolving",
		Attrs: []wire.LogAttr{
			{Key: "hostname", Type: "string", Value: "example.com"},
			{Key: "attempt", Type: "int64", Value: "3"},
			{Key: "ok", Type: "bool", Value: "true"},
			{Key: "ratio", Type: "float64", Value: "0.5"},
			{Key: "at", Type: "time", Value: "2026-02-11T09:00:00Z"},
			{Key: "err", Type: "error", Value: "boom"},
			{Key: "bad", Type: "int64", Value: "x"},
		},
		Context: wire.Context{RequestID: "r1"},
	}, nil)
	if out != nil {
		t.Fatalf("log_message has no response, got %s", out)
	}
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("%s: %v", buf.Bytes(), err)
	}
	want := map[string]any{"time": "2026-02-11T10:00:00Z", "level": "WARN", "msg": "resolving", "hostname": "example.com",
		"attempt": 3.0, "ok": true, "ratio": 0.5, "at": "2026-02-11T09:00:00Z", "err": "boom", "bad": "x", "request_id": "r1"}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("%s = %#v, want %#v", k, rec[k], v)
		}
	}
	// Below the logger's level nothing is written.
	buf.Reset()
	invoke(t, ctx, logHostFunc, wire.LogMessage{Level: "DEBUG", Message: "quiet"}, nil)
	if buf.Len() != 0 {
		t.Fatalf("debug record written: %s", buf.Bytes())
	}
	// Malformed input is ignored (log_message has no response to carry an error).
	if out := logHostFunc(ctx, []byte("{")); out == nil || !strings.Contains(string(out), "validation") {
		t.Logf("malformed log: %s", out)
	}
	if buf.Len() != 0 {
		t.Fatalf("malformed record written: %s", buf.Bytes())
	}
}

func TestHostFuncPanicRecovered(t *testing.T) {
	out := callHostFunc(context.Background(), "http_request", func(context.Context, []byte) []byte { panic("kaboom") }, nil, false)
	var resp wire.HTTPResponse
	if err := json.Unmarshal(out, &resp); err != nil || resp.Error == nil || resp.Error.Type != "internal" ||
		resp.Error.Code != "HOST_PANIC" || !strings.Contains(resp.Error.Message, "kaboom") {
		t.Fatalf("%s %v", out, err)
	}
	// The typed wrapper recovers as well.
	fn := handle("dns_lookup", func(context.Context, *hostCall, *wire.DNSRequest) any { panic("inner") })
	if err := json.Unmarshal(fn(context.Background(), []byte(`{}`)), &resp); err != nil || resp.Error == nil || resp.Error.Code != "HOST_PANIC" {
		t.Fatalf("%v %+v", err, resp.Error)
	}
}
