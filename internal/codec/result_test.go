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

// TestAppendTimeMatchesMarshalJSON checks appendTime's UTC writer against
// time.Time.MarshalJSON at the edges (the epoch, leap days, century and
// 400-year leap rules, the last second of year 9999, every fraction
// length) and at random instants, and that other zones and years still
// take the general path.
func TestAppendTimeMatchesMarshalJSON(t *testing.T) {
	times := []time.Time{
		time.Unix(0, 0).UTC(),
		time.Unix(0, 1).UTC(),
		time.Date(2000, 2, 29, 23, 59, 59, 999999999, time.UTC),
		time.Date(1900+200, 2, 28, 12, 0, 0, 100, time.UTC),
		time.Date(2100, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2400, 2, 29, 1, 2, 3, 120000000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 5, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 29, 4, 5, 6, 7, time.FixedZone("X", 3600)),
		time.Date(2026, 11, 29, 4, 5, 6, 7, time.Local),
		time.Now().UTC(),
		time.Now(),
	}
	for n := 1; n <= 9; n++ {
		ns := 123456789
		for range 9 - n {
			ns = ns / 10 * 10
		}
		times = append(times, time.Unix(1764388800, int64(ns)).UTC())
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		times = append(times, time.Unix(r.Int64N(maxUTCSec), r.Int64N(1e9)).UTC())
	}
	for _, tm := range times {
		want, wantErr := tm.MarshalJSON()
		got, err := appendTime(nil, tm)
		if (err != nil) != (wantErr != nil) || string(got) != string(want) {
			t.Fatalf("appendTime(%v) = %s, %v; MarshalJSON %s, %v", tm, got, err, want, wantErr)
		}
	}
}

func BenchmarkAppendTime(b *testing.B) {
	tm := time.Now().UTC()
	buf := make([]byte, 0, 64)
	b.Run("codec", func(b *testing.B) {
		for b.Loop() {
			buf, _ = appendTime(buf[:0], tm)
		}
	})
	b.Run("AppendFormat", func(b *testing.B) {
		for b.Loop() {
			buf = tm.AppendFormat(buf[:0], time.RFC3339Nano)
		}
	})
}
