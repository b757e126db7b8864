package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// benchCall measures one guest->host->guest round trip: a single _observe
// makes b.N calls (repeat), so the per-observe cost is spread over them.
func benchCall(b *testing.B, fn, resp string, cfg map[string]any) {
	in := instance(b, host.WithHostFunc(fn, canned(resp).fn))
	cfg["alloc_stats"] = true
	cfg["repeat"] = 100
	r := observeOn(b, in, cfg) // warm-up
	wantSuccess(b, r)
	cfg["repeat"] = b.N
	raw, _ := json.Marshal(cfg)
	b.ReportAllocs()
	b.ResetTimer()
	out, err := in.ObserveJSON(context.Background(), raw)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	var res struct {
		Status string
		Data   struct {
			Guest struct {
				TotalAlloc float64 `json:"total_alloc"`
				Mallocs    float64 `json:"mallocs"`
			} `json:"guest"`
		}
	}
	json.Unmarshal(out, &res)
	if res.Status != "success" {
		b.Fatalf("%s", out)
	}
	b.ReportMetric(res.Data.Guest.TotalAlloc/float64(b.N), "guest-B/op")
	b.ReportMetric(res.Data.Guest.Mallocs/float64(b.N), "guest-allocs/op")
}

func BenchmarkHTTPGet(b *testing.B) {
	benchCall(b, "http_request", `{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`,
		map[string]any{"call": "http.get", "url": "https://example.com/health", "timeout_ms": 60000})
}

func BenchmarkDNSLookupTXT(b *testing.B) {
	benchCall(b, "dns_lookup", `{"records":["v=spf1 -all"]}`, map[string]any{"call": "dns.txt", "host": "example.com"})
}

func BenchmarkDNSLookupHost(b *testing.B) {
	benchCall(b, "dns_lookup", `{"records":["192.0.2.1"]}`, map[string]any{"call": "dns.lookup_host", "host": "example.com"})
}

func BenchmarkTCPDial(b *testing.B) {
	benchCall(b, "tcp_connect", `{"connected":true,"address":"example.com:443","response_time_ms":3}`,
		map[string]any{"call": "tcp.dial", "host": "example.com", "port": "443"})
}

func BenchmarkSMTPConnect(b *testing.B) {
	benchCall(b, "smtp_connect", `{"connected":true,"address":"mx:25","banner":"220 mx ESMTP"}`,
		map[string]any{"call": "smtp.connect", "host": "mx", "port": "25"})
}

func BenchmarkExecRun(b *testing.B) {
	benchCall(b, "exec_command", `{"stdout":"active\n","stderr":"","exit_code":0,"duration_ms":1}`,
		map[string]any{"call": "exec.run", "command": "/usr/bin/systemctl", "args": []string{"is-active", "sshd"}})
}

func BenchmarkLogEnabled(b *testing.B) {
	benchCall(b, "log_message", ``, map[string]any{"call": "log", "level": "info", "message": "resolving",
		"attrs": map[string]any{"hostname": "example.com", "attempt": 1}})
}

func BenchmarkLogDisabled(b *testing.B) {
	benchCall(b, "log_message", ``, map[string]any{"call": "log", "level": "debug", "message": "resolving",
		"attrs": map[string]any{"hostname": "example.com", "attempt": 1}})
}

// BenchmarkObserveHTTPGet is one whole _observe doing one HTTP call, as a
// host serving one observation per call sees it.
func BenchmarkObserveHTTPGet(b *testing.B) {
	in := instance(b, host.WithHostFunc("http_request", canned(`{"status_code":200,"body":"aGVsbG8="}`).fn))
	raw := []byte(`{"call":"http.get","url":"https://example.com/health"}`)
	for i := 0; i < 100; i++ {
		in.ObserveJSON(context.Background(), raw)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := in.ObserveJSON(context.Background(), raw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGuestNoop(b *testing.B) {
	benchCall(b, "http_request", `{}`, map[string]any{"call": "noop"})
}
func BenchmarkGuestNow(b *testing.B) {
	benchCall(b, "http_request", `{}`, map[string]any{"call": "bench.now"})
}
func BenchmarkGuestEncodeHTTP(b *testing.B) {
	benchCall(b, "http_request", `{}`, map[string]any{"call": "bench.encode_http", "url": "https://example.com/health", "timeout_ms": 60000})
}
func BenchmarkGuestDecodeHTTP(b *testing.B) {
	benchCall(b, "http_request", `{}`, map[string]any{"call": "bench.decode_http"})
}
func BenchmarkGuestHostCall(b *testing.B) {
	benchCall(b, "http_request", `{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`, map[string]any{"call": "bench.hostcall"})
}
