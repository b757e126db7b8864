package host

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Plugin is a compiled plugin module with its options. Its methods are safe
// for concurrent use: each concurrent call gets its own instance.
type Plugin struct {
	host   *Host
	sum    [32]byte
	wasm   []byte
	cfg    config
	modCfg wazero.ModuleConfig

	mu   sync.Mutex
	idle [numModes][]*Instance
}

// compiled returns the module compiled for mode m.
func (p *Plugin) compiled(ctx context.Context, m mode) (wazero.CompiledModule, error) {
	return p.host.compile(ctx, p.sum, p.wasm, m)
}

// NewInstance instantiates the module and runs _initialize. The caller owns
// the Instance and must Close it. Most callers use Plugin.Manifest and
// Plugin.Observe, which manage instances themselves.
//
// The instance is compiled for contexts like ctx: if ctx can be canceled, so
// can calls on the instance (with any context); if ctx cannot, the instance
// runs without termination checks and a later context's deadline cannot stop
// it while it runs.
func (p *Plugin) NewInstance(ctx context.Context) (*Instance, error) {
	return p.newInstance(ctx, p.cfg.modeFor(ctx))
}

func (p *Plugin) newInstance(ctx context.Context, m mode) (*Instance, error) {
	compiled, err := p.compiled(ctx, m)
	if err != nil {
		return nil, err
	}
	rt, err := p.host.engines[m].start(ctx, &p.host.cfg, m)
	if err != nil {
		return nil, err
	}
	ictx := ctx
	if !noMmap {
		ictx = withMemoryAllocator(ctx)
	}
	mod, err := rt.InstantiateModule(ictx, compiled, p.modCfg)
	if err != nil {
		return nil, classify(ctx, fmt.Errorf("host: instantiating plugin: %w", err))
	}
	in := newInstance(mod, &p.cfg)
	in.mode = m
	return in, nil
}

// Manifest calls _manifest and decodes the plugin's Manifest.
func (p *Plugin) Manifest(ctx context.Context) (*entities.Manifest, error) {
	b, err := p.ManifestJSON(ctx)
	if err != nil {
		return nil, err
	}
	return decodeManifest(b)
}

// ManifestJSON calls _manifest and returns the JSON the plugin produced.
func (p *Plugin) ManifestJSON(ctx context.Context) ([]byte, error) {
	var out []byte
	err := p.with(ctx, func(in *Instance) (err error) {
		out, err = in.ManifestJSON(ctx)
		return err
	})
	return out, err
}

// Observe runs one observation with config (a JSON object) and decodes the
// Result. An error means the call itself failed (timeout, trap, invalid
// output); a check that could not run is a Result with status error.
func (p *Plugin) Observe(ctx context.Context, config []byte) (*entities.Result, error) {
	b, err := p.ObserveJSON(ctx, config)
	if err != nil {
		return nil, err
	}
	return decodeResult(b)
}

// ObserveJSON is Observe returning the Result's JSON undecoded.
func (p *Plugin) ObserveJSON(ctx context.Context, config []byte) ([]byte, error) {
	var out []byte
	err := p.with(ctx, func(in *Instance) (err error) {
		out, err = in.ObserveJSON(ctx, config)
		return err
	})
	return out, err
}

// with runs fn on an idle instance, or a new one; a healthy instance goes
// back to the pool unless fresh instances were asked for.
func (p *Plugin) with(ctx context.Context, fn func(*Instance) error) error {
	in, err := p.take(ctx)
	if err != nil {
		return err
	}
	err = fn(in)
	p.put(ctx, in)
	return err
}

func (p *Plugin) take(ctx context.Context) (*Instance, error) {
	m := p.cfg.modeFor(ctx)
	if !p.cfg.freshInstances {
		p.mu.Lock()
		if n := len(p.idle[m]); n > 0 {
			in := p.idle[m][n-1]
			p.idle[m] = p.idle[m][:n-1]
			p.mu.Unlock()
			return in, nil
		}
		p.mu.Unlock()
	}
	return p.newInstance(ctx, m)
}

func (p *Plugin) put(ctx context.Context, in *Instance) {
	if in.broken || p.cfg.freshInstances {
		in.Close(context.WithoutCancel(ctx))
		return
	}
	p.mu.Lock()
	if len(p.idle[in.mode]) < p.cfg.maxIdle {
		p.idle[in.mode] = append(p.idle[in.mode], in)
		in = nil
	}
	p.mu.Unlock()
	if in != nil {
		in.Close(context.WithoutCancel(ctx))
	}
}

// Close closes the Plugin's idle instances. The compiled module stays in the
// Host for later Loads.
func (p *Plugin) Close(ctx context.Context) error {
	p.mu.Lock()
	idle := p.idle
	p.idle = [numModes][]*Instance{}
	p.mu.Unlock()
	for _, pool := range idle {
		for _, in := range pool {
			in.Close(ctx)
		}
	}
	return nil
}

func decodeManifest(b []byte) (*entities.Manifest, error) {
	var probe struct {
		Error *entities.ErrorDetail `json:"error"`
		Name  string                `json:"name"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("%w: manifest is not JSON: %v", ErrBadOutput, err)
	}
	if probe.Error != nil && probe.Name == "" {
		return nil, &ManifestError{Detail: probe.Error}
	}
	var m entities.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: manifest: %v", ErrBadOutput, err)
	}
	return &m, nil
}

func decodeResult(b []byte) (*entities.Result, error) {
	var r entities.Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%w: result: %v", ErrBadOutput, err)
	}
	switch r.Status {
	case entities.StatusSuccess, entities.StatusFailure, entities.StatusError:
	default:
		return nil, fmt.Errorf("%w: result status %q", ErrBadOutput, r.Status)
	}
	return &r, nil
}

// noMmap makes instantiation use wazero's default linear memory; the
// benchmarks flip it to measure what the mmap allocator saves.
var noMmap bool
