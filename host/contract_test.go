package host

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

// TestExampleModuleShape checks the example plugin against the wire
// contract directly: every import comes from wasi_snapshot_preview1 or
// reglet_host, and the five exports have the signatures of docs/WIRE.md ("Exports the host calls").
func TestExampleModuleShape(t *testing.T) {
	ctx := context.Background()
	wasm := build(t, "./examples/hello")
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer rt.Close(ctx)
	c, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	var imports []string
	for _, f := range c.ImportedFunctions() {
		mod, name, _ := f.Import()
		if mod != "wasi_snapshot_preview1" && mod != "reglet_host" {
			t.Errorf("import %s.%s is from neither wasi_snapshot_preview1 nor reglet_host", mod, name)
		}
		imports = append(imports, mod+"."+name)
	}
	sort.Strings(imports)
	t.Logf("%d bytes; imports: %s", len(wasm), strings.Join(imports, " "))
	want := map[string]string{
		"_initialize": "() -> ()",
		"_manifest":   "() -> (i64)",
		"_observe":    "(i32, i32) -> (i64)",
		"allocate":    "(i32) -> (i32)",
		"deallocate":  "(i32, i32) -> ()",
	}
	exports := c.ExportedFunctions()
	for name, sig := range want {
		def, ok := exports[name]
		if !ok {
			t.Errorf("export %s missing", name)
			continue
		}
		got := typeNames(def.ParamTypes()) + " -> " + typeNames(def.ResultTypes())
		if got != sig {
			t.Errorf("export %s: signature %s, want %s", name, got, sig)
		}
	}
	if _, ok := exports["_start"]; ok {
		t.Error("module exports _start: it was built as a command, not a c-shared reactor")
	}
}

// BenchmarkPluginSize reports the size of the example plugins' .wasm, as
// built by the README's command and stripped with -ldflags="-s -w".
func BenchmarkPluginSize(b *testing.B) {
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		b.Fatal(err)
	}
	for _, pkg := range []string{"./internal/testplugins/trivial", "./examples/hello"} {
		b.Run(strings.TrimPrefix(pkg, "./"), func(b *testing.B) {
			full, err := wasmbuild.Bytes(context.Background(), root, pkg)
			if err != nil {
				b.Fatal(err)
			}
			stripped, err := wasmbuild.Bytes(context.Background(), root, pkg, "-ldflags=-s -w")
			if err != nil {
				b.Fatal(err)
			}
			// Nothing is timed: the sizes are the result.
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(float64(len(full)), "wasm-bytes")
			b.ReportMetric(float64(len(stripped)), "stripped-bytes")
		})
	}
}
