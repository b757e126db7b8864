//go:build !wasip1

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"syscall"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// benchCall measures one guest->host->guest round trip: a single _observe
// makes b.N calls (repeat), so the per-observe cost is spread over them.
func benchCall(b *testing.B, fn, resp string, cfg map[string]any, opts ...host.Option) {
	benchCallWith(b, fn, canned(resp).fn, cfg, opts...)
}

// benchCallWith is benchCall with a host function and host options.
func benchCallWith(b *testing.B, fn string, hf host.HostFunc, cfg map[string]any, opts ...host.Option) {
	in := instance(b, append(opts, host.WithHostFunc(fn, hf))...)
	cfg["alloc_stats"] = true
	cfg["repeat"] = 100
	r := observeOn(b, in, cfg) // warm-up
	wantSuccess(b, r)
	cfg["repeat"] = b.N
	raw, _ := json.Marshal(cfg)
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	out, err := in.ObserveJSON(context.Background(), raw)
	b.StopTimer()
	// The machines these run on are often shared; process CPU time per
	// call is steadier than wall time under contention.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
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

// BenchmarkLogEnabled: slog.InfoContext(ctx, "resolving", "hostname",
// "example.com", "attempt", 1) through the SDK's default handler to the host.
func BenchmarkLogEnabled(b *testing.B) {
	benchCall(b, "log_message", ``, map[string]any{"call": "bench.log_info"})
}

// BenchmarkLogDisabled: the same at DEBUG, below the default level.
func BenchmarkLogDisabled(b *testing.B) {
	benchCall(b, "log_message", ``, map[string]any{"call": "bench.log_debug"})
}

// BenchmarkObserveHTTPGet is one whole _observe doing one HTTP call, as a
// host serving one observation per call sees it.
func BenchmarkObserveHTTPGet(b *testing.B) {
	in := instance(b, host.WithHostFunc(host.ImportHTTPRequest, canned(`{"status_code":200,"body":"aGVsbG8="}`).fn))
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

// cpuTime returns the process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func BenchmarkGuestNoopGosched(b *testing.B) {
	benchCall(b, "http_request", `{}`, map[string]any{"call": "noop", "gosched_every": 100})
}
func BenchmarkGuestEncodeHTTPGosched(b *testing.B) {
	benchCall(b, "http_request", `{}`, map[string]any{"call": "bench.encode_http", "url": "https://example.com/health", "timeout_ms": 60000, "gosched_every": 100})
}

func BenchmarkHTTPGetNoDeadline(b *testing.B) {
	benchCall(b, "http_request", `{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`,
		map[string]any{"call": "http.get", "url": "https://example.com/health"})
}

func BenchmarkHTTPGetMinimal(b *testing.B) {
	benchCall(b, "http_request", `{"status_code":200}`, map[string]any{"call": "http.get", "url": "https://example.com/health"})
}

func BenchmarkHTTPGetBodyOnly(b *testing.B) {
	benchCall(b, "http_request", `{"status_code":200,"body":"aGVsbG8="}`, map[string]any{"call": "http.get", "url": "https://example.com/health"})
}

func BenchmarkHTTPGetHeaderOnly(b *testing.B) {
	benchCall(b, "http_request", `{"status_code":200,"headers":{"Content-Type":["text/plain"]}}`, map[string]any{"call": "http.get", "url": "https://example.com/health"})
}

// BenchmarkHTTPGetRealistic: a response with the dozen headers a typical
// server sends and a small body.
func BenchmarkHTTPGetRealistic(b *testing.B) {
	benchCall(b, "http_request", `{"status_code":200,"headers":{"Accept-Ranges":["bytes"],"Age":["512"],"Cache-Control":["max-age=604800"],`+
		`"Content-Length":["1256"],"Content-Type":["text/html; charset=UTF-8"],"Date":["Wed, 11 Feb 2026 10:00:00 GMT"],`+
		`"Etag":["\"3147526947\""],"Expires":["Wed, 18 Feb 2026 10:00:00 GMT"],"Last-Modified":["Thu, 17 Oct 2019 07:18:26 GMT"],`+
		`"Server":["ECS (nyb/1D2E)"],"Vary":["Accept-Encoding"],"X-Cache":["HIT"],"Set-Cookie":["a=1","b=2"]},`+
		`"body":"PGh0bWw+PC9odG1sPg==","proto":"HTTP/1.1"}`,
		map[string]any{"call": "http.get", "url": "https://example.com/", "timeout_ms": 60000})
}

// The same round trips with the host answering in dialect H
// (host.WithDialect(host.DialectH): its names and error shapes, wazero's
// fake clock in the guest, deallocate never called).
func BenchmarkDialectH(b *testing.B) {
	h := host.WithDialect(host.DialectH)
	b.Run("HTTPGet", func(b *testing.B) {
		// H's fake clock advances a millisecond per read and all b.N
		// calls run in one observation: a 60 s deadline would run out after
		// some 60,000 reads of the clock, so this one is a day of them.
		benchCall(b, "http_request", `{"headers":{"Content-Type":["text/plain"]},"proto":"HTTP/1.1","body":"aGVsbG8=","latency_ms":3,"status_code":200}`,
			map[string]any{"call": "http.get", "url": "https://example.com/health", "timeout_ms": 86_400_000}, h)
	})
	// A request with headers: H refuses the arrays, the guest sends the
	// request again with strings (two host calls).
	b.Run("HTTPPostHeaders", func(b *testing.B) {
		ok := []byte(`{"proto":"HTTP/1.1","latency_ms":3,"status_code":201}`)
		refused := []byte(`{"error":"VALIDATION_ERROR","message":"failed to unmarshal request: json: cannot unmarshal array into Go struct field HTTPRequest.headers of type string","code":400}`)
		hf := func(_ context.Context, req []byte) []byte {
			if bytes.Contains(req, []byte(`"Content-Type":[`)) {
				return refused
			}
			return ok
		}
		benchCallWith(b, "http_request", hf, map[string]any{"call": "http.post", "url": "https://example.com/v1", "content_type": "application/json", "body": "{}"}, h)
	})
	b.Run("DNSLookupTXT", func(b *testing.B) {
		benchCall(b, "dns_lookup", `{"records":["v=spf1 -all"]}`, map[string]any{"call": "dns.txt", "host": "example.com"}, h)
	})
	b.Run("TCPDial", func(b *testing.B) {
		benchCall(b, "tcp_connect", `{"remote_addr":"192.0.2.1:443","latency_ms":3,"connected":true}`,
			map[string]any{"call": "tcp.dial", "host": "example.com", "port": "443"}, h)
	})
	// H's own handler refuses this SDK's smtp_connect (string port); the
	// canned answer in H's shape measures the guest's side of a success.
	b.Run("SMTPConnect", func(b *testing.B) {
		benchCall(b, "smtp_connect", `{"banner":"220 mx ESMTP","latency_ms":3,"connected":true}`,
			map[string]any{"call": "smtp.connect", "host": "mx", "port": "25"}, h)
	})
	b.Run("ExecRun", func(b *testing.B) {
		benchCall(b, "exec_command", `{"stdout":"active\n","stderr":"","duration_ms":1,"exit_code":0}`,
			map[string]any{"call": "exec.run", "command": "/usr/bin/systemctl", "args": []string{"is-active", "sshd"}}, h)
	})
}

// BenchmarkHTTPPostHeaders is the dialect-W twin of DialectH/HTTPPostHeaders.
func BenchmarkHTTPPostHeaders(b *testing.B) {
	benchCall(b, "http_request", `{"proto":"HTTP/1.1","status_code":201}`,
		map[string]any{"call": "http.post", "url": "https://example.com/v1", "content_type": "application/json", "body": "{}"})
}
