package codec

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// The hand-written encoder must agree with encoding/json byte for byte.
func TestAppendResultMatchesEncodingJSON(t *testing.T) {
	when := time.Date(2026, 2, 11, 10, 0, 0, 123456789, time.UTC)
	type custom struct {
		A int    `json:"a"`
		B string `json:"b,omitempty"`
	}
	cases := []*entities.Result{
		{},
		{Timestamp: when, Status: entities.StatusSuccess, Message: "check passed",
			Data:     map[string]any{"status_code": 200, "url": "https://example.com"},
			Metadata: &entities.RunMetadata{StartTime: when.Add(-time.Second), EndTime: when, SDKVersion: "0.1.0", DurationNs: 23456789}},
		{Timestamp: when, Status: entities.StatusError, Message: "plugin panic: boom",
			Error: &entities.ErrorDetail{Message: "plugin panic: boom", Type: "panic", Stack: []byte("goroutine 1 [running]:\n\tmain.go:1")}},
		{Timestamp: when.In(time.FixedZone("x", 3600)), Status: entities.StatusFailure, Data: map[string]any{}},
		{Timestamp: when, Status: "error", Error: &entities.ErrorDetail{Type: "network", Code: "E", Message: "m",
			Details: map[string]any{"host": "a", "n": 1.5}, IsTimeout: true, IsNotFound: true,
			Wrapped: &entities.ErrorDetail{Message: "inner", Type: "timeout"}},
			Metadata: &entities.RunMetadata{PluginID: "p"}},
		{Status: "success", Data: map[string]any{
			"nil": nil, "t": true, "f": false, "i": -3, "i64": int64(math.MinInt64), "i32": int32(7), "u": uint(9),
			"u64": uint64(math.MaxUint64), "f32": float32(0.1), "tiny": 1e-7, "huge": 1e21, "neg": -2.5e-10, "zero": 0.0,
			"big": 123456789012.0, "list": []any{1, "two", nil, []any{}, map[string]any{"k": "v"}},
			"strs": []string{"a", "<b>"}, "nilstrs": []string(nil), "nilmap": map[string]any(nil), "nillist": []any(nil),
			"struct": custom{A: 1}, "bytes": []byte("hi"), "time": when, "raw": json.RawMessage(`{"x": 1}`),
			"escapes": "quote\" back\\ nl\n cr\r tab\t bs\b ff\f nul\x00 esc\x1b <html> & \u2028\u2029 bad\xff utf8 é 😀",
		}},
	}
	// Random strings over a hostile alphabet.
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "\"", "\\", "\n", "\x01", "<", "&", "é", "\u2028", "\xff", "😀", "\x7f", " "}
	for i := 0; i < 200; i++ {
		var sb strings.Builder
		for j := rng.IntN(12); j > 0; j-- {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := sb.String()
		cases = append(cases, &entities.Result{Timestamp: when, Status: "success", Message: s,
			Data: map[string]any{s: s, "f": rng.NormFloat64() * math.Pow(10, float64(rng.IntN(50)-25))}})
	}
	for i, r := range cases {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("case %d: encoding/json: %v", i, err)
		}
		got, err := AppendResult(nil, r, nil)
		if err != nil {
			t.Fatalf("case %d: AppendResult: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("case %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func TestAppendResultErrors(t *testing.T) {
	for _, r := range []*entities.Result{
		{Data: map[string]any{"x": math.NaN()}},
		{Data: map[string]any{"x": math.Inf(-1)}},
		{Data: map[string]any{"x": []any{float32(math.Inf(1))}}},
		{Data: map[string]any{"x": make(chan int)}},
		{Timestamp: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Error: &entities.ErrorDetail{Details: map[string]any{"f": func() {}}}},
	} {
		if _, wantErr := json.Marshal(r); wantErr == nil {
			t.Fatalf("encoding/json accepted %+v", r)
		}
		if b, err := AppendResult(nil, r, nil); err == nil {
			t.Errorf("AppendResult(%+v) = %s, want an error", r, b)
		}
	}
}

func BenchmarkEncodeResult(b *testing.B) {
	r := entities.ResultSuccess("check passed", map[string]any{"status_code": 200, "url": "https://example.com"})
	r.Metadata = &entities.RunMetadata{StartTime: r.Timestamp, EndTime: r.Timestamp, SDKVersion: "0.1.0", DurationNs: 1234}
	b.Run("AppendResult", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for i := 0; i < b.N; i++ {
			buf, _ = AppendResult(buf[:0], r, nil)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			json.Marshal(r)
		}
	})
}
