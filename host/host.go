package host

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Host runs Reglet plugins. It is safe for concurrent use.
type Host struct {
	cfg     config
	engines [numModes]engine

	mu      sync.Mutex
	modules map[moduleKey]*compilation
	closed  bool

	compiles atomic.Int32 // compilations started, for tests
}

// compilation is one module being compiled, or compiled: done is closed
// when c or err is set. Callers that ask for a module while it compiles
// wait for that compilation instead of starting their own (compiling a
// 5 MB plugin takes seconds of CPU, and a test that loads the same plugin
// from eight goroutines would otherwise compile it eight times).
type compilation struct {
	done chan struct{}
	c    wazero.CompiledModule
	err  error
}

type moduleKey struct {
	sum  [32]byte
	mode mode
}

// New makes a Host. Its wazero runtimes (with WASI and the reglet_host
// module) start on first use.
func New(ctx context.Context, opts ...HostOption) (*Host, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o.applyHost(&cfg)
	}
	if cfg.optErr != nil {
		return nil, cfg.optErr
	}
	return &Host{cfg: cfg, modules: map[moduleKey]*compilation{}}, nil
}

// Close releases the runtimes and every Plugin loaded from this Host.
func (h *Host) Close(ctx context.Context) error {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	var err error
	for m := range h.engines {
		if cerr := h.engines[m].close(ctx, h.cfg.cacheDir != ""); err == nil {
			err = cerr
		}
	}
	return err
}

// Load compiles a plugin module (or finds it already compiled), checks that
// it speaks the wire contract, and returns a Plugin ready to call. opts
// override the Host's options for this plugin.
//
// Load compiles the code used for calls that can be canceled; code for calls
// that cannot (context.Background) is compiled on the first such call.
func (h *Host) Load(ctx context.Context, wasm []byte, opts ...Option) (*Plugin, error) {
	cfg := h.cfg
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.optErr != nil {
		return nil, cfg.optErr
	}
	p := &Plugin{host: h, sum: sha256.Sum256(wasm), wasm: wasm, cfg: cfg, modCfg: moduleConfig(cfg)}
	first := interruptible
	if cfg.noInterrupt {
		first = plain
	}
	if _, err := p.compiled(ctx, first); err != nil {
		return nil, err
	}
	return p, nil
}

// compile returns the module compiled for mode m, compiling it once per Host.
func (h *Host) compile(ctx context.Context, sum [32]byte, wasm []byte, m mode) (wazero.CompiledModule, error) {
	key := moduleKey{sum, m}
	for {
		h.mu.Lock()
		if h.closed {
			h.mu.Unlock()
			return nil, ErrClosed
		}
		cp, ok := h.modules[key]
		if !ok {
			cp = &compilation{done: make(chan struct{})}
			h.modules[key] = cp
			h.mu.Unlock()
			cp.c, cp.err = h.compileOnce(ctx, wasm, m)
			if cp.err != nil {
				// A failed compilation is not kept: the next caller may have
				// a context that lets it finish.
				h.mu.Lock()
				delete(h.modules, key)
				h.mu.Unlock()
			}
			close(cp.done)
			return cp.c, cp.err
		}
		h.mu.Unlock()
		select {
		case <-cp.done:
		case <-ctx.Done():
			return nil, fmt.Errorf("host: waiting for the plugin to compile: %w", ctx.Err())
		}
		if cp.err == nil {
			return cp.c, nil
		}
		// The compilation this caller waited for failed. A module that
		// cannot compile fails every caller the same way; one that failed
		// because its first caller's context ended is compiled again under
		// this caller's context.
		if !errors.Is(cp.err, context.Canceled) && !errors.Is(cp.err, context.DeadlineExceeded) {
			return nil, cp.err
		}
	}
}

// wasmMagic is how every WebAssembly binary module begins.
var wasmMagic = []byte("\x00asm")

// compileOnce compiles wasm for mode m and checks its contract.
func (h *Host) compileOnce(ctx context.Context, wasm []byte, m mode) (wazero.CompiledModule, error) {
	if !bytes.HasPrefix(wasm, wasmMagic) {
		// wazero would say "invalid magic number"; say what the file is
		// not and how to make one.
		return nil, fmt.Errorf("host: not a WebAssembly module (it starts with %q, not %q): build the plugin with GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared",
			wasm[:min(len(wasm), 4)], wasmMagic)
	}
	h.compiles.Add(1)
	rt, err := h.engines[m].start(ctx, &h.cfg, m)
	if err != nil {
		return nil, err
	}
	c, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		return nil, fmt.Errorf("host: compiling plugin: %w", err)
	}
	if err := checkContract(c); err != nil {
		c.Close(ctx)
		return nil, err
	}
	return c, nil
}

// checkContract refuses modules the Reglet host would refuse.
func checkContract(c wazero.CompiledModule) error {
	for _, f := range c.ImportedFunctions() {
		mod, name, _ := f.Import()
		if mod != wasiModule && mod != wire.Module {
			return fmt.Errorf("%w: it imports %s.%s; only %s and %s are provided", ErrIncompatible, mod, name, wasiModule, wire.Module)
		}
		if mod == wire.Module {
			if _, ok := hostFuncSigs[name]; !ok {
				return fmt.Errorf("%w: it imports %s.%s, which the host does not provide", ErrIncompatible, mod, name)
			}
		}
	}
	exports := c.ExportedFunctions()
	i32, i64 := api.ValueTypeI32, api.ValueTypeI64
	want := []struct {
		name            string
		params, results []api.ValueType
	}{
		{"_initialize", nil, nil},
		{"_manifest", nil, []api.ValueType{i64}},
		{"_observe", []api.ValueType{i32, i32}, []api.ValueType{i64}},
		{"allocate", []api.ValueType{i32}, []api.ValueType{i32}},
		{"deallocate", []api.ValueType{i32, i32}, nil},
	}
	for _, w := range want {
		def, ok := exports[w.name]
		if !ok {
			return fmt.Errorf("%w: it does not export %s (build with GOOS=wasip1 GOARCH=wasm -buildmode=c-shared and import the SDK's plugin package)", ErrIncompatible, w.name)
		}
		if !sameTypes(def.ParamTypes(), w.params) || !sameTypes(def.ResultTypes(), w.results) {
			return fmt.Errorf("%w: export %s has signature %s -> %s, want %s -> %s", ErrIncompatible, w.name,
				typeNames(def.ParamTypes()), typeNames(def.ResultTypes()), typeNames(w.params), typeNames(w.results))
		}
	}
	return nil
}

const wasiModule = wasi_snapshot_preview1.ModuleName

func sameTypes(a, b []api.ValueType) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func typeNames(ts []api.ValueType) string {
	s := "("
	for i, t := range ts {
		if i > 0 {
			s += ", "
		}
		s += api.ValueTypeName(t)
	}
	return s + ")"
}

// moduleConfig is the WASI configuration of every instance of a plugin:
// real clocks, crypto randomness, stdio, and only the environment variables
// and directories the grants allow.
//
// Under DialectH the guest keeps wazero's defaults for clocks and
// randomness, as that host's executor gives it: wall time starting at
// 2022-01-01T00:00:00Z and advancing a millisecond per read, a monotonic
// clock doing the same, sleeps that return at once, and a deterministic
// random source.
func moduleConfig(cfg config) wazero.ModuleConfig {
	mc := wazero.NewModuleConfig().
		WithName("").
		WithStartFunctions("_initialize").
		WithStdout(cfg.stdout).
		WithStderr(cfg.stderr)
	if cfg.dialect != DialectH {
		mc = mc.WithSysWalltime().
			WithSysNanotime().
			WithSysNanosleep().
			WithRandSource(rand.Reader)
	}
	return applyGrantsToModule(mc, cfg.grants)
}
