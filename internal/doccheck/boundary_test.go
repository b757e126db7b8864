package doccheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

const module = "github.com/reglet-dev/reglet-plugin-sdk/"

// guestRoots are the packages a plugin imports; hostRoots are the local host
// and the CLI. Examples and test plugins are plugins, not the SDK.
var (
	guestRoots = []string{"./application/...", "./domain/...", "./net", "./exec", "./log"}
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
	guest := deps(t, root, []string{"GOOS=wasip1", "GOARCH=wasm"}, guestRoots)
	hostSide := deps(t, root, nil, hostRoots)
	all := list(t, root, nil, "./...")

	want := map[string]string{}
	for _, p := range all {
		if strings.HasPrefix(p, "examples/") || strings.HasPrefix(p, "internal/testplugins") || p == "internal/doccheck" {
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

func deps(t *testing.T, dir string, env, pkgs []string) map[string]bool {
	out := map[string]bool{}
	for _, p := range list(t, dir, env, append([]string{"-deps"}, pkgs...)...) {
		out[p] = true
	}
	return out
}

// list runs go list in dir and returns the module's packages it prints,
// relative to the module path.
func list(t *testing.T, dir string, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(wasmbuild.GoCommand(), append([]string{"list"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	var pkgs []string
	for _, line := range strings.Fields(string(b)) {
		if rel, ok := strings.CutPrefix(line, module); ok {
			pkgs = append(pkgs, rel)
		}
	}
	sort.Strings(pkgs)
	return pkgs
}
