package doccheck

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

const module = "github.com/reglet-dev/reglet-plugin-sdk/"

// guestRoots are the packages a plugin imports; hostRoots are the local host
// and the CLI. Examples and test plugins are plugins, not the SDK.
var (
	guestRoots = []string{"./application/...", "./domain/...", "./net", "./exec", "./files", "./log"}
	hostRoots  = []string{"./host", "./cmd/reglet-plugin"}
)

// TestReadmeBoundaryTable checks README.md's "Where each package runs"
// table against go list: a package is ".wasm" when it is in
// GOOS=wasip1 go list -deps of the guest packages, "host" when it is in the
// native deps of the host and the CLI, "both" when in both, "tests" when in
// neither; and every package of the module has a row.
func TestReadmeBoundaryTable(t *testing.T) {
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	guest := deps(t, []string{"GOOS=wasip1", "GOARCH=wasm"}, guestRoots)
	hostSide := deps(t, nil, hostRoots)
	all := list(t, nil, "./...")

	want := map[string]string{}
	for _, p := range all {
		if strings.HasPrefix(p, "examples/") || strings.HasPrefix(p, "internal/testplugins") {
			continue
		}
		switch {
		case guest[p] && hostSide[p]:
			want[p] = "both"
		case guest[p]:
			want[p] = ".wasm"
		case hostSide[p]:
			want[p] = "host"
		default:
			want[p] = "tests"
		}
	}

	got := readmeTable(t, filepath.Join(root, "README.md"))
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("README.md's table has no row for %s (runs: %s)", p, w)
		} else if g != w {
			t.Errorf("README.md says %s runs %q; go list says %q", p, g, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("README.md's table lists %s, which is not a package of the SDK", p)
		}
	}
}

// readmeTable returns package -> "runs" from the README table's rows,
// which start with a backquoted package path.
func readmeTable(t *testing.T, path string) map[string]string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "## Where each package runs\n")
	if !ok {
		t.Fatal(`README.md has no "## Where each package runs" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]string{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		name := strings.TrimSpace(cells[1])
		name = name[1:]
		name, _, _ = strings.Cut(name, "`")
		rows[name] = strings.TrimSpace(cells[2])
	}
	if len(rows) < 10 {
		t.Fatalf("found only %d rows in README.md's table", len(rows))
	}
	return rows
}

func deps(t *testing.T, env, pkgs []string) map[string]bool {
	out := map[string]bool{}
	for _, p := range list(t, env, append([]string{"-deps"}, pkgs...)...) {
		out[p] = true
	}
	return out
}

// list runs go list and returns the module's packages it prints, relative
// to the module path.
func list(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	var pkgs []string
	for _, line := range testkit.GoList(t, env, args...) {
		if rel, ok := strings.CutPrefix(line, module); ok {
			pkgs = append(pkgs, rel)
		}
	}
	sort.Strings(pkgs)
	return pkgs
}
