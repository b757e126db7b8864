package plugintest_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/multiport/services"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// The multi-service test plugin through the local host in both host
// dialects, from one table: every port allowed and denied against loopback
// servers, a file read through WASI, a panicking handler and a deadline.
// Each case has one expected Result for both dialects, except where H
// genuinely differs (DIALECTS.md), which the case states with InDialect. A
// regression in either dialect fails here.
func TestMultiServiceInBothDialects(t *testing.T) {
	pki := testkit.TestPKI(t)
	srv := testkit.StartHTTP(t, nil)
	hp := testkit.PortOf(t, srv.Listener.Addr().String())
	ns := testkit.StartDNS(t, testkit.TestZone)
	nsPort := testkit.PortOf(t, ns)
	_, tp := testkit.StartTCP(t, pki.ServerConfig())
	sp := testkit.SMTPServer{TLS: pki.ServerConfig()}.Start(t)
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "motd")
	if err := os.WriteFile(file, []byte("hello from the file"), 0o644); err != nil {
		t.Fatal(err)
	}
	num := func(p string) int { n, _ := strconv.Atoi(p); return n }
	grant := func(g entities.GrantSet) []host.Option { return []host.Option{host.WithGrants(g)} }
	net := func(rules ...entities.NetworkRule) []host.Option { return grant(testkit.NetGrant(rules...)) }
	op := func(svc, op string, cfg map[string]any) map[string]any {
		cfg["service"], cfg["operation"] = svc, op
		return cfg
	}
	ok := func(answer string) plugintest.Want {
		return plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"answer": answer}}
	}
	denied := func(what string) plugintest.Want {
		return plugintest.Want{Status: entities.StatusError, ErrorType: "capability", Message: what}
	}
	// H refuses every tcp_connect and smtp_connect this SDK sends: its
	// handlers want a numeric port, which the SDK never sends so that H's
	// grant check is never skipped; the plugin sees H's VALIDATION_ERROR.
	hRefuses := map[host.Dialect]plugintest.Want{host.DialectH: {Status: entities.StatusError, ErrorType: "validation",
		Message: "failed to unmarshal request"}}
	cases := []plugintest.TestCase{
		{Name: "http", Config: op("net", "http", map[string]any{"target": srv.URL + "/ok"}), Host: net(testkit.NetRule("127.0.0.1", hp)),
			Want: ok("200 ok")},
		{Name: "http denied", Config: op("net", "http", map[string]any{"target": srv.URL + "/ok"}), Host: net(testkit.NetRule("127.0.0.1", "443")),
			Want: denied("127.0.0.1:" + hp)},
		{Name: "dns", Config: op("net", "dns", map[string]any{"target": "mail.test", "nameserver": ns}),
			Host: net(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", nsPort)), Want: ok("v=spf1 -all")},
		{Name: "dns not found", Config: op("net", "dns", map[string]any{"target": "nope.test", "nameserver": ns}),
			Host: net(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", nsPort)),
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "network"}},
		{Name: "dns denied", Config: op("net", "dns", map[string]any{"target": "mail.test", "nameserver": ns}),
			Host: net(testkit.NetRule("127.0.0.1", nsPort)), Want: denied("mail.test:53")},
		{Name: "tcp", Config: op("net", "tcp", map[string]any{"target": "localhost", "port": num(tp), "tls": true}),
			Host: net(testkit.NetRule("localhost", tp)), Want: ok("connected=true tls=true CN=localhost"), InDialect: hRefuses},
		{Name: "tcp denied", Config: op("net", "tcp", map[string]any{"target": "localhost", "port": num(tp)}),
			Host: net(testkit.NetRule("localhost", "1")), Want: denied("localhost:" + tp)},
		{Name: "smtp", Config: op("net", "smtp", map[string]any{"target": "localhost", "port": num(sp), "tls": true}),
			Host: net(testkit.NetRule("localhost", sp)), Want: ok("connected=true tls=true 220-mx.test ESMTP ready"), InDialect: hRefuses},
		{Name: "smtp denied", Config: op("net", "smtp", map[string]any{"target": "localhost", "port": num(sp)}),
			Host: net(testkit.NetRule("localhost", "25")), Want: denied("localhost:" + sp)},
		{Name: "exec", Config: op("system", "exec", map[string]any{"target": echo, "args": []string{"hi"}}),
			Host: grant(entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{echo}}}), Want: ok(`exit=0 out="hi\n"`)},
		{Name: "exec denied", Config: op("system", "exec", map[string]any{"target": "/bin/sh", "args": []string{"-c", "id"}}),
			Host: grant(entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{echo}}}), Want: denied("/bin/sh")},
		{Name: "file", Config: op("system", "read", map[string]any{"target": file}),
			Host: grant(entities.GrantSet{FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: []string{dir}}}}}),
			Want: ok("hello from the file")},
		{Name: "file not granted", Config: op("system", "read", map[string]any{"target": file}),
			Want: plugintest.Want{Status: entities.StatusError, Message: file}},
		{Name: "deadline", Config: op("faults", "deadline", map[string]any{"target": srv.URL + "/slow", "timeout_ms": 200}),
			Host: net(testkit.NetRule("127.0.0.1", hp)), Want: plugintest.Want{Status: entities.StatusError, ErrorType: "timeout"}},
	}
	for i := range cases {
		cases[i].WasmOnly = true // the host serves these; natively there is none
	}
	// Both worlds: what needs no host, and a mock standing for the host.
	cases = append(cases,
		plugintest.TestCase{Name: "panic", Config: op("faults", "panic", map[string]any{"target": "x"}),
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "panic", Message: "multiport: asked to panic"}},
		plugintest.TestCase{Name: "config error", Config: op("net", "http", map[string]any{}),
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: "target: required field is missing"}},
		plugintest.TestCase{Name: "mock", Config: op("net", "http", map[string]any{"target": "https://example.com/x"}), Clients: []any{world{}},
			Want: ok("200 get:https://example.com/x")},
		// The nameserver a handler asked for reaches the mock in every
		// world (plugin.DNSNameserver).
		plugintest.TestCase{Name: "mock sees the nameserver", Config: op("net", "dns", map[string]any{"target": "example.com", "nameserver": "192.0.2.53:53"}),
			Clients: []any{nameserverEcho{}}, Want: ok("asked 192.0.2.53:53")},
		plugintest.TestCase{Name: "unknown operation", Config: op("net", "ftp", map[string]any{"target": "x"}),
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: "ftp"}},
	)
	ran := map[string]bool{}
	for i := range cases {
		cases[i].Validate = func(t *testing.T, r *entities.Result) {
			name := t.Name()
			ran[name[strings.LastIndex(name, "/")+1:]] = true
			// The guest runs as each host runs it: under H, wazero's
			// fake clock (2022).
			if strings.HasSuffix(name, "/wasm-h") && (r.Metadata == nil || r.Metadata.StartTime.Year() != 2022) {
				t.Errorf("dialect H run without H's clock: %+v", r.Metadata)
			}
		}
	}
	plugintest.RunPluginTests(t, services.Plugin, cases,
		plugintest.WithWasm(multiportPkg, host.WithRootCAs(pki.Pool)),
		plugintest.WithDialects(host.DialectW, host.DialectH))
	if !ran["native"] || !ran["wasm-w"] || !ran["wasm-h"] || ran["wasm"] {
		t.Errorf("worlds run: %v", ran)
	}
}

// nameserverEcho answers a TXT lookup with the nameserver it was asked
// through.
type nameserverEcho struct{ ports.DNSResolver }

func (nameserverEcho) LookupTXT(ctx context.Context, _ string) ([]string, error) {
	return []string{"asked " + plugin.DNSNameserver(ctx)}, nil
}
