//go:build !wasip1

package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// dnsByType answers dns_lookup per record type.
func dnsByType(answers map[string]string) *recorder {
	return &recorder{resp: func(req []byte) []byte {
		var r struct{ Type string }
		json.Unmarshal(req, &r)
		if a, ok := answers[r.Type]; ok {
			return []byte(a)
		}
		return []byte(`{"error":{"message":"no such host","type":"network","code":"NXDOMAIN","is_not_found":true}}`)
	}}
}

func TestResponseDecoding(t *testing.T) {
	dns := dnsByType(map[string]string{
		"A":     `{"records":["192.0.2.1","192.0.2.2"]}`,
		"AAAA":  `{"records":["2001:db8::1"]}`,
		"CNAME": `{"records":["example.net."]}`,
		"MX":    `{"mx_records":[{"host":"b.mx.","pref":20},{"host":"c.mx.","pref":10},{"host":"a.mx.","pref":20}]}`,
		"TXT":   `{"records":["v=spf1 -all","hello world"]}`,
		"NS":    `{"records":["ns1.example.com.","ns2.example.com."]}`,
	})
	in := instance(t,
		host.WithHostFunc(host.ImportHTTPRequest, canned(`{"status_code":404,"headers":{"Content-Type":["text/plain"]},"body":"bm90IGZvdW5k","proto":"HTTP/2.0","body_truncated":true}`).fn),
		host.WithHostFunc(host.ImportDNSLookup, dns.fn),
		host.WithHostFunc(host.ImportTCPConnect, canned(`{"connected":true,"address":"example.com:443","remote_addr":"192.0.2.1:443","local_addr":"10.0.0.2:50000","response_time_ms":42,"tls":true,"tls_version":"TLS 1.3","tls_cipher_suite":"TLS_AES_128_GCM_SHA256","tls_server_name":"example.com","tls_cert_subject":"CN=example.com","tls_cert_issuer":"CN=Test CA","tls_cert_not_after":"2027-01-02T03:04:05Z"}`).fn),
		host.WithHostFunc(host.ImportSMTPConnect, canned(`{"connected":true,"address":"mx:25","banner":"220 mx ESMTP","tls":true,"tls_version":"TLS 1.2","tls_cipher_suite":"X","tls_server_name":"mx","response_time_ms":7}`).fn),
		host.WithHostFunc(host.ImportExecCommand, canned(`{"stdout":"active\n","stderr":"warn","exit_code":3,"duration_ms":12,"is_timeout":true,"stdout_truncated":true}`).fn),
	)
	for _, tc := range []struct {
		cfg  map[string]any
		want string
	}{
		{map[string]any{"call": "http.get", "url": "http://x/"},
			`{"body":"not found","body_len":9,"body_truncated":true,"headers":{"Content-Type":["text/plain"]},"proto":"HTTP/2.0","status_code":404}`},
		{map[string]any{"call": "dns.lookup_host", "host": "example.com"}, `{"addrs":["192.0.2.1","192.0.2.2","2001:db8::1"]}`},
		{map[string]any{"call": "dns.cname", "host": "example.com"}, `{"cname":"example.net."}`},
		{map[string]any{"call": "dns.mx", "host": "example.com"}, `{"mx":[{"host":"c.mx.","pref":10},{"host":"a.mx.","pref":20},{"host":"b.mx.","pref":20}]}`},
		{map[string]any{"call": "dns.txt", "host": "example.com"}, `{"records":["v=spf1 -all","hello world"]}`},
		{map[string]any{"call": "dns.ns", "host": "example.com"}, `{"records":["ns1.example.com.","ns2.example.com."]}`},
		{map[string]any{"call": "tcp.dial_secure", "host": "example.com", "port": "443"},
			`{"address":"example.com:443","connected":true,"local_addr":"10.0.0.2:50000","remote_addr":"192.0.2.1:443","response_time_ms":42,"tls":true,"tls_cert_issuer":"CN=Test CA","tls_cert_not_after":"2027-01-02T03:04:05Z","tls_cert_subject":"CN=example.com","tls_cipher_suite":"TLS_AES_128_GCM_SHA256","tls_server_name":"example.com","tls_version":"TLS 1.3"}`},
		{map[string]any{"call": "smtp.connect", "host": "mx", "port": "25"},
			`{"address":"mx:25","banner":"220 mx ESMTP","connected":true,"response_time_ms":7,"tls":true,"tls_cipher_suite":"X","tls_server_name":"mx","tls_version":"TLS 1.2"}`},
		{map[string]any{"call": "exec.run", "command": "/bin/systemctl"},
			`{"duration_ms":12,"exit_code":3,"is_timeout":true,"stderr":"warn","stderr_len":4,"stderr_truncated":false,"stdout":"active\n","stdout_len":7,"stdout_truncated":true}`},
	} {
		t.Run(tc.cfg["call"].(string), func(t *testing.T) {
			got, _ := json.Marshal(wantSuccess(t, observeOn(t, in, tc.cfg)))
			if string(got) != tc.want {
				t.Errorf("response\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestLookupHostFamilies: LookupHost sends A then AAAA and tolerates one
// family being absent.
func TestLookupHostFamilies(t *testing.T) {
	dns := dnsByType(map[string]string{"AAAA": `{"records":["2001:db8::1"]}`})
	in := instance(t, host.WithHostFunc(host.ImportDNSLookup, dns.fn))
	resp := wantSuccess(t, observeOn(t, in, map[string]any{"call": "dns.lookup_host", "host": "v6only.example", "nameserver": "9.9.9.9"}))
	if !reflect.DeepEqual(resp["addrs"], []any{"2001:db8::1"}) {
		t.Errorf("addrs = %v", resp["addrs"])
	}
	var types []string
	for _, r := range dns.reqs {
		var q struct{ Type, Nameserver string }
		json.Unmarshal(r, &q)
		types = append(types, q.Type+"@"+q.Nameserver)
	}
	if strings.Join(types, ",") != "A@9.9.9.9,AAAA@9.9.9.9" {
		t.Errorf("queries %v, want A then AAAA at 9.9.9.9", types)
	}
	// Neither family: not found.
	in = instance(t, host.WithHostFunc(host.ImportDNSLookup, dnsByType(nil).fn))
	wantError(t, observeOn(t, in, map[string]any{"call": "dns.lookup_host", "host": "nowhere.example"}), "not_found", "network")
}

func TestErrorClasses(t *testing.T) {
	for _, tc := range []struct {
		name, resp string
		classes    []string
		errType    string
	}{
		{"capability", `{"error":{"message":"permission denied: network internal.corp:443 not granted","type":"capability","code":"CAPABILITY_DENIED"}}`,
			[]string{"capability"}, "capability"},
		{"timeout", `{"error":{"message":"i/o timeout","type":"timeout","code":"TIMEOUT","is_timeout":true}}`,
			[]string{"timeout"}, "timeout"},
		{"network timeout", `{"error":{"message":"dial tcp: i/o timeout","type":"network","code":"","is_timeout":true}}`,
			[]string{"timeout", "network"}, "network"},
		{"not found", `{"error":{"message":"lookup nowhere: no such host","type":"network","code":"NXDOMAIN","is_not_found":true}}`,
			[]string{"not_found", "network"}, "network"},
		{"network", `{"error":{"message":"connect: connection refused","type":"network","code":"ECONNREFUSED"}}`,
			[]string{"network"}, "network"},
		{"wrapped", `{"error":{"message":"request failed","type":"internal","code":"","wrapped":{"message":"permission denied: x","type":"capability","code":""}}}`,
			[]string{"capability"}, "internal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []host.Option
			for fn := range okResponses {
				opts = append(opts, host.WithHostFunc(fn, canned(tc.resp).fn))
			}
			in := instance(t, opts...)
			for _, cfg := range []map[string]any{
				{"call": "http.get", "url": "https://internal.corp/"},
				{"call": "dns.txt", "host": "internal.corp"},
				{"call": "dns.lookup_host", "host": "internal.corp"},
				{"call": "tcp.dial", "host": "internal.corp", "port": "22"},
				{"call": "smtp.connect", "host": "internal.corp", "port": "25"},
				{"call": "exec.run", "command": "/bin/sh"},
			} {
				r := observeOn(t, in, cfg)
				wantError(t, r, tc.classes...)
				if r.Error.Type != tc.errType {
					t.Errorf("%s: error.type = %q, want %q (the host's type survives)", cfg["call"], r.Error.Type, tc.errType)
				}
				var hostMsg struct {
					Error struct{ Message string }
				}
				json.Unmarshal([]byte(tc.resp), &hostMsg)
				if !strings.Contains(r.Error.Message, hostMsg.Error.Message) {
					t.Errorf("%s: message %q lost the host's %q", cfg["call"], r.Error.Message, hostMsg.Error.Message)
				}
				if msg, _ := r.Data["error"].(string); !strings.Contains(msg, "_") {
					t.Errorf("%s: message %q does not name the host function", cfg["call"], msg)
				}
			}
		})
	}
}

// TestContextDone: a done context is reported without calling the host.
func TestContextDone(t *testing.T) {
	rec := &recorder{resp: func([]byte) []byte {
		time.Sleep(400 * time.Millisecond)
		return []byte(`{"status_code":200}`)
	}}
	in := instance(t, host.WithHostFunc(host.ImportHTTPRequest, rec.fn))

	r := observeOn(t, in, map[string]any{"call": "http.get", "url": "http://x/", "canceled": true})
	wantError(t, r, "canceled")
	if rec.count() != 0 {
		t.Fatalf("the host was called %d times with a canceled context", rec.count())
	}
	// The first call takes 400ms of a 300ms deadline; the second is not
	// made. (300ms, not less: the guest must reach its first call before
	// the deadline even on a loaded machine.)
	r = observeOn(t, in, map[string]any{"call": "http.get", "url": "http://x/", "timeout_ms": 300, "repeat": 3})
	wantError(t, r, "timeout", "deadline_exceeded")
	if r.Error.Type != entities.ErrorTypeTimeout {
		t.Errorf("error.type = %q, want timeout", r.Error.Type)
	}
	if rec.count() != 1 {
		t.Fatalf("the host was called %d times, want 1 (none after the deadline)", rec.count())
	}
	var dl struct {
		Context struct {
			Deadline  string `json:"deadline"`
			TimeoutMs int64  `json:"timeout_ms"`
		} `json:"context"`
	}
	json.Unmarshal(rec.reqs[0], &dl)
	if dl.Context.Deadline == "" || dl.Context.TimeoutMs < 1 || dl.Context.TimeoutMs > 300 {
		t.Errorf("context %+v, want a deadline and timeout_ms in [1,300]", dl.Context)
	}
}

// TestHostileResponses: whatever the host returns, the call fails with an
// error Result naming the function, and the instance keeps working.
func TestHostileResponses(t *testing.T) {
	huge := `{"status_code":200,"body":"` + strings.Repeat("A", 20<<20) + `"}`
	deep := strings.Repeat("[", 100000)
	var resp []byte
	hostile := &recorder{resp: func([]byte) []byte { return resp }}
	in := instance(t, host.WithHostFunc(host.ImportHTTPRequest, hostile.fn), host.WithHostFunc(host.ImportDNSLookup, hostile.fn),
		host.WithHostFunc(host.ImportTCPConnect, hostile.fn), host.WithHostFunc(host.ImportExecCommand, hostile.fn))
	for _, tc := range []struct {
		name, call, resp string
	}{
		{"truncated", "http.get", `{"status_code":200,"body":"aGVs`},
		{"wrong type", "http.get", `{"status_code":"200"}`},
		{"wrong body type", "http.get", `{"status_code":200,"body":12}`},
		{"bad base64", "http.get", `{"status_code":200,"body":"***"}`},
		{"no status", "http.get", `{}`},
		{"null", "http.get", `null`},
		{"not json", "http.get", `<html>`},
		{"error is a string", "http.get", `{"error":"denied"}`},
		{"20 MiB", "http.get", huge},
		{"deep nesting", "http.get", deep},
		{"returns 0", "http.get", ""},
		{"records wrong type", "dns.txt", `{"records":"a"}`},
		{"mx pref overflow", "dns.mx", `{"mx_records":[{"host":"a","pref":70000}]}`},
		{"tcp truncated", "tcp.dial", `{"connected":tr`},
		{"tcp bad time", "tcp.dial", `{"connected":true,"tls_cert_not_after":"yesterday"}`},
		{"exec wrong type", "exec.run", `{"stdout":1,"stderr":"","exit_code":0}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp = []byte(tc.resp)
			memBefore := in.MemorySize()
			cfg := map[string]any{"call": tc.call, "url": "http://x/", "host": "example.com", "port": "1", "command": "/bin/x"}
			r := observeOn(t, in, cfg)
			wantError(t, r, "host_response")
			fn := map[string]string{"http.get": "http_request", "dns.txt": "dns_lookup", "dns.mx": "dns_lookup", "tcp.dial": "tcp_connect", "exec.run": "exec_command"}[tc.call]
			if !strings.Contains(r.Error.Message, fn) {
				t.Errorf("message %q does not name %s", r.Error.Message, fn)
			}
			if tc.name == "20 MiB" && !strings.Contains(r.Error.Message, "limit") {
				t.Errorf("message %q does not say the answer was over the limit", r.Error.Message)
			}
			if grew := in.MemorySize() - memBefore; grew > 2<<20 {
				t.Errorf("linear memory grew by %d bytes: the oversized answer reached the guest", grew)
			}
			if len(r.Error.Message) > 2000 {
				t.Errorf("message is %d bytes; hostile input should not be echoed", len(r.Error.Message))
			}
			// The same instance still works.
			resp = []byte(`{"status_code":204,"records":["ok"],"connected":true,"stdout":"","stderr":"","exit_code":0}`)
			wantSuccess(t, observeOn(t, in, cfg))
		})
	}
}

// TestWithClientWins: on wasm GetClient returns the host-backed client with
// no wiring, and a client given with WithClient takes precedence.
func TestWithClientWins(t *testing.T) {
	rec := canned(`{"status_code":200}`)
	in := instance(t, host.WithHostFunc(host.ImportHTTPRequest, rec.fn))
	resp := wantSuccess(t, observeOn(t, in, map[string]any{"call": "http.get", "url": "http://x/", "inject_http": true}))
	if resp["status_code"] != float64(299) || resp["body"] != "injected" || rec.count() != 0 {
		t.Fatalf("injected client not used: %v (host called %d times)", resp, rec.count())
	}
	resp = wantSuccess(t, observeOn(t, in, map[string]any{"call": "http.get", "url": "http://x/"}))
	if resp["status_code"] != float64(200) || rec.count() != 1 {
		t.Fatalf("host client not used: %v", resp)
	}
}
