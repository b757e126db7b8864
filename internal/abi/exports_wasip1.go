//go:build wasip1

package abi

import (
	"runtime"
	"unsafe"
)

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

func leave() {
	depth--
	if depth == 0 {
		// Let the garbage collector's background workers make progress
		// before control returns to the host: goroutines do not run
		// between calls, and without this a busy instance's heap grows.
		runtime.Gosched()
	}
}

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
	return Pack(ptr, uint32(len(out)))
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
