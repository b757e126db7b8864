package host

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// mode says whether compiled code checks for termination.
//
// wazero can stop a running guest when a call's context ends only if the
// module was compiled with termination checks (WithCloseOnContextDone). In
// wazero v1.12 each check is a call into Go at every loop back-edge, and Go's
// wasm output has a loop in every function: a trivial _observe costs 5x more
// with checks (BENCHMARKS.md). A call whose context can never end needs no
// checks, so the host keeps two engines and picks one per call.
type mode int

const (
	// interruptible code is used for calls whose context has a Done channel.
	interruptible mode = iota
	// plain code is used for calls that cannot be canceled, and for every
	// call under WithoutInterrupts.
	plain
	numModes
)

func (m mode) String() string {
	if m == interruptible {
		return "interruptible"
	}
	return "plain"
}

// modeFor picks the engine for a call.
func (c *config) modeFor(ctx context.Context) mode {
	if c.noInterrupt || ctx.Done() == nil {
		return plain
	}
	return interruptible
}

// engine is one wazero runtime with WASI and reglet_host, created on first
// use.
type engine struct {
	once  sync.Once
	rt    wazero.Runtime
	cache wazero.CompilationCache
	err   error
}

// Compiled code is cached per mode: wazero's cache key does not include the
// termination-check setting and runtimes sharing a cache share compiled
// code, so sharing one cache across modes could hand code without checks to
// a runtime that relies on them.
var (
	memCacheMu sync.Mutex
	memCaches  [numModes]wazero.CompilationCache
)

func memCache(m mode) wazero.CompilationCache {
	memCacheMu.Lock()
	defer memCacheMu.Unlock()
	if memCaches[m] == nil {
		memCaches[m] = wazero.NewCompilationCache()
	}
	return memCaches[m]
}

func (e *engine) start(ctx context.Context, cfg *config, m mode) (wazero.Runtime, error) {
	e.once.Do(func() {
		cache := memCache(m)
		if cfg.cacheDir != "" {
			c, err := wazero.NewCompilationCacheWithDir(filepath.Join(cfg.cacheDir, m.String()))
			if err != nil {
				e.err = fmt.Errorf("host: compilation cache: %w", err)
				return
			}
			cache = c
		}
		rc := wazero.NewRuntimeConfig().
			WithCompilationCache(cache).
			WithCloseOnContextDone(m == interruptible)
		if cfg.memoryLimitPages > 0 {
			rc = rc.WithMemoryLimitPages(cfg.memoryLimitPages)
		}
		rt := wazero.NewRuntimeWithConfig(ctx, rc)
		if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
			rt.Close(ctx)
			e.err = fmt.Errorf("host: instantiating WASI: %w", err)
			return
		}
		if err := instantiateHostModule(ctx, rt); err != nil {
			rt.Close(ctx)
			e.err = fmt.Errorf("host: instantiating %s: %w", wire.Module, err)
			return
		}
		e.rt, e.cache = rt, cache
	})
	return e.rt, e.err
}

func (e *engine) close(ctx context.Context, ownCache bool) error {
	var err error
	e.once.Do(func() {}) // a never-started engine stays closed
	if e.rt != nil {
		err = e.rt.Close(ctx)
		if ownCache {
			if cerr := e.cache.Close(ctx); err == nil {
				err = cerr
			}
		}
	}
	return err
}
