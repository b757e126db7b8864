package wasmbuild

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The inputs a plugin build declares to go test's cache: the plugin's own
// directory, the SDK packages it compiles (including wasip1-only ones), the
// module's go.mod and go.sum; nothing of GOROOT or the module cache.
func TestInputs(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Inputs(context.Background(), root, "./examples/multi")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		filepath.Join(root, "examples", "multi"),
		filepath.Join(root, "application", "plugin"),
		filepath.Join(root, "internal", "abi"), // built for wasip1 only
		filepath.Join(root, "go.mod"),
		filepath.Join(root, "go.sum"),
	} {
		if !slices.Contains(got, want) {
			t.Errorf("inputs lack %s:\n%s", want, strings.Join(got, "\n"))
		}
	}
	goroot, err := goOutput(context.Background(), root, "env", "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range got {
		if strings.HasPrefix(p, strings.TrimSpace(goroot)) {
			t.Errorf("input %s is in GOROOT", p)
		}
		if strings.Contains(p, filepath.Join("examples", "http")) || strings.Contains(p, "wazero") {
			t.Errorf("input %s is not part of the multi plugin's build", p)
		}
	}
	if _, err := Inputs(context.Background(), root, "./no/such/package"); err == nil {
		t.Error("a missing package has inputs")
	}
}

// The whole mechanism, through the go command: a test that builds a
// plugin is cached while the plugin is unchanged, and runs again (seeing the
// new code) after its source is edited. The package under test is written
// into testdata (inside this module, so it may import this internal
// package) and removed afterwards.
func TestGoTestCacheSeesPluginEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test three times")
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("testdata", "cachecheck-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.RemoveAll(dir)
		os.Remove("testdata") // only if nothing else is there
	})
	if err := os.MkdirAll(filepath.Join(dir, "plugin"), 0o755); err != nil {
		t.Fatal(err)
	}
	writePlugin := func(marker string) {
		src := "package main\n\nvar Marker = \"" + marker + "\"\n\nfunc main() { println(Marker) }\n"
		if err := os.WriteFile(filepath.Join(dir, "plugin", "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writePlugin("MARKER_ONE")
	test := `package cachecheck

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

func TestBuild(t *testing.T) {
	wasm, err := wasmbuild.Bytes(context.Background(), "", "./plugin")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"MARKER_ONE", "MARKER_TWO"} {
		if bytes.Contains(wasm, []byte(m)) {
			fmt.Println("built", m)
		}
	}
}
`
	if err := os.WriteFile(filepath.Join(dir, "check_test.go"), []byte(test), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func() string {
		t.Helper()
		out, err := goOutputIn(t, "test", "-v", "./"+filepath.ToSlash(dir))
		if err != nil {
			t.Fatalf("go test: %v\n%s", err, out)
		}
		return out
	}
	if out := run(); !strings.Contains(out, "built MARKER_ONE") || strings.Contains(out, "(cached)") {
		t.Fatalf("first run:\n%s", out)
	}
	if out := run(); !strings.Contains(out, "built MARKER_ONE") || !strings.Contains(out, "(cached)") {
		t.Fatalf("second run, nothing changed, is not cached:\n%s", out)
	}
	writePlugin("MARKER_TWO")
	if out := run(); !strings.Contains(out, "built MARKER_TWO") || strings.Contains(out, "(cached)") {
		t.Fatalf("after editing the plugin the cached result was reused:\n%s", out)
	}
}

// goOutputIn runs the native go command in this package's directory and
// returns its combined output.
func goOutputIn(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(GoCommand(), args...)
	cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	out, err := cmd.CombinedOutput()
	return string(out), err
}
