package testkit

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

// Wasm builds the main package pkg of this SDK's module (for example
// "./internal/testplugins/hostprobe") to a wasip1 c-shared module.
// wasmbuild memoises builds per process, so every caller shares one build.
//
// Under go test -short it skips the test instead: building and running
// plugins is the heavy part of the suite, and -short (with -race in CI)
// is for the host's own logic.
func Wasm(t testing.TB, pkg string) []byte {
	t.Helper()
	if testing.Short() {
		t.Skipf("-short: skips building and running %s", pkg)
	}
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := wasmbuild.Bytes(context.Background(), root, pkg)
	if err != nil {
		t.Fatal(err)
	}
	return wasm
}

// GoList runs go list with args in the module root, with env added to the
// environment (for example GOOS=wasip1 GOARCH=wasm), bounded to two
// minutes, and returns its output split into fields.
func GoList(t testing.TB, env []string, args ...string) []string {
	t.Helper()
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, wasmbuild.GoCommand(), append([]string{"list"}, args...)...)
	cmd.Dir = root
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return strings.Fields(string(out))
}
