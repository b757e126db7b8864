package plugintest

import (
	"context"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

// Build compiles the main package pkg (a path such as "./examples/hello",
// relative to dir, or an import path) to a wasip1 c-shared module and
// returns its bytes. An empty dir means the current directory. Each package
// is built once per test process; the go command's cache makes rebuilds in
// later runs cheap.
func Build(t testing.TB, dir, pkg string) []byte {
	t.Helper()
	wasm, err := wasmbuild.Bytes(context.Background(), dir, pkg)
	if err != nil {
		t.Fatalf("plugintest.Build: %v", err)
	}
	return wasm
}

// BuildSDK is Build with dir set to the root of this SDK's module, for
// tests inside the SDK that build its examples and test plugins.
func BuildSDK(t testing.TB, pkg string) []byte {
	t.Helper()
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatalf("plugintest.BuildSDK: %v", err)
	}
	return Build(t, root, pkg)
}

// NewHost returns a local host closed when the test ends.
func NewHost(t testing.TB, opts ...host.Option) *host.Host {
	t.Helper()
	ctx := context.Background()
	h, err := host.New(ctx, opts...)
	if err != nil {
		t.Fatalf("plugintest.NewHost: %v", err)
	}
	t.Cleanup(func() { h.Close(ctx) })
	return h
}

// Load loads wasm into a new local host with opts (grants, scripted host
// functions, deallocation habit) and returns the plugin, closed when the
// test ends.
func Load(t testing.TB, wasm []byte, opts ...host.Option) *host.Plugin {
	t.Helper()
	ctx := context.Background()
	p, err := NewHost(t).Load(ctx, wasm, opts...)
	if err != nil {
		t.Fatalf("plugintest.Load: %v", err)
	}
	t.Cleanup(func() { p.Close(ctx) })
	return p
}
