//go:build wasip1

// The exported functions are called by the host, never from Go.
//lint:file-ignore U1000 wasm exports are used by the host

package abi

import (
	"errors"
	"runtime/debug"
	"unsafe"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// gcPercent is the guest's GOGC. With Go's default of 100 the heap of a
// pooled instance may reach its 4 MB minimum goal before the first
// collection, so linear memory (which never shrinks) climbed from 4.7 MB to
// 8.4 MB over the first ~9,000 calls of a small plugin. At 25 the goal is
// about 1 MB and memory stayed at 5.0 MB from call 1,000 to call 100,000.
// A plugin may call debug.SetGCPercent itself in init or main to choose
// otherwise. (RATIONALE.md, "Memory".)
const gcPercent = 25

func init() { debug.SetGCPercent(gcPercent) }

// Handlers are the SDK functions behind _manifest and _observe. The plugin
// package sets them in init; they return JSON the guest lends to the host.
var (
	ManifestHandler func() []byte
	ObserveHandler  func(config []byte, readErr error) []byte
)

// arena holds every block shared with the host.
var arena = NewArena(func(b []byte) uint32 {
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
})

// depth counts export calls in progress, so a nested allocate (the host
// writing a host-function response) does not end loans made to the host.
var depth int

// SetLimit sets the most memory the arena's blocks may hold; see Arena.SetLimit.
func SetLimit(n int64) { arena.SetLimit(n) }

// enter is called at the start of every export. A call from the host at
// depth zero ends the loan of blocks lent by the previous call, and the very
// first one runs main.main (see runMain).
func enter() {
	if depth == 0 {
		arena.ReleaseLent()
		runMain()
	}
	depth++
}

func leave() { depth-- }

// lend hands out to the host as a packed i64, keeping out alive until the
// next call. If the arena's limit refuses it, fallback (a small error
// document) is lent instead, and 0 only if even that fails.
func lend(out, fallback []byte) uint64 {
	ptr := arena.Adopt(out)
	if ptr == 0 {
		out = fallback
		ptr = arena.Adopt(out)
		if ptr == 0 {
			return 0
		}
	}
	arena.Lend(ptr)
	return wire.Pack(ptr, uint32(len(out)))
}

//go:wasmexport allocate
func allocate(size uint32) uint32 {
	if depth == 0 {
		arena.ReleaseLent()
		runMain()
	}
	if refuseResponse(size) {
		return 0
	}
	return arena.Allocate(size)
}

//go:wasmexport deallocate
func deallocate(ptr uint32, _ uint32) {
	arena.Free(ptr)
}

//go:wasmexport _manifest
func exportManifest() uint64 {
	enter()
	defer leave()
	if ManifestHandler == nil {
		return lend(noPluginManifest, nil)
	}
	return lend(ManifestHandler(), tooLargeManifest)
}

//go:wasmexport _observe
func exportObserve(ptr, length uint32) uint64 {
	enter()
	defer leave()
	config, err := readConfig(ptr, length)
	var out []byte
	if ObserveHandler == nil {
		out = noPluginResult
	} else {
		out = ObserveHandler(config, err)
	}
	return lend(out, tooLargeResult)
}

// readConfig returns the config block the host wrote. The block is lent back
// to the host (it may deallocate it after the call, or not), so its bytes
// stay valid for this whole call.
func readConfig(ptr, length uint32) ([]byte, error) {
	if ptr == 0 {
		return nil, errNoConfig
	}
	buf, ok := arena.blocks[ptr]
	if !ok {
		return nil, errUnknownBlock
	}
	if int(length) > len(buf) {
		return nil, errShortBlock
	}
	arena.Lend(ptr)
	return buf[:length], nil
}

// Documents lent when the SDK cannot produce the real one (internal/wire).
var (
	noPluginManifest = []byte(wire.NoPluginManifest)
	tooLargeManifest = []byte(wire.TooLargeManifest)
	noPluginResult   = []byte(wire.NoPluginResult)
	tooLargeResult   = []byte(wire.TooLargeResult)
)

// Errors describing a config block _observe cannot read. The plugin package
// turns them into an error Result of type config.
var (
	errNoConfig     = errors.New("the host passed no config block (pointer 0)")
	errUnknownBlock = errors.New("the config block was not obtained from allocate")
	errShortBlock   = errors.New("the config length exceeds the block obtained from allocate")
)
