package host_test

import (
	"context"
	"os"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	root, _ := wasmbuild.ModuleRoot()
	p, err := wasmbuild.Build(ctx, root, "./examples/hello", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	wasm, _ := os.ReadFile(p)
	h, err := host.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	pl, err := h.Load(ctx, wasm)
	if err != nil {
		t.Fatal(err)
	}
	m, err := pl.ManifestJSON(ctx)
	t.Logf("manifest %s %v", m, err)
	r, err := pl.ObserveJSON(ctx, []byte(`{"name":"x"}`))
	t.Logf("result %s %v", r, err)
	r, err = pl.ObserveJSON(ctx, []byte(`{"name":`))
	t.Logf("result %s %v", r, err)
}
