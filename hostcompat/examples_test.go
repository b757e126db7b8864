package hostcompat

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
)

// exampleCase is one observation of an example plugin in the real
// executor and what must come back.
type exampleCase struct {
	name   string
	cfg    map[string]any
	status string
	// check looks at the decoded Result (status already checked).
	check func(t *testing.T, m map[string]any)
}

// errorIs checks an error Result's error type and a message fragment.
func errorIs(typ, msg string) func(t *testing.T, m map[string]any) {
	return func(t *testing.T, m map[string]any) {
		t.Helper()
		e, _ := m["error"].(map[string]any)
		if e["type"] != typ || !strings.Contains(e["message"].(string), msg) {
			t.Fatalf("want a %s error mentioning %q, got %v", typ, msg, e)
		}
	}
}

// dataHas checks fields of the Result's data.
func dataHas(want map[string]any) func(t *testing.T, m map[string]any) {
	return func(t *testing.T, m map[string]any) {
		t.Helper()
		d := data(m)
		for k, v := range want {
			if d[k] != v {
				t.Fatalf("data.%s = %v, want %v (data %v)", k, d[k], v, d)
			}
		}
	}
}

// Every example plugin, as a user builds it, in the real reglet-host-sdk
// v0.1.5 executor (dialect H): its manifest decodes into that host's
// types and its observations come back as the Results the local host's
// DialectH gives, including the documented differences (tcp/smtp refused
// by that host's handlers; no file system mounted by its executor).
func TestExamplesInRealHostSDK(t *testing.T) {
	srv, port, _ := testServer(t)
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	dns, err := loopback.DNS(loopback.Zone{"www.test.": {"A": {"192.0.2.10"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()
	grants := `{"network":{"rules":[{"hosts":["127.0.0.1","localhost","*.test"],"ports":["0","53","` + port + `","` + dns.Port + `"]}]},` +
		`"exec":{"commands":["` + echo + `","/bin/sh"]},"fs":{"rules":[{"read":["/etc/**"]}]}}`
	portNum := 0
	for _, c := range port {
		portNum = portNum*10 + int(c-'0')
	}
	examples := []struct {
		pkg   string
		cases []exampleCase
	}{
		{"./examples/hello", []exampleCase{
			{"greets", map[string]any{"name": "H"}, "success", dataHas(map[string]any{"greeting": "hello, H"})},
			{"nobody", map[string]any{}, "failure", nil},
		}},
		{"./examples/http", []exampleCase{
			{"get", map[string]any{"url": srv.URL + "/ok"}, "success", func(t *testing.T, m map[string]any) {
				dataHas(map[string]any{"status_code": 200.0, "body_preview": "ok"})(t, m)
				if _, ok := data(m)["response_time_ms"]; !ok {
					t.Fatalf("no response_time_ms: %v", data(m))
				}
			}},
			{"denied", map[string]any{"url": "http://127.0.0.1:1/"}, "error", errorIs("capability", "network capability denied: 127.0.0.1:1")},
			{"not http", map[string]any{"url": "ftp://x"}, "error", errorIs("config", "url")},
		}},
		{"./examples/dns", []exampleCase{
			{"localhost", map[string]any{"hostname": "localhost"}, "success", nil},
			{"nameserver", map[string]any{"hostname": "www.test", "record_type": "A", "nameserver": dns.Addr}, "success", func(t *testing.T, m map[string]any) {
				if r, _ := data(m)["records"].([]any); len(r) != 1 || r[0] != "192.0.2.10" {
					t.Fatalf("records %v", data(m))
				}
			}},
		}},
		// reglet-host-sdk decodes tcp/smtp requests with a numeric port
		// after a capability check that needs a string one; the SDK sends
		// a string (a numeric port would skip that host's grant check), so
		// that host refuses the call with its own validation error
		// (DIALECTS.md, README "Supported Reglet hosts").
		{"./examples/tcp", []exampleCase{
			{"refused by the host's handler", map[string]any{"host": "127.0.0.1", "port": portNum}, "error", errorIs("validation", "unmarshal")},
		}},
		{"./examples/smtp", []exampleCase{
			{"refused by the host's handler", map[string]any{"host": "127.0.0.1", "port": portNum}, "error", errorIs("validation", "unmarshal")},
		}},
		{"./examples/command", []exampleCase{
			{"direct", map[string]any{"command": echo, "args": []string{"hi"}}, "success", dataHas(map[string]any{"stdout": "hi\n", "exec_mode": "direct"})},
			{"shell", map[string]any{"run": "echo hi"}, "success", dataHas(map[string]any{"stdout": "hi\n", "exec_mode": "shell"})},
			{"denied", map[string]any{"command": "/bin/cat"}, "error", errorIs("capability", "exec capability denied: /bin/cat")},
		}},
		// The executor mounts no directory into the guest: the file check
		// must say it cannot look, never report a missing file.
		{"./examples/file", []exampleCase{
			{"no file system", map[string]any{"path": "/etc/hosts"}, "error", errorIs("capability", "the host mounted no directory that holds /etc/hosts")},
		}},
		{"./examples/multi", []exampleCase{
			{"parse", map[string]any{"service": "version", "operation": "parse", "version": "v1.2.3"}, "success",
				dataHas(map[string]any{"major": 1.0, "minor": 2.0, "patch": 3.0})},
		}},
		{"./examples/checks", []exampleCase{
			{"http", map[string]any{"operation": "http", "url": srv.URL + "/ok"}, "success", dataHas(map[string]any{"status_code": 200.0})},
			{"command", map[string]any{"operation": "command", "command": echo, "args": []string{"x"}}, "success", dataHas(map[string]any{"stdout": "x\n"})},
		}},
		{"./internal/testplugins/panics", []exampleCase{
			{"panic", map[string]any{"do": "panic", "value": "boom"}, "error", errorIs("panic", "boom")},
			{"nil deref", map[string]any{"do": "nil_deref"}, "error", errorIs("panic", "nil pointer")},
			{"usable after", map[string]any{}, "success", dataHas(map[string]any{"ok": true})},
		}},
	}
	for _, ex := range examples {
		t.Run(strings.TrimPrefix(ex.pkg, "./"), func(t *testing.T) {
			h := loadRealH(t, ex.pkg, grants)
			m, err := h.inst.Manifest(context.Background())
			if err != nil || m.Name == "" || m.Version == "" {
				t.Fatalf("manifest %+v: %v", m, err)
			}
			for _, c := range ex.cases {
				t.Run(c.name, func(t *testing.T) {
					r := h.observe(t, c.cfg)
					if r["status"] != c.status {
						t.Fatalf("status %v, want %s: %v", r["status"], c.status, r)
					}
					if c.check != nil {
						c.check(t, r)
					}
				})
			}
		})
	}
}
