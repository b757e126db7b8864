package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// writeWasm builds pkg and writes it where the CLI can read it.
func writeWasm(t *testing.T, pkg string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plugin.wasm")
	if err := os.WriteFile(path, plugintest.BuildSDK(t, pkg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	var ec exitCode
	switch {
	case err == nil:
	case errors.As(err, &ec):
		code = int(ec)
	default:
		code = -1
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), code
}

func TestManifestCommand(t *testing.T) {
	wasm := writeWasm(t, "./examples/hello")
	out, errOut, code := cli(t, "manifest", wasm)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m entities.Manifest
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.Name != "hello" {
		t.Fatalf("manifest output %q (%v)", out, err)
	}
	out, _, code = cli(t, "manifest", "-schema", wasm)
	if code != 0 || !strings.Contains(out, `"required": [`) || strings.Contains(out, `"name": "hello"`) {
		t.Fatalf("-schema output (exit %d): %s", code, out)
	}
	if _, errOut, code := cli(t, "manifest"); code != 2 || !strings.Contains(errOut, "usage") {
		t.Fatalf("no plugin: exit %d %q", code, errOut)
	}
	if _, errOut, code := cli(t, "manifest", filepath.Join(t.TempDir(), "missing.wasm")); code != -1 || !strings.Contains(errOut, "no such file") {
		t.Fatalf("missing file: exit %d %q", code, errOut)
	}
}

func TestRunCommandExitCodes(t *testing.T) {
	wasm := writeWasm(t, "./examples/hello")
	cfgFile := filepath.Join(t.TempDir(), "config.json")
	os.WriteFile(cfgFile, []byte(`{"name":"file"}`), 0o644)
	for _, tc := range []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"run", "-c", `{"name":"cli"}`, wasm}, 0, `"greeting": "hello, cli"`},
		{[]string{"run", "-config", cfgFile, wasm}, 0, `"greeting": "hello, file"`},
		{[]string{"run", wasm}, 1, `"status": "failure"`},
		{[]string{"run", "-c", `[1]`, wasm}, 2, `"type": "config"`},
		{[]string{"run", "-timeout", "0", "-c", `{"name":"x"}`, wasm}, 0, `"success"`},
	} {
		out, errOut, code := cli(t, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.contains) {
			t.Errorf("%v: exit %d (want %d), stdout %q, stderr %q", tc.args, code, tc.code, out, errOut)
		}
	}
	if _, errOut, code := cli(t, "run", "-c", "{}", "-config", cfgFile, wasm); code != -1 || !strings.Contains(errOut, "not both") {
		t.Errorf("-c and -config: exit %d %q", code, errOut)
	}
}

func TestRunCommandTimeout(t *testing.T) {
	wasm := writeWasm(t, "./internal/testplugins/spin")
	_, errOut, code := cli(t, "run", "-timeout", "100ms", wasm)
	if code != -1 || !strings.Contains(errOut, "deadline exceeded") {
		t.Fatalf("spinning plugin: exit %d, stderr %q", code, errOut)
	}
}

func TestTestCommandWithoutExamples(t *testing.T) {
	out, errOut, code := cli(t, "test", writeWasm(t, "./examples/hello"))
	if code != 1 || !strings.Contains(out, "0 passed, 0 failed") || !strings.Contains(errOut, "no examples") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestUsage(t *testing.T) {
	if _, errOut, code := cli(t); code != 2 || !strings.Contains(errOut, "commands:") {
		t.Fatalf("no args: exit %d %q", code, errOut)
	}
	if _, errOut, code := cli(t, "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Fatalf("unknown: exit %d %q", code, errOut)
	}
	if out, _, code := cli(t, "help"); code != 0 || !strings.Contains(out, "demo") {
		t.Fatalf("help: exit %d %q", code, out)
	}
}

func TestGrantFlags(t *testing.T) {
	declared := entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{"/bin/true"}}}
	var g grantFlags
	g.declared = true
	g.net = listFlag{"api.example.com:443", "*.example.org:8000-9000", "[::1]:80"}
	g.env = listFlag{"HOME"}
	g.exec = listFlag{"/usr/bin/env"}
	g.read = listFlag{"/etc/hosts"}
	dir := t.TempDir()
	g.file = filepath.Join(dir, "grants.json")
	os.WriteFile(g.file, []byte(`{"kv":{"rules":[{"op":"read","keys":["a"]}]}}`), 0o644)
	got, err := g.build(declared)
	if err != nil {
		t.Fatal(err)
	}
	want := entities.GrantSet{
		Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{
			{Hosts: []string{"api.example.com"}, Ports: []string{"443"}},
			{Hosts: []string{"*.example.org"}, Ports: []string{"8000-9000"}},
			{Hosts: []string{"::1"}, Ports: []string{"80"}},
		}},
		FS:   &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: []string{"/etc/hosts"}}}},
		Env:  &entities.EnvCapability{Vars: []string{"HOME"}},
		Exec: &entities.ExecCapability{Commands: []string{"/bin/true", "/usr/bin/env"}},
		KV:   &entities.KVCapability{Rules: []entities.KVRule{{Op: "read", Keys: []string{"a"}}}},
	}
	if !reflect.DeepEqual(got, want) {
		g1, _ := json.Marshal(got)
		w1, _ := json.Marshal(want)
		t.Fatalf("got  %s\nwant %s", g1, w1)
	}
	for _, bad := range []string{"nohost", ":443", "host:"} {
		if _, err := (&grantFlags{net: listFlag{bad}}).build(entities.GrantSet{}); err == nil {
			t.Errorf("-net %q accepted", bad)
		}
	}
	os.WriteFile(g.file, []byte(`{"netwrk":{}}`), 0o644)
	if _, err := (&grantFlags{file: g.file}).build(entities.GrantSet{}); err == nil || !strings.Contains(err.Error(), "netwrk") {
		t.Errorf("misspelled grants file: %v", err)
	}
}

func TestDemo(t *testing.T) {
	out, errOut, code := cli(t, "demo")
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"==> ./examples/hello", `"name": "hello"`, "-> SUCCESS", "-> FAILURE", "-> ERROR",
		"==> ./examples/http", `"status_code": 200`, "url: required field is missing",
		"==> ./examples/dns", `"mx_records": [`, `"is_not_found": true`, `permission denied: network example.com:53 not granted`,
		"==> ./examples/tcp", `"tls_cert_days_remaining": -2`, "certificate has expired", `"tls_server_name": "127.0.0.1"`,
		"==> ./examples/smtp", `"starttls_not_offered": true`, `"banner": "220 mx.loopback.test ESMTP ready"`,
		"==> ./examples/command", `"exec_mode": "shell"`, "exited 3, want 0", `permission denied: exec /usr/bin/id not granted`,
		"==> ./examples/file", `"is_symlink": true`, `"mode": "unknown"`, "is outside the plugin's file grants",
		`permission denied: network example.com:443 not granted`,
		"==> ./examples/multi", `"major": 2`, "got status 503, want 200", `did you mean \"parse\"?`,
		"==> ./examples/checks", "accepts connections", "/bin/echo exited 0",
		`permission denied: exec /bin/sh not granted`, `permission denied: network 10.0.0.1:22 not granted`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

func TestBuildCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.wasm")
	root, _ := moduleRoot()
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	stdout, errOut, code := cli(t, "build", "-o", out, "./examples/hello")
	if code != 0 || !strings.Contains(stdout, "built "+out) {
		t.Fatalf("exit %d: %s %s", code, stdout, errOut)
	}
	b, _ := os.ReadFile(out)
	if !bytes.HasPrefix(b, []byte("\x00asm")) {
		t.Fatal("output is not a wasm module")
	}
}

// A plugin the generated binding cannot fully name is built with the
// reflective binding and loaded once: one that starts (a handler promoted
// from an embedded type) is written; one that panics at start-up (a typo
// in a method tag) is not, and the error and the panic say why.
func TestBuildCommandChecksTheReflectiveFallback(t *testing.T) {
	root, _ := moduleRoot()
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	dir := t.TempDir()

	ok := filepath.Join(dir, "promoted.wasm")
	stdout, errOut, code := cli(t, "build", "-o", ok, "./internal/wasmbuild/testdata/promoted")
	if code != 0 || !strings.Contains(stdout, "built "+ok) || !strings.Contains(errOut, "handlers bound by reflection") {
		t.Fatalf("promoted: exit %d: %s %s", code, stdout, errOut)
	}

	bad := filepath.Join(dir, "typo.wasm")
	stdout, errOut, code = cli(t, "build", "-o", bad, "./internal/wasmbuild/testdata/typo")
	if code == 0 || strings.Contains(stdout, "built") {
		t.Fatalf("typo: exit %d: %s %s", code, stdout, errOut)
	}
	for _, want := range []string{"the built plugin does not start, " + bad + " not written", `did you mean "RunHandler"?`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("%s was written (%v)", bad, err)
	}
}

func TestSizeCommand(t *testing.T) {
	out, errOut, code := cli(t, "size", "-n", "5", writeWasm(t, "./examples/hello"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"bytes (code ", "  runtime\n", "more packages)"} {
		if !strings.Contains(out, want) {
			t.Errorf("size output lacks %q:\n%s", want, out)
		}
	}
	if got := strings.Count(out, "%  "); got != 6 {
		t.Errorf("want 5 package rows and a remainder row, got %d rows:\n%s", got, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.wasm")
	os.WriteFile(bad, []byte("\x00asm\x01\x00\x00\x00\x0a\xff"), 0o644)
	if _, errOut, code := cli(t, "size", bad); code != -1 || !strings.Contains(errOut, "truncated") {
		t.Errorf("truncated module: exit %d %q", code, errOut)
	}
}

func TestPackageOf(t *testing.T) {
	for sym, want := range map[string]string{
		"runtime.mallocgc":               "runtime",
		"runtime.__mheap_.alloc":         "runtime",
		"encoding_json.Unmarshal":        "encoding/json",
		"internal_runtime_maps.__Map_.A": "internal/runtime/maps",
		"github.com_reglet_dev_reglet_plugin_sdk_application_plugin.ObserveJSON": "github.com_reglet_dev_reglet_plugin_sdk_application_plugin",
		"golang.org_x_sys_unix.Syscall":                                          "golang.org_x_sys_unix",
		"time.Time.Format":                                                       "time",
		"":                                                                       "(unnamed)",
		"nodot":                                                                  "nodot",
	} {
		if got := packageOf(sym); got != want {
			t.Errorf("packageOf(%q) = %q, want %q", sym, got, want)
		}
	}
}

func TestTestCommandRunsManifestExamples(t *testing.T) {
	out, errOut, code := cli(t, "test", writeWasm(t, "./examples/multi"))
	// http/check's example needs https://example.com, which is not granted
	// (and not reachable here); the version examples run in the plugin.
	for _, want := range []string{
		"PASS version/check new_enough", "PASS version/check too_old", "PASS version/parse basic",
		"FAIL http/check ok", "permission denied: network example.com:443 not granted", "3 passed, 1 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s%s", want, out, errOut)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
}

// -ca trusts a test CA: a TLS probe through the .wasm of a server whose
// certificate that CA signed is verified with it, and reported as
// unverified (certificate and reason as data) without it.
func TestCAFlag(t *testing.T) {
	pki, err := loopback.NewPKI()
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := pki.ServerTLS(24 * time.Hour)
	srv, err := loopback.TCP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	os.WriteFile(caFile, pki.CAPEM(), 0o644)
	junk := filepath.Join(dir, "junk.pem")
	os.WriteFile(junk, []byte("not a certificate"), 0o644)
	wasm := writeWasm(t, "./internal/testplugins/hostprobe")
	obs := `{"call":"tcp.dial_secure","host":"localhost","port":"` + srv.Port + `","dial_timeout_ms":3000}`
	tests := []struct {
		name      string
		args      []string
		code      int
		want      string
		wantNoErr bool
	}{
		{"trusted with -ca", []string{"-ca", caFile}, 0, `"connected": true`, true},
		{"untrusted without", nil, 0, "certificate signed by unknown authority", false},
		{"a file without certificates", []string{"-ca", junk}, -1, "no PEM certificate", false},
	}
	for _, tt := range tests {
		args := append(append([]string{"run", "-net", "localhost:" + srv.Port}, tt.args...), "-c", obs, wasm)
		out, errOut, code := cli(t, args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) || (tt.wantNoErr && strings.Contains(out, "tls_verify_error\": \"x509")) {
			t.Errorf("%s: exit %d\n%s\n%s", tt.name, code, out, errOut)
		}
	}
}

// help <command> prints that command's usage and flags on stdout.
func TestHelpCommand(t *testing.T) {
	for cmd, wants := range map[string][]string{
		"run":      {"usage: reglet-plugin run", "-grant-declared", "-timeout", "-config", "-cache"},
		"test":     {"usage: reglet-plugin test", "-grant-declared", "-timeout"},
		"manifest": {"usage: reglet-plugin manifest", "-schema", "-cache"},
		"build":    {"usage: reglet-plugin build", "-o file"},
		"size":     {"usage: reglet-plugin size", "-n n"},
	} {
		out, errOut, code := cli(t, "help", cmd)
		if code != 0 || errOut != "" {
			t.Errorf("help %s: exit %d, stderr %q", cmd, code, errOut)
		}
		if strings.Contains(out, "commands:") {
			t.Errorf("help %s printed the global usage:\n%s", cmd, out)
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("help %s lacks %q:\n%s", cmd, w, out)
			}
		}
	}
	if _, errOut, code := cli(t, "help", "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("help frobnicate: exit %d %q", code, errOut)
	}
	if out, _, code := cli(t, "help", "help"); code != 0 || !strings.Contains(out, "commands:") {
		t.Errorf("help help: exit %d %q", code, out)
	}
}

// The CLI's JSON shows <, > and & as themselves.
func TestJSONWithoutHTMLEscapes(t *testing.T) {
	out, errOut, code := cli(t, "run", "-c", `{"name":"<b> & <i>"}`, writeWasm(t, "./examples/hello"))
	if code != 0 || !strings.Contains(out, `"greeting": "hello, <b> & <i>"`) {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	for _, tc := range []struct{ in, want string }{
		{`{"a":"\u003cx\u003e \u0026"}`, `{"a":"<x> &"}`},
		{`{"\u003c":"\u003C\u003E"}`, `{"<":"<>"}`},
		{`{"a":"\\u003c"}`, `{"a":"\\u003c"}`},               // an escaped backslash, then text
		{`{"a":"\\\u003c\"\u003e"}`, `{"a":"\\<\">"}`},       // escapes next to each other
		{`{"a":"\u2028\u00e9\n"}`, `{"a":"\u2028\u00e9\n"}`}, // other escapes stay
		{`["\u003c",1,true]`, `["<",1,true]`},
	} {
		got := string(unescapeHTML([]byte(tc.in)))
		if got != tc.want {
			t.Errorf("unescapeHTML(%s) = %s, want %s", tc.in, got, tc.want)
		}
		var a, b any
		if json.Unmarshal([]byte(tc.in), &a) != nil || json.Unmarshal([]byte(got), &b) != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("unescapeHTML(%s) = %s changed the value", tc.in, got)
		}
	}
}
