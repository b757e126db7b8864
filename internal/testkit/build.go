package testkit

import (
	"context"
	"testing"

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
