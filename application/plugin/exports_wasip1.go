//go:build wasip1

package plugin

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/abi"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

func init() {
	abi.ManifestHandler = func() []byte {
		if p := current(); p != nil {
			return ManifestJSON(context.Background(), p)
		}
		return nil
	}
	abi.ObserveHandler = func(config []byte, readErr error) []byte {
		if readErr != nil {
			return ObserveJSON(context.Background(), errorPlugin{entities.NewErrorDetail(entities.ErrorTypeConfig, readErr.Error()).WithCode(wire.CodeInvalidConfigBlock)}, []byte("{}"))
		}
		res, data := observe(context.Background(), current(), config)
		out := encodeResult(resultBuf[:0], res, data)
		// The bytes are lent to the host only until its next call in, so
		// the next Result can reuse them; a rare large Result is not kept.
		if cap(out) <= maxKeptResultBuf {
			resultBuf = out
		} else {
			resultBuf = nil
		}
		return out
	}
}

// resultBuf is reused for every Result, so a warm call allocates no output.
var resultBuf []byte

// maxKeptResultBuf bounds the buffer kept between calls.
const maxKeptResultBuf = 64 << 10

// current returns the registered plugin, or a plugin that reports why there
// is none that works.
func current() Plugin {
	if abi.MainPanic != nil {
		return errorPlugin{&entities.ErrorDetail{Type: entities.ErrorTypePanic, Message: fmt.Sprintf("plugin main panicked: %v", abi.MainPanic)}}
	}
	if registered == nil {
		return errorPlugin{entities.NewErrorDetail(entities.ErrorTypeInternal, wire.NoPluginMessage).WithCode(wire.CodeNoPlugin)}
	}
	return registered
}

// SetMemoryLimit sets the most memory, in bytes, that blocks shared with the
// host may hold at once (default 100 MB). Past it allocate returns 0 and a
// Result too large to hand over becomes a small error Result. n <= 0 restores
// the default.
func SetMemoryLimit(n int64) { abi.SetLimit(n) }

// nativeHint completes GetClient's panic message; on wasm the host-backed
// clients cover the ports, so a miss means an unknown client type.
const nativeHint = " (the host provides only the domain/ports interfaces)"
