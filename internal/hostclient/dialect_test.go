package hostclient

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Responses in dialect H's shapes (reglet-host-sdk v0.1.5 marshals them
// this way) decode to the same ports values as their WIRE.md forms.
func TestDialectHResponses(t *testing.T) {
	ctx := context.Background()
	exp := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, doc := range []string{
		`{"connected":true,"remote_addr":"192.0.2.1:443","response_time_ms":12,"tls":true,"tls_version":"TLS 1.3","tls_cipher_suite":"TLS_AES_128_GCM_SHA256","tls_server_name":"example.com","tls_cert_subject":"CN=example.com","tls_cert_issuer":"CN=CA","tls_cert_not_after":"2027-01-02T03:04:05Z"}`,
		`{"remote_addr":"192.0.2.1:443","tls_version":"TLS 1.3","tls_cipher_suite":"TLS_AES_128_GCM_SHA256","tls_server_name":"example.com","tls_cert_subject":"CN=example.com","tls_cert_issuer":"CN=CA","tls_cert_expiry":"2027-01-02T03:04:05Z","latency_ms":12,"connected":true}`,
	} {
		c, err := tcpDialer{T: answer(doc).transport()}.DialSecure(ctx, "example.com", "443", time.Second)
		want := &ports.TCPConnection{Connected: true, RemoteAddr: "192.0.2.1:443", ResponseTime: 12 * time.Millisecond, TLS: true,
			TLSVersion: "TLS 1.3", TLSCipherSuite: "TLS_AES_128_GCM_SHA256", TLSServerName: "example.com",
			TLSCertSubject: "CN=example.com", TLSCertIssuer: "CN=CA", TLSCertNotAfter: exp}
		if err != nil || !reflect.DeepEqual(c, want) {
			t.Errorf("%s:\n got %+v, %v\nwant %+v", doc, c, err, want)
		}
	}
	for _, doc := range []string{
		`{"connected":true,"banner":"220 mx ESMTP","tls":true,"tls_version":"TLS 1.3","response_time_ms":7}`,
		`{"banner":"220 mx ESMTP","tls_version":"TLS 1.3","latency_ms":7,"connected":true}`,
	} {
		c, err := smtpClient{T: answer(doc).transport()}.Connect(ctx, ports.SMTPRequest{Host: "mx", Port: "587", StartTLS: true})
		if err != nil || !c.Connected || !c.TLS || c.TLSVersion != "TLS 1.3" || c.ResponseTime != 7*time.Millisecond || c.Banner != "220 mx ESMTP" {
			t.Errorf("%s: %+v, %v", doc, c, err)
		}
	}
	r, err := httpClient{T: answer(`{"headers":{"A":["1"]},"proto":"HTTP/1.1","body":"aGk=","latency_ms":3,"status_code":200}`).transport()}.Get(ctx, "http://x/")
	if err != nil || r.StatusCode != 200 || string(r.Body) != "hi" || r.Header["A"][0] != "1" {
		t.Errorf("http: %+v, %v", r, err)
	}
	res, err := commandRunner{T: answer(`{"stdout":"","stderr":"","duration_ms":50,"exit_code":-1,"is_timeout":true}`).transport()}.Run(ctx, ports.CommandRequest{Command: "/bin/sleep"})
	if err != nil || !res.IsTimeout || res.ExitCode != -1 {
		t.Errorf("exec timeout as data: %+v, %v", res, err)
	}
}

// Every error shape of both dialects becomes an error with the host's
// message verbatim, in the ports classes the failure belongs to.
func TestDialectErrors(t *testing.T) {
	ctx := context.Background()
	type call func(T *Transport) error
	dns := func(T *Transport) error { _, err := DNSResolver{T: T}.LookupTXT(ctx, "x.test"); return err }
	tcp := func(T *Transport) error { _, err := tcpDialer{T: T}.Dial(ctx, "x.test", "443"); return err }
	http := func(T *Transport) error { _, err := httpClient{T: T}.Get(ctx, "http://x.test/"); return err }
	execc := func(T *Transport) error {
		_, err := commandRunner{T: T}.Run(ctx, ports.CommandRequest{Command: "/bin/x"})
		return err
	}
	for _, tc := range []struct {
		name    string
		call    call
		fn      string
		resp    string
		msg     string // the host's message, kept verbatim
		typ     string
		classes string // errors.Is: capability, timeout, not_found, network, host_response
	}{
		// Dialect W.
		{"W denial", dns, "dns_lookup", `{"error":{"message":"permission denied: network x.test:53 not granted","type":"capability","code":"CAPABILITY_DENIED"}}`,
			"permission denied: network x.test:53 not granted", "capability", "capability"},
		{"W not found", dns, "dns_lookup", `{"error":{"message":"lookup x.test: no such host","type":"network","code":"NOT_FOUND","is_not_found":true}}`,
			"lookup x.test: no such host", "network", "not_found network"},
		{"W timeout", tcp, "tcp_connect", `{"error":{"message":"i/o timeout","type":"timeout","code":"TIMEOUT","is_timeout":true}}`,
			"i/o timeout", "timeout", "timeout"},
		// Dialect H: host-level errors.
		{"H denial, network", http, "http_request", `{"error":"VALIDATION_ERROR","message":"network capability denied: x.test:80","code":400}`,
			"network capability denied: x.test:80", "capability", "capability"},
		{"H denial, no grants", dns, "dns_lookup", `{"error":"VALIDATION_ERROR","message":"no capabilities granted: x.test:53","code":400}`,
			"no capabilities granted: x.test:53", "capability", "capability"},
		{"H denial, exec", execc, "exec_command", `{"error":"VALIDATION_ERROR","message":"exec capability denied: /bin/x","code":400}`,
			"exec capability denied: /bin/x", "capability", "capability"},
		{"H denial, shell", execc, "exec_command", `{"error":"VALIDATION_ERROR","message":"shell requires 'exec:/bin/sh' capability","code":400}`,
			"shell requires 'exec:/bin/sh' capability", "capability", "capability"},
		{"H undecodable request", tcp, "tcp_connect", `{"error":"VALIDATION_ERROR","message":"failed to unmarshal request: json: cannot unmarshal string into Go struct field TCPConnectRequest.port of type int","code":400}`,
			"failed to unmarshal request: json: cannot unmarshal string into Go struct field TCPConnectRequest.port of type int", "validation", ""},
		{"H invalid URL", http, "http_request", `{"error":"VALIDATION_ERROR","message":"invalid URL: parse \"::\": missing protocol scheme","code":400}`,
			`invalid URL: parse "::": missing protocol scheme`, "validation", ""},
		{"H internal", dns, "dns_lookup", `{"error":"INTERNAL_ERROR","message":"panic: boom","code":500}`,
			"panic: boom", "internal", ""},
		{"H unknown function", dns, "dns_lookup", `{"error":"NOT_FOUND","message":"unknown host function: dns_lookup","code":404}`,
			"unknown host function: dns_lookup", "capability", "capability"},
		// Dialect H: {code, message} objects.
		{"H timeout", http, "http_request", `{"latency_ms":5000,"error":{"code":"TIMEOUT","message":"context deadline exceeded"},"status_code":0}`,
			"context deadline exceeded", "timeout", "timeout"},
		{"H host not found", tcp, "tcp_connect", `{"latency_ms":1,"error":{"code":"HOST_NOT_FOUND","message":"dial tcp: lookup x.test: no such host"},"connected":false}`,
			"dial tcp: lookup x.test: no such host", "network", "not_found network"},
		{"H SSRF", tcp, "tcp_connect", `{"error":{"code":"SSRF_BLOCKED","message":"private IP address blocked: 10.0.0.1"},"connected":false}`,
			"private IP address blocked: 10.0.0.1", "capability", "capability"},
		{"H refused", tcp, "tcp_connect", `{"error":{"code":"CONNECTION_REFUSED","message":"dial tcp 192.0.2.1:443: connect: connection refused"},"connected":false}`,
			"dial tcp 192.0.2.1:443: connect: connection refused", "network", "network"},
		{"H DNS miss", dns, "dns_lookup", `{"error":{"code":"LOOKUP_FAILED","message":"lookup x.test on 127.0.0.53:53: no such host"}}`,
			"lookup x.test on 127.0.0.53:53: no such host", "network", "not_found network"},
		{"H DNS timeout", dns, "dns_lookup", `{"error":{"code":"LOOKUP_FAILED","message":"lookup x.test on 10.0.0.1:53: read udp: i/o timeout"}}`,
			"lookup x.test on 10.0.0.1:53: read udp: i/o timeout", "network", "timeout network"},
		{"H exec not found", execc, "exec_command", `{"error":{"code":"EXECUTION_FAILED","message":"exec: \"/bin/x\": stat /bin/x: no such file or directory"},"stdout":"","stderr":"","exit_code":0}`,
			`exec: "/bin/x": stat /bin/x: no such file or directory`, "execution", "not_found"},
		{"H invalid", tcp, "tcp_connect", `{"error":{"code":"INVALID_REQUEST","message":"invalid port: 0"},"connected":false}`,
			"invalid port: 0", "validation", ""},
		{"H unknown code", tcp, "tcp_connect", `{"error":{"code":"SOMETHING_NEW","message":"it broke"},"connected":false}`,
			"it broke", "network", "network"},
		{"numeric code", tcp, "tcp_connect", `{"error":{"code":503,"message":"busy","type":"network"}}`,
			"busy", "network", "network"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(answer(tc.resp).transport())
			if err == nil || err.Error() != tc.fn+": "+tc.msg {
				t.Fatalf("error %v, want %q", err, tc.fn+": "+tc.msg)
			}
			var d *entities.ErrorDetail
			if !errors.As(err, &d) || d.Type != tc.typ {
				t.Fatalf("type %+v, want %s", d, tc.typ)
			}
			var got []string
			for _, c := range []struct {
				name string
				err  error
			}{{"capability", ports.ErrCapabilityDenied}, {"timeout", ports.ErrTimeout}, {"not_found", ports.ErrNotFound},
				{"network", ports.ErrNetwork}, {"host_response", ports.ErrHostResponse}} {
				if errors.Is(err, c.err) {
					got = append(got, c.name)
				}
			}
			if strings.Join(got, " ") != tc.classes {
				t.Fatalf("classes %q, want %q (%+v)", got, tc.classes, d)
			}
		})
	}
}

// hTransport answers http_request as H does with its capability
// middleware: the request is first decoded in the WIRE.md shape and its URL
// checked (denied unless allow), then decoded in H's shape.
func hTransport(allow bool, reqs *[]string) *Transport {
	return &Transport{HTTP: func(req []byte) ([]byte, error) {
		*reqs = append(*reqs, string(req))
		var check struct {
			Headers map[string][]string `json:"headers"`
			URL     string              `json:"url"`
		}
		if json.Unmarshal(req, &check) == nil && !allow {
			return []byte(`{"error":"VALIDATION_ERROR","message":"network capability denied: x.test:80","code":400}`), nil
		}
		var h struct {
			Headers map[string]string `json:"headers"`
			Timeout int               `json:"timeout_ms"`
		}
		if err := json.Unmarshal(req, &h); err != nil {
			b, _ := json.Marshal(map[string]any{"error": "VALIDATION_ERROR", "message": "failed to unmarshal request: " + err.Error(), "code": 400})
			return b, nil
		}
		hb, _ := json.Marshal(h.Headers)
		return []byte(`{"status_code":200,"body":"` + encode64(hb) + `","latency_ms":1}`), nil
	}}
}

func encode64(b []byte) string {
	out, _ := json.Marshal(b)
	return strings.Trim(string(out), `"`)
}

// On H, header arrays are refused by the handler after the check allowed
// the request; the client sends it again with strings. A denial is one
// call. W takes one call either way.
func TestDialectHHeaders(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req := &ports.HTTPRequest{Method: "POST", URL: "http://x.test/", Body: []byte("b"),
		Header: map[string][]string{"Accept": {"a/b", "c/d"}, "Cookie": {"a=1", "b=2"}, "X-One": {"1"}, "X-None": {}}}

	var reqs []string
	resp, err := httpClient{T: hTransport(true, &reqs)}.Do(ctx, req)
	if err != nil || string(resp.Body) != `{"Accept":"a/b, c/d","Cookie":"a=1; b=2","X-One":"1"}` || len(reqs) != 2 {
		t.Fatalf("H allowed: %+v %v, %d calls", resp, err, len(reqs))
	}
	var first, second map[string]any
	json.Unmarshal([]byte(reqs[0]), &first)
	json.Unmarshal([]byte(reqs[1]), &second)
	if _, ok := first["headers"].(map[string]any)["Accept"].([]any); !ok || first["timeout_ms"] == nil ||
		second["method"] != "POST" || second["url"] != "http://x.test/" || second["body"] != "Yg==" || second["timeout_ms"] == nil {
		t.Fatalf("requests:\n%s\n%s", reqs[0], reqs[1])
	}

	reqs = nil
	_, err = httpClient{T: hTransport(false, &reqs)}.Do(ctx, req)
	if !errors.Is(err, ports.ErrCapabilityDenied) || len(reqs) != 1 {
		t.Fatalf("H denied: %v, %d calls", err, len(reqs))
	}

	reqs = nil
	resp, err = httpClient{T: hTransport(true, &reqs)}.Get(ctx, "http://x.test/")
	if err != nil || string(resp.Body) != "null" || len(reqs) != 1 || strings.Contains(reqs[0], "headers") {
		t.Fatalf("H without headers: %+v %v %q", resp, err, reqs)
	}

	f := answer(`{"status_code":204}`)
	if _, err := (httpClient{T: f.transport()}).Do(ctx, req); err != nil || len(f.reqs) != 1 {
		t.Fatalf("W: %v, %d calls", err, len(f.reqs))
	}
	// A validation error that is not about headers is not retried.
	f = answer(`{"error":"VALIDATION_ERROR","message":"request size 2000000 exceeds maximum 1048576 bytes","code":400}`)
	if _, err := (httpClient{T: f.transport()}).Do(ctx, req); err == nil || len(f.reqs) != 1 {
		t.Fatalf("other validation error: %v, %d calls", err, len(f.reqs))
	}
}

// The shapes H's capability middleware decodes requests in (reglet-abi
// v0.1.1's hostfunc types): when one fails to decode, H skips the grant
// check, so every request the SDK sends must decode in them.
type (
	checkHTTP struct {
		Headers map[string][]string `json:"headers,omitempty"`
		Method  string              `json:"method"`
		URL     string              `json:"url"`
		Body    string              `json:"body,omitempty"`
		Context wire.Context        `json:"context"`
	}
	checkDNS struct {
		Hostname   string       `json:"hostname"`
		Type       string       `json:"type"`
		Nameserver string       `json:"nameserver,omitempty"`
		Context    wire.Context `json:"context"`
	}
	checkTCP struct {
		Host      string       `json:"host"`
		Port      string       `json:"port"`
		Context   wire.Context `json:"context"`
		TimeoutMs int          `json:"timeout_ms,omitempty"`
		TLS       bool         `json:"tls"`
	}
	checkSMTP struct {
		Host      string       `json:"host"`
		Port      string       `json:"port"`
		Context   wire.Context `json:"context"`
		TimeoutMs int          `json:"timeout_ms,omitempty"`
		TLS       bool         `json:"tls"`
		StartTLS  bool         `json:"starttls"`
	}
	checkExec struct {
		Args    []string     `json:"args"`
		Env     []string     `json:"env,omitempty"`
		Command string       `json:"command"`
		Dir     string       `json:"dir,omitempty"`
		Context wire.Context `json:"context"`
	}
)

// TestRequestsNeverDodgeTheCheck: whatever the call, the request decodes in
// the shape H's grant check reads, its port is a JSON string, and the
// top-level timeout_ms (H) agrees with the context's.
func TestRequestsNeverDodgeTheCheck(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var reqs []string
	record := func(resp string) func([]byte) ([]byte, error) {
		return func(req []byte) ([]byte, error) { reqs = append(reqs, string(req)); return []byte(resp), nil }
	}
	T := &Transport{HTTP: record(`{"status_code":200}`), DNS: record(`{"records":["x"]}`), TCP: record(`{"connected":true}`),
		SMTP: record(`{"connected":true}`), Exec: record(`{"stdout":"","stderr":"","exit_code":0}`)}
	for i := 0; i < 200; i++ {
		ctx := context.Background()
		if rng.Intn(2) == 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, time.Duration(1+rng.Intn(100000))*time.Millisecond)
			defer cancel()
		}
		s := randString(rng)
		timeout := time.Duration(rng.Intn(3)) * time.Second
		reqs = reqs[:0]
		httpClient{T: T}.Do(ctx, &ports.HTTPRequest{Method: s, URL: "http://" + s, Header: map[string][]string{s: {s, s}}, Body: []byte(s)})
		DNSResolver{T: T, Nameserver: s}.LookupTXT(ctx, "a"+s)
		tcpDialer{T: T}.DialSecure(ctx, "h"+s, "443", timeout)
		smtpClient{T: T}.Connect(ctx, ports.SMTPRequest{Host: "h" + s, Port: "587", StartTLS: rng.Intn(2) == 0, Timeout: timeout})
		commandRunner{T: T}.Run(ctx, ports.CommandRequest{Command: "/bin/" + s, Args: []string{s}, Timeout: timeout})
		if len(reqs) != 5 {
			t.Fatalf("%d requests", len(reqs))
		}
		for j, target := range []any{&checkHTTP{}, &checkDNS{}, &checkTCP{}, &checkSMTP{}, &checkExec{}} {
			if err := json.Unmarshal([]byte(reqs[j]), target); err != nil {
				t.Fatalf("H's check cannot decode %s: %v", reqs[j], err)
			}
			var m map[string]any
			json.Unmarshal([]byte(reqs[j]), &m)
			if p, ok := m["port"]; ok {
				if _, isString := p.(string); !isString {
					t.Fatalf("port is not a string: %s", reqs[j])
				}
			}
			c, _ := m["context"].(map[string]any)
			top, _ := m["timeout_ms"].(float64)
			ctxMs, _ := c["timeout_ms"].(float64)
			switch {
			case j == 2 || j == 3:
				if ctxMs > 0 && (top == 0 || top > ctxMs) {
					t.Fatalf("timeout_ms %v over the context's %v: %s", top, ctxMs, reqs[j])
				}
			case top != ctxMs:
				t.Fatalf("timeout_ms %v, context's %v: %s", top, ctxMs, reqs[j])
			}
		}
		if !strings.Contains(reqs[2], `"use_tls":true`) || !strings.Contains(reqs[2], `"tls":true`) {
			t.Fatalf("tcp: %s", reqs[2])
		}
	}
}

// A deadline read off wazero's fake clock (2022) is left out of the wire
// context; the relative timeout still travels.
func TestFakeClockDeadline(t *testing.T) {
	if d := deadlineUTC(time.Date(2022, 1, 1, 0, 0, 30, 0, time.UTC)); d != nil {
		t.Fatalf("fake-clock deadline kept: %v", d)
	}
	real := time.Now().Add(time.Minute)
	if d := deadlineUTC(real); d == nil || !d.Equal(real) {
		t.Fatalf("real deadline: %v", d)
	}
}
