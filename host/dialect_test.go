package host

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// The dialect-H host functions, natively: the two stages (checker on the
// WIRE.md shape, handler on H's shape) and H's response and error shapes.

func hInvoke(t testing.TB, g entities.GrantSet, name string, req string, opts ...Option) map[string]any {
	t.Helper()
	ctx := callCtx(cfgWith(append(opts, WithGrants(g), WithDialect(DialectH))...))
	resp := hostFuncH(name)(ctx, []byte(req))
	var m map[string]any
	if err := json.Unmarshal(resp, &m); err != nil {
		t.Fatalf("%s: response %s: %v", name, resp, err)
	}
	return m
}

// wantHostLevel checks a host-level error: a string error, a message
// containing each of contains, and the numeric code.
func wantHostLevel(t testing.TB, m map[string]any, kind string, code float64, contains ...string) {
	t.Helper()
	msg, _ := m["message"].(string)
	if m["error"] != kind || m["code"] != code || len(m) != 3 {
		t.Fatalf("want host-level %s/%v, got %v", kind, code, m)
	}
	for _, c := range contains {
		if !strings.Contains(msg, c) {
			t.Fatalf("message %q does not mention %q", msg, c)
		}
	}
}

// wantHError checks an H error object {code, message}.
func wantHError(t testing.TB, m map[string]any, code string, contains string) {
	t.Helper()
	e, _ := m["error"].(map[string]any)
	if e == nil || e["code"] != code || len(e) != 2 || !strings.Contains(e["message"].(string), contains) {
		t.Fatalf("want error {code: %s, message ~ %q}, got %v", code, contains, m)
	}
}

func TestDialectHTCPAndSMTP(t *testing.T) {
	pki := testkit.TestPKI(t)
	_, port := testkit.StartTCP(t, pki.ServerConfig())
	g := testkit.NetGrant(testkit.NetRule("127.0.0.1,localhost", port))
	// The SDK's request (string port) passes the checker, then fails H's
	// handler, as on H.
	m := hInvoke(t, g, wire.TCPConnectFn, `{"host":"localhost","port":"`+port+`","tls":true,"use_tls":true,"timeout_ms":2000,"context":{}}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "failed to unmarshal request", "port")
	// Denied by the checker: H's checker text.
	m = hInvoke(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", "1")), wire.TCPConnectFn, `{"host":"127.0.0.1","port":"`+port+`","tls":false}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "network capability denied: 127.0.0.1:"+port)
	m = hInvoke(t, entities.GrantSet{}, wire.TCPConnectFn, `{"host":"127.0.0.1","port":"`+port+`","tls":false}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "no capabilities granted: 127.0.0.1:"+port)
	// H's own shape (numeric port): H's names.
	m = hInvoke(t, g, wire.TCPConnectFn, `{"host":"localhost","port":`+port+`,"use_tls":true,"timeout_ms":2000}`, WithRootCAs(pki.Pool))
	if m["connected"] != true || m["tls_version"] != "TLS 1.3" || m["tls_cert_subject"] != "CN=localhost" ||
		m["address"] != nil || m["local_addr"] != nil || m["tls"] != nil || m["response_time_ms"] != nil {
		t.Fatalf("%v", m)
	}
	if _, err := time.Parse(time.RFC3339, m["tls_cert_expiry"].(string)); err != nil {
		t.Fatalf("tls_cert_expiry: %v", err)
	}
	// A numeric port skips H's checker; this host still refuses at dial
	// time (stricter than H), as SSRF_BLOCKED.
	m = hInvoke(t, testkit.NetGrant(testkit.NetRule("*", "*")), wire.TCPConnectFn, `{"host":"127.0.0.1","port":`+port+`}`)
	wantHError(t, m, "SSRF_BLOCKED", "loopback")
	m = hInvoke(t, g, wire.TCPConnectFn, `{"host":"127.0.0.1","port":70000}`)
	wantHError(t, m, "INVALID_REQUEST", "invalid port: 70000")

	sp := testkit.SMTPServer{TLS: pki.ServerConfig()}.Start(t)
	gs := testkit.NetGrant(testkit.NetRule("localhost", sp))
	m = hInvoke(t, gs, wire.SMTPConnectFn, `{"host":"localhost","port":"`+sp+`","tls":false,"starttls":true,"use_starttls":true}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "failed to unmarshal request")
	m = hInvoke(t, gs, wire.SMTPConnectFn, `{"host":"localhost","port":`+sp+`,"use_starttls":true,"timeout_ms":5000}`, WithRootCAs(pki.Pool))
	if m["connected"] != true || !strings.HasPrefix(m["banner"].(string), "220") || m["tls_version"] == nil || m["address"] != nil || m["response_time_ms"] != nil {
		t.Fatalf("%v", m)
	}
}

func TestDialectHHTTP(t *testing.T) {
	srv, port := startHTTP(t)
	g := testkit.NetGrant(testkit.NetRule("127.0.0.1", port))
	// WIRE.md headers (arrays): the checker decodes and allows them, H's
	// handler cannot decode them.
	m := hInvoke(t, g, wire.HTTPRequestFn, `{"method":"POST","url":"`+srv.URL+`/echo","headers":{"X-Test":["a"]},"context":{}}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "failed to unmarshal request", "headers")
	// The same request denied: the checker answers first.
	m = hInvoke(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", "1")), wire.HTTPRequestFn, `{"method":"POST","url":"`+srv.URL+`/echo","headers":{"X-Test":["a"]}}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "network capability denied: 127.0.0.1:"+port)
	// H's headers (strings).
	m = hInvoke(t, g, wire.HTTPRequestFn, `{"method":"POST","url":"`+srv.URL+`/echo","headers":{"X-Test":"yes"},"body":"aGk=","timeout_ms":5000}`)
	if m["status_code"] != 201.0 || m["body"] != "aGk=" || m["error"] != nil {
		t.Fatalf("%v", m)
	}
	if h, _ := m["headers"].(map[string]any); h == nil || h["X-Got-Header"].([]any)[0] != "yes" {
		t.Fatalf("headers %v", m["headers"])
	}
	m = hInvoke(t, g, wire.HTTPRequestFn, `{"method":"GET","url":"`+srv.URL+`/slow","timeout_ms":100}`)
	wantHError(t, m, "TIMEOUT", "")
	// An empty URL reaches H's checker as host "" on port 80.
	m = hInvoke(t, g, wire.HTTPRequestFn, `{"method":"GET","url":""}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "network capability denied: :80")
	m = hInvoke(t, g, wire.HTTPRequestFn, `not json`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "failed to unmarshal request")
}

func TestDialectHDNS(t *testing.T) {
	ns := testkit.StartDNS(t, testkit.TestZone)
	nsPort := testkit.PortOf(t, ns)
	g := testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", nsPort))
	m := hInvoke(t, g, wire.DNSLookupFn, `{"hostname":"mail.test","type":"MX","nameserver":"`+ns+`","timeout_ms":2000,"context":{}}`)
	if b, _ := json.Marshal(m); string(b) != `{"mx_records":[{"host":"mx1.test.","pref":10},{"host":"mx2.test.","pref":20}]}` {
		t.Fatalf("%s", b)
	}
	m = hInvoke(t, g, wire.DNSLookupFn, `{"hostname":"nope.test","type":"TXT","nameserver":"`+ns+`"}`)
	wantHError(t, m, "LOOKUP_FAILED", "no such host")
	m = hInvoke(t, g, wire.DNSLookupFn, `{"hostname":"mail.test","type":"SRV","nameserver":"`+ns+`"}`)
	wantHError(t, m, "UNSUPPORTED_TYPE", "SRV")
	m = hInvoke(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", nsPort)), wire.DNSLookupFn, `{"hostname":"mail.test","type":"TXT","nameserver":"`+ns+`"}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "network capability denied: mail.test:53")
}

func TestDialectHExec(t *testing.T) {
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep")
	}
	g := execGrant(echo, sleep)
	m := hInvoke(t, g, wire.ExecCommandFn, `{"command":"`+echo+`","args":["hi"],"timeout_ms":5000,"context":{}}`)
	if m["stdout"] != "hi\n" || m["exit_code"] != 0.0 || m["error"] != nil {
		t.Fatalf("%v", m)
	}
	m = hInvoke(t, g, wire.ExecCommandFn, `{"command":"`+sleep+`","args":["5"],"timeout_ms":50}`)
	if m["is_timeout"] != true || m["exit_code"] != -1.0 || m["error"] != nil {
		t.Fatalf("%v", m)
	}
	m = hInvoke(t, g, wire.ExecCommandFn, `{"command":"/bin/sh","args":["-c","id"]}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "shell requires 'exec:/bin/sh' capability")
	m = hInvoke(t, g, wire.ExecCommandFn, `{"command":"/bin/cat","args":[]}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "exec capability denied: /bin/cat")
	m = hInvoke(t, entities.GrantSet{}, wire.ExecCommandFn, `{"command":"`+echo+`","args":[]}`)
	wantHostLevel(t, m, "VALIDATION_ERROR", 400, "no capabilities granted: "+echo)
}

func TestParseDialect(t *testing.T) {
	for in, want := range map[string]Dialect{"w": DialectW, "W": DialectW, "wire": DialectW, "h": DialectH, " host-sdk ": DialectH, "reglet-host-sdk": DialectH} {
		if d, err := ParseDialect(in); err != nil || d != want || (d.String() != "w" && d.String() != "h") {
			t.Errorf("ParseDialect(%q) = %v, %v", in, d, err)
		}
	}
	if _, err := ParseDialect("x"); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Fatalf("want an error naming the input, got %v", err)
	}
	if s := Dialect(7).String(); s != "Dialect("+strconv.Itoa(7)+")" {
		t.Fatal(s)
	}
}
