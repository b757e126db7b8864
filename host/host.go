package host

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Host runs Reglet plugins. It is safe for concurrent use.
type Host struct {
	rt    wazero.Runtime
	cache wazero.CompilationCache
	cfg   config

	mu      sync.Mutex
	modules map[[32]byte]wazero.CompiledModule
	closed  bool
}

// memCache is shared by every Host without WithCompilationCacheDir, so a
// process that makes many Hosts (a test suite) compiles each module once.
var (
	memCacheOnce sync.Once
	memCache     wazero.CompilationCache
)

// New makes a Host: a wazero runtime with WASI and the reglet_host module.
func New(ctx context.Context, opts ...Option) (*Host, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	var cache wazero.CompilationCache
	if cfg.cacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(cfg.cacheDir)
		if err != nil {
			return nil, fmt.Errorf("host: compilation cache: %w", err)
		}
		cache = c
	} else {
		memCacheOnce.Do(func() { memCache = wazero.NewCompilationCache() })
		cache = memCache
	}
	rc := wazero.NewRuntimeConfig().
		WithCompilationCache(cache).
		WithCloseOnContextDone(true)
	if cfg.memoryLimitPages > 0 {
		rc = rc.WithMemoryLimitPages(cfg.memoryLimitPages)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("host: instantiating WASI: %w", err)
	}
	if err := instantiateHostModule(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("host: instantiating %s: %w", wire.Module, err)
	}
	return &Host{rt: rt, cache: cache, cfg: cfg, modules: map[[32]byte]wazero.CompiledModule{}}, nil
}

// Close releases the runtime and every Plugin loaded from it.
func (h *Host) Close(ctx context.Context) error {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	err := h.rt.Close(ctx)
	if h.cfg.cacheDir != "" {
		if cerr := h.cache.Close(ctx); err == nil {
			err = cerr
		}
	}
	return err
}

// Load compiles (or finds already compiled) a plugin module, checks that it
// speaks the wire contract, and returns a Plugin ready to call. opts
// override the Host's options for this plugin.
func (h *Host) Load(ctx context.Context, wasm []byte, opts ...Option) (*Plugin, error) {
	cfg := h.cfg
	for _, o := range opts {
		o(&cfg)
	}
	key := sha256.Sum256(wasm)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrClosed
	}
	compiled, ok := h.modules[key]
	h.mu.Unlock()
	if !ok {
		c, err := h.rt.CompileModule(ctx, wasm)
		if err != nil {
			return nil, fmt.Errorf("host: compiling plugin: %w", err)
		}
		if err := checkContract(c); err != nil {
			c.Close(ctx)
			return nil, err
		}
		h.mu.Lock()
		if prev, ok := h.modules[key]; ok {
			c.Close(ctx)
			c = prev
		} else {
			h.modules[key] = c
		}
		h.mu.Unlock()
		compiled = c
	}
	return &Plugin{host: h, compiled: compiled, cfg: cfg, modCfg: moduleConfig(cfg)}, nil
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
func moduleConfig(cfg config) wazero.ModuleConfig {
	mc := wazero.NewModuleConfig().
		WithName("").
		WithStartFunctions("_initialize").
		WithSysWalltime().
		WithSysNanotime().
		WithSysNanosleep().
		WithRandSource(rand.Reader).
		WithStdout(cfg.stdout).
		WithStderr(cfg.stderr)
	return applyGrantsToModule(mc, cfg.grants)
}
