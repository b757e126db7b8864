package plugintest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
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
func NewHost(t testing.TB, opts ...host.HostOption) *host.Host {
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

// Option changes how RunPluginTests and RunExamples run.
type Option func(*options)

type options struct {
	wasm     *wasmSpec
	examples []exampleOption
	dialects []host.Dialect
}

func collect(opts []Option) *options {
	o := &options{}
	for _, f := range opts {
		f(o)
	}
	return o
}

// wasmSpec says which module the wasm run loads, and how.
type wasmSpec struct {
	pkg    string
	module []byte
	host   []host.Option
}

// WithWasm runs every case (or example) twice: natively, and through the
// main package pkg compiled to wasm (GOOS=wasip1 GOARCH=wasm
// -buildmode=c-shared) in the SDK's local host. pkg is a directory relative
// to the test's working directory ("." for a test in the plugin's own main
// package) or an import path. The mocks a case gives natively answer the
// plugin's host calls in the wasm run (host.WithClients); hostOpts apply to
// every wasm run (e.g. host.WithGrants for a test server on loopback).
//
// The module is built once per test process.
func WithWasm(pkg string, hostOpts ...host.Option) Option {
	return func(o *options) { o.wasm = &wasmSpec{pkg: pkg, host: hostOpts} }
}

// WithWasmModule is WithWasm for a module already built, e.g. by Build.
func WithWasmModule(wasm []byte, hostOpts ...host.Option) Option {
	return func(o *options) { o.wasm = &wasmSpec{module: wasm, host: hostOpts} }
}

// WithDialects runs the wasm run once per host dialect given (the subtests
// "wasm-w" and "wasm-h" for host.DialectW and host.DialectH), so a plugin
// is tested against every Reglet host it may meet: the Reglet CLI's wire
// contract (W) and reglet-host-sdk v0.1.5 (H), whose differences the local
// host reproduces (host.WithDialect). Without it the wasm run uses the
// local host's default, dialect W, as the subtest "wasm". It needs WithWasm
// or WithWasmModule.
//
// In every dialect the host itself serves what RealHost cases and cases
// without Clients ask (its own JSON, errors and grant checks); the Clients
// of a case answer the same in every dialect, since a mock stands for the
// host's answer, but the guest still runs as that host runs it (H: a fake
// clock, no deallocate). A case whose Result genuinely differs in a
// dialect says so with TestCase.InDialect.
func WithDialects(dialects ...host.Dialect) Option {
	return func(o *options) { o.dialects = append(o.dialects, dialects...) }
}

// start builds or takes the module of WithWasm (nil without it); it fails
// the test for WithDialects without a module to run.
func (o *options) start(t testing.TB) *wasmRun {
	t.Helper()
	if o.wasm == nil {
		if len(o.dialects) > 0 {
			t.Fatal("plugintest: WithDialects needs WithWasm or WithWasmModule")
		}
		return nil
	}
	return startWasm(t, o.wasm)
}

// hasDialect reports whether the wasm run covers dialect d.
func (o *options) hasDialect(d host.Dialect) bool {
	for _, x := range o.dialects {
		if x == d {
			return true
		}
	}
	return false
}

// eachDialect runs run as the subtest "wasm" (no WithDialects: the host's
// default dialect, d nil) or once per dialect as "wasm-<d>", with the host
// option selecting it.
func (o *options) eachDialect(t *testing.T, run func(t *testing.T, d *host.Dialect, opts []host.Option)) {
	t.Helper()
	if len(o.dialects) == 0 {
		t.Run("wasm", func(t *testing.T) {
			t.Helper()
			run(t, nil, nil)
		})
		return
	}
	for _, d := range o.dialects {
		t.Run("wasm-"+d.String(), func(t *testing.T) {
			t.Helper()
			run(t, &d, []host.Option{host.WithDialect(d)})
		})
	}
}

// wasmRun runs observations through one compiled module.
type wasmRun struct {
	h    *host.Host
	wasm []byte
	opts []host.Option
}

func startWasm(t testing.TB, spec *wasmSpec) *wasmRun {
	t.Helper()
	wasm := spec.module
	if wasm == nil {
		wasm = Build(t, "", spec.pkg)
	}
	return &wasmRun{h: NewHost(t), wasm: wasm, opts: spec.host}
}

// wasmCallTimeout bounds one observation in the wasm run, so a plugin stuck
// in a loop fails its test instead of hanging the test binary.
const wasmCallTimeout = 2 * time.Minute

// observe loads the module with the run's options, clients answering their
// host functions, then the extra options, and runs one observation.
func (w *wasmRun) observe(t testing.TB, config []byte, clients []any, extra []host.Option) *entities.Result {
	t.Helper()
	opts := append([]host.Option{}, w.opts...)
	if len(clients) > 0 {
		opts = append(opts, host.WithClients(clients...))
	}
	opts = append(opts, extra...)
	ctx, cancel := context.WithTimeout(context.Background(), wasmCallTimeout)
	defer cancel()
	p, err := w.h.Load(ctx, w.wasm, opts...)
	if err != nil {
		t.Fatalf("plugintest: loading the wasm module: %v (in the wasm run, Clients must implement a port: only they can answer host calls)", err)
	}
	defer p.Close(ctx)
	out, err := p.ObserveJSON(ctx, config)
	if err != nil {
		t.Fatalf("plugintest: wasm observation failed: %v", err)
	}
	var r entities.Result
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("plugintest: the plugin's Result is not valid JSON: %v\n%s", err, out)
	}
	return &r
}

// NetworkGrant is the host option granting the plugin network access to
// hostPattern on port (host/GRANTS.md patterns), for a case or example
// that reaches a server the test started on loopback.
func NetworkGrant(hostPattern, port string) host.Option {
	return host.WithGrants(entities.GrantSet{Network: &entities.NetworkCapability{
		Rules: []entities.NetworkRule{{Hosts: []string{hostPattern}, Ports: []string{port}}}}})
}
