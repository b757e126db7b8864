//go:build !wasip1

package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// okResponses are minimal valid answers for each function.
var okResponses = map[string]string{
	"http_request": `{"status_code":200}`,
	"dns_lookup":   `{"records":["192.0.2.1"]}`,
	"tcp_connect":  `{"connected":true}`,
	"smtp_connect": `{"connected":true}`,
	"exec_command": `{"stdout":"","stderr":"","exit_code":0}`,
}

// TestRequestJSON checks the exact request each port method sends.
func TestRequestJSON(t *testing.T) {
	recs := map[string]*recorder{}
	var opts []host.Option
	for fn, resp := range okResponses {
		recs[fn] = canned(resp)
		opts = append(opts, host.WithHostFunc(fn, recs[fn].fn))
	}
	in := instance(t, opts...)

	for _, tc := range []struct {
		name string
		cfg  map[string]any
		fn   string
		want string // the exact request, with the context object replaced by {}
	}{
		{"http.get", map[string]any{"call": "http.get", "url": "https://example.com/a?b=c"}, "http_request",
			`{"method":"GET","url":"https://example.com/a?b=c","context":{}}`},
		{"http.post", map[string]any{"call": "http.post", "url": "https://api.example.com/v1", "content_type": "application/json", "body": `{"a":1}`}, "http_request",
			`{"method":"POST","url":"https://api.example.com/v1","headers":{"Content-Type":["application/json"]},"body":"eyJhIjoxfQ==","context":{}}`},
		{"http.do", map[string]any{"call": "http.do", "method": "PUT", "url": "http://h:8080/", "headers": map[string]any{"X-A": []string{"1", "2"}}, "body": "\x00ÿ"}, "http_request",
			`{"method":"PUT","url":"http://h:8080/","headers":{"X-A":["1","2"]},"body":"AMO/","context":{}}`},
		{"http.do default method", map[string]any{"call": "http.do", "url": "http://h/"}, "http_request",
			`{"method":"GET","url":"http://h/","context":{}}`},
		{"dns.cname", map[string]any{"call": "dns.cname", "host": "www.example.com"}, "dns_lookup",
			`{"hostname":"www.example.com","type":"CNAME","context":{}}`},
		{"dns.mx nameserver", map[string]any{"call": "dns.mx", "host": "example.com", "nameserver": "1.1.1.1:53"}, "dns_lookup",
			`{"hostname":"example.com","type":"MX","nameserver":"1.1.1.1:53","context":{}}`},
		{"dns.txt", map[string]any{"call": "dns.txt", "host": "example.com"}, "dns_lookup",
			`{"hostname":"example.com","type":"TXT","context":{}}`},
		{"dns.ns", map[string]any{"call": "dns.ns", "host": "example.com"}, "dns_lookup",
			`{"hostname":"example.com","type":"NS","context":{}}`},
		{"tcp.dial", map[string]any{"call": "tcp.dial", "host": "db.internal", "port": "5432"}, "tcp_connect",
			`{"host":"db.internal","port":"5432","tls":false,"context":{}}`},
		{"tcp.dial_timeout", map[string]any{"call": "tcp.dial_timeout", "host": "db", "port": "5432", "dial_timeout_ms": 1500}, "tcp_connect",
			`{"host":"db","port":"5432","timeout_ms":1500,"tls":false,"context":{}}`},
		{"tcp.dial_secure", map[string]any{"call": "tcp.dial_secure", "host": "example.com", "port": "443", "dial_timeout_ms": 3000}, "tcp_connect",
			`{"host":"example.com","port":"443","timeout_ms":3000,"tls":true,"context":{},"use_tls":true}`},
		{"smtp.connect", map[string]any{"call": "smtp.connect", "host": "mx.example.com", "port": "587", "starttls": true, "dial_timeout_ms": 2000}, "smtp_connect",
			`{"host":"mx.example.com","port":"587","timeout_ms":2000,"tls":false,"starttls":true,"context":{},"use_starttls":true}`},
		{"smtp.connect tls", map[string]any{"call": "smtp.connect", "host": "mx", "port": "465", "tls": true}, "smtp_connect",
			`{"host":"mx","port":"465","tls":true,"starttls":false,"context":{},"use_tls":true}`},
		{"exec.run no args", map[string]any{"call": "exec.run", "command": "/usr/bin/true"}, "exec_command",
			`{"command":"/usr/bin/true","args":[],"context":{}}`},
		{"exec.run", map[string]any{"call": "exec.run", "command": "/usr/bin/systemctl", "args": []string{"is-active", "sshd"}, "env": []string{"LANG=C"}, "dir": "/tmp"}, "exec_command",
			`{"command":"/usr/bin/systemctl","args":["is-active","sshd"],"env":["LANG=C"],"dir":"/tmp","context":{}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := recs[tc.fn]
			before := rec.count()
			wantSuccess(t, observeOn(t, in, tc.cfg))
			if rec.count() != before+1 {
				t.Fatalf("%s called %d times, want 1", tc.fn, rec.count()-before)
			}
			rec.mu.Lock()
			got := string(rec.reqs[len(rec.reqs)-1])
			rec.mu.Unlock()
			if got != tc.want {
				t.Errorf("request\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestRequestContextDeadline checks that the handler's deadline travels as
// context.deadline (RFC 3339) and context.timeout_ms (time left).
func TestRequestContextDeadline(t *testing.T) {
	for fn := range okResponses {
		cfg := map[string]any{"timeout_ms": 5000}
		switch fn {
		case "http_request":
			cfg["call"], cfg["url"] = "http.get", "https://example.com"
		case "dns_lookup":
			cfg["call"], cfg["host"] = "dns.txt", "example.com"
		case "tcp_connect":
			cfg["call"], cfg["host"], cfg["port"] = "tcp.dial", "example.com", "80"
		case "smtp_connect":
			cfg["call"], cfg["host"], cfg["port"] = "smtp.connect", "example.com", "25"
		case "exec_command":
			cfg["call"], cfg["command"] = "exec.run", "/bin/true"
		}
		t.Run(fn, func(t *testing.T) {
			rec := canned(okResponses[fn])
			in := instance(t, host.WithHostFunc(fn, rec.fn))
			start := time.Now()
			wantSuccess(t, observeOn(t, in, cfg))
			var req struct {
				Context map[string]json.RawMessage `json:"context"`
			}
			rec.mu.Lock()
			raw := rec.reqs[0]
			rec.mu.Unlock()
			if err := json.Unmarshal(raw, &req); err != nil {
				t.Fatal(err)
			}
			var dl time.Time
			if err := json.Unmarshal(req.Context["deadline"], &dl); err != nil {
				t.Fatalf("context.deadline %s: %v (request %s)", req.Context["deadline"], err, raw)
			}
			if _, err := time.Parse(time.RFC3339, strings.Trim(string(req.Context["deadline"]), `"`)); err != nil {
				t.Fatalf("context.deadline is not RFC 3339: %v", err)
			}
			if d := dl.Sub(start); d < 4*time.Second || d > 6*time.Second {
				t.Errorf("deadline %v is %v after the call started, want about 5s", dl, d)
			}
			var ms int64
			if err := json.Unmarshal(req.Context["timeout_ms"], &ms); err != nil || ms <= 4000 || ms > 5000 {
				t.Errorf("context.timeout_ms = %s, want (4000, 5000]", req.Context["timeout_ms"])
			}
			if _, ok := req.Context["canceled"]; ok {
				t.Errorf("context.canceled present on a live context: %s", raw)
			}
		})
	}
}
