package sizecheck

import (
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
)

// guestRoots are the packages a plugin can link: the SDK's guest API and
// every plugin in the repository. Their wasip1 dependency closure must not
// contain a forbidden package.
var guestRoots = []string{
	"./application/...", "./domain/...", "./log", "./net", "./exec", "./files",
	"./examples/...", "./internal/testplugins/...",
}

// forbidden are packages no plugin may link (TEAM standards; RATIONALE.md,
// "Size"): the host runtime, and standard packages that cost hundreds of
// kilobytes each.
var forbidden = []string{"github.com/tetratelabs/wazero", "net/http", "crypto/tls", "regexp"}

// goList runs go list in the module root for GOOS=wasip1 GOARCH=wasm.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	return testkit.GoList(t, []string{"GOOS=wasip1", "GOARCH=wasm"}, args...)
}

func TestGuestImports(t *testing.T) {
	// Each line: a package, then the packages it imports directly, so a
	// violation names who pulls the forbidden package in.
	lines := goList(t, append([]string{"-deps", "-f", "{{.ImportPath}}:{{join .Imports \",\"}}"}, guestRoots...)...)
	if len(lines) < 20 {
		t.Fatalf("go list found only %d packages: %v", len(lines), lines)
	}
	bad := func(p string) bool {
		for _, f := range forbidden {
			if p == f || strings.HasPrefix(p, f+"/") {
				return true
			}
		}
		return false
	}
	for _, line := range lines {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Split(imports, ",") {
			if bad(imp) && !bad(pkg) {
				t.Errorf("guest package %s imports %s (forbidden in plugins: %s)", pkg, imp, strings.Join(forbidden, ", "))
			}
		}
	}
}

// The guard's own check: the same query over a host package does find
// wazero, so an empty result above is not a broken query.
func TestGuestImportsQuerySeesHostDeps(t *testing.T) {
	for _, p := range goList(t, "-deps", "./host") {
		if strings.HasPrefix(p, "github.com/tetratelabs/wazero") {
			return
		}
	}
	t.Fatal("go list -deps ./host (wasip1) did not list wazero; the guard's query is broken")
}
