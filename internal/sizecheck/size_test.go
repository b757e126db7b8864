package sizecheck

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

var update = flag.Bool("update", false, "record the current sizes as the budget for this Go release")

// Margin: a module may grow by marginPct percent plus marginBytes over its
// recorded size before the test fails. Builds are reproducible for one Go
// release, so the margin only absorbs deliberate small additions.
const (
	marginPct   = 1
	marginBytes = 16 << 10
)

const budgetFile = "testdata/budget.json"

// budget maps a Go release ("go1.26") to module sizes by example path.
type budget map[string]map[string]int64

// goRelease is the release of the go command that builds the modules.
func goRelease(t *testing.T) string {
	t.Helper()
	out, err := exec.Command(wasmbuild.GoCommand(), "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.TrimSpace(string(out)) // go1.26.8
	if parts := strings.SplitN(v, ".", 3); len(parts) >= 2 {
		return parts[0] + "." + parts[1]
	}
	return v
}

// examples lists the plugin main packages under examples/.
func examples(t *testing.T) []string {
	t.Helper()
	var out []string
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	lines := goList(t, "-f", "{{if eq .Name \"main\"}}{{.Dir}}{{end}}", "./examples/...")
	for _, dir := range lines {
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	sort.Strings(out)
	return out
}

// boundExamples are also budgeted as reglet-plugin build makes them.
var boundExamples = []string{"examples/http", "examples/multi"}

// TestExampleSizeBudget builds every example plugin and compares its size
// with testdata/budget.json for this Go release. Rerun with -update after a
// change whose growth is justified (and say why in RATIONALE.md).
func TestExampleSizeBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example to wasm")
	}
	release := goRelease(t)
	var b budget
	raw, err := os.ReadFile(budgetFile)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatalf("%s: %v", budgetFile, err)
		}
	}
	if b == nil {
		b = budget{}
	}
	want, known := b[release]
	if !known && !*update {
		t.Skipf("%s has no sizes for %s (it has %v); record them with go test ./internal/sizecheck -run SizeBudget -update", budgetFile, release, keys(b))
	}
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	type target struct{ name, pkg string }
	var targets []target
	for _, ex := range examples(t) {
		targets = append(targets, target{ex, ex})
	}
	// Two typed examples also as reglet-plugin build makes them (handlers
	// bound by generated code), so the ~1 MB that binding saves stays saved.
	for _, ex := range boundExamples {
		targets = append(targets, target{ex + " (bound)", ex})
	}
	for _, tg := range targets {
		ex := tg.name
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		var wasm []byte
		var err error
		if tg.name == tg.pkg {
			wasm, err = wasmbuild.Bytes(ctx, root, "./"+tg.pkg)
		} else {
			var note string
			wasm, note, err = wasmbuild.BoundBytes(ctx, root, "./"+tg.pkg)
			if err == nil && note != "" {
				t.Errorf("%s: not bound: %s", ex, note)
			}
		}
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", ex, err)
		}
		got[ex] = int64(len(wasm))
		limit, ok := want[ex]
		switch {
		case *update:
		case !ok:
			t.Logf("%s: %d bytes, no budget yet (record it with -update)", ex, len(wasm))
		case int64(len(wasm)) > limit+limit*marginPct/100+marginBytes:
			t.Errorf("%s is %d bytes, %+d over its budget of %d (margin %d%% + %d bytes): find what the change added (go run ./cmd/reglet-plugin size), or if it is worth it, rerun with -update and say why in RATIONALE.md",
				ex, len(wasm), int64(len(wasm))-limit, limit, marginPct, marginBytes)
		case int64(len(wasm)) < limit-limit*5/100:
			t.Logf("%s is %d bytes, well under its budget of %d: lower it with -update", ex, len(wasm), limit)
		}
	}
	if *update {
		b[release] = got
		out, err := json.MarshalIndent(b, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(budgetFile, append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func keys(b budget) []string {
	var out []string
	for k := range b {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
