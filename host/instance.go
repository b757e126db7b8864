package host

import (
	"context"
	"errors"
	"fmt"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Instance is one instantiated plugin. It is not safe for concurrent use: a
// wasm instance runs one call at a time.
type Instance struct {
	mod        api.Module
	cfg        *config
	manifest   api.Function
	observe    api.Function
	allocate   api.Function
	deallocate api.Function
	stack      [2]uint64
	broken     bool
	mode       mode
}

func newInstance(mod api.Module, cfg *config) *Instance {
	return &Instance{
		mod:        mod,
		cfg:        cfg,
		manifest:   mod.ExportedFunction("_manifest"),
		observe:    mod.ExportedFunction("_observe"),
		allocate:   mod.ExportedFunction("allocate"),
		deallocate: mod.ExportedFunction("deallocate"),
	}
}

// Close closes the instance; it may not be used again.
func (in *Instance) Close(ctx context.Context) error {
	in.broken = true
	return in.mod.Close(ctx)
}

// Broken reports whether the instance stopped (timeout, trap) or was closed.
func (in *Instance) Broken() bool { return in.broken }

// ManifestJSON calls _manifest and returns a copy of the JSON.
func (in *Instance) ManifestJSON(ctx context.Context) ([]byte, error) {
	if in.broken {
		return nil, ErrClosed
	}
	ctx = withCall(ctx, in)
	if err := in.manifest.CallWithStack(ctx, in.stack[:]); err != nil {
		return nil, in.fail(ctx, "_manifest", err)
	}
	return in.takeOutput(ctx, in.stack[0], "_manifest")
}

// ObserveJSON writes config into a block from allocate, calls _observe and
// returns a copy of the Result JSON.
func (in *Instance) ObserveJSON(ctx context.Context, config []byte) ([]byte, error) {
	if in.broken {
		return nil, ErrClosed
	}
	ctx = withCall(ctx, in)
	ptr, err := in.alloc(ctx, uint32(len(config)))
	if err != nil {
		return nil, err
	}
	if ptr == 0 {
		return nil, fmt.Errorf("host: the plugin could not allocate %d bytes for the config (its memory limit)", len(config))
	}
	if !in.mod.Memory().Write(ptr, config) {
		return nil, fmt.Errorf("%w: allocate returned a block outside memory", ErrBadOutput)
	}
	in.stack[0], in.stack[1] = uint64(ptr), uint64(len(config))
	if err := in.observe.CallWithStack(ctx, in.stack[:]); err != nil {
		return nil, in.fail(ctx, "_observe", err)
	}
	out, err := in.takeOutput(ctx, in.stack[0], "_observe")
	if err == nil && !in.cfg.neverFrees() {
		err = in.free(ctx, ptr, uint32(len(config)))
	}
	return out, err
}

// takeOutput copies the packed block the guest returned and, unless the
// host never frees, hands it back with deallocate.
func (in *Instance) takeOutput(ctx context.Context, packed uint64, export string) ([]byte, error) {
	ptr, n := wire.Unpack(packed)
	if packed == 0 {
		return nil, fmt.Errorf("%w: %s returned 0", ErrBadOutput, export)
	}
	view, ok := in.mod.Memory().Read(ptr, n)
	if !ok {
		return nil, fmt.Errorf("%w: %s returned a block outside memory (ptr %#x, len %d)", ErrBadOutput, export, ptr, n)
	}
	out := make([]byte, n)
	copy(out, view)
	if !in.cfg.neverFrees() {
		if err := in.free(ctx, ptr, n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// alloc calls the guest's allocate.
func (in *Instance) alloc(ctx context.Context, size uint32) (uint32, error) {
	in.stack[0] = uint64(size)
	if err := in.allocate.CallWithStack(ctx, in.stack[:]); err != nil {
		return 0, in.fail(ctx, "allocate", err)
	}
	return uint32(in.stack[0]), nil
}

func (in *Instance) free(ctx context.Context, ptr, size uint32) error {
	in.stack[0], in.stack[1] = uint64(ptr), uint64(size)
	if err := in.deallocate.CallWithStack(ctx, in.stack[:]); err != nil {
		return in.fail(ctx, "deallocate", err)
	}
	return nil
}

// fail marks the instance broken (a wasm instance that trapped or was
// stopped cannot be trusted again) and classifies err.
func (in *Instance) fail(ctx context.Context, export string, err error) error {
	in.broken = true
	return classify(ctx, fmt.Errorf("host: %s: %w", export, err))
}

func classify(ctx context.Context, err error) error {
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		switch exit.ExitCode() {
		case sys.ExitCodeDeadlineExceeded, sys.ExitCodeContextCanceled:
			return fmt.Errorf("%w (%v): %w", ErrTimeout, context.Cause(ctx), err)
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v): %w", ErrTimeout, context.Cause(ctx), err)
	}
	return fmt.Errorf("%w: %w", ErrTrap, err)
}

// callKey keys the running Instance in the context wazero passes to host
// functions.
type callKey struct{}

func withCall(ctx context.Context, in *Instance) context.Context {
	if cur, _ := ctx.Value(callKey{}).(*Instance); cur == in {
		return ctx
	}
	return context.WithValue(ctx, callKey{}, in)
}

func callingInstance(ctx context.Context) *Instance {
	in, _ := ctx.Value(callKey{}).(*Instance)
	return in
}

// writeResponse copies resp into a block from the guest's allocate and
// returns it packed, or 0 when the guest cannot take it.
func (in *Instance) writeResponse(ctx context.Context, resp []byte) uint64 {
	if len(resp) == 0 {
		return 0
	}
	var stack [1]uint64
	stack[0] = uint64(len(resp))
	if err := in.allocate.CallWithStack(ctx, stack[:]); err != nil {
		return 0
	}
	ptr := uint32(stack[0])
	if ptr == 0 || !in.mod.Memory().Write(ptr, resp) {
		return 0
	}
	return wire.Pack(ptr, uint32(len(resp)))
}

// MemorySize returns the size of the instance's linear memory in bytes.
// Linear memory never shrinks, so this is the instance's high-water mark.
func (in *Instance) MemorySize() uint32 { return in.mod.Memory().Size() }
