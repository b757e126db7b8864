// Command bare is the raw probe's job done with no SDK at all: the exports
// docs/WIRE.md asks for, written by hand on encoding/json, with one reused
// block for the config and one for the answer. It is the reference the
// SDKs are measured against, not a way to write plugins: it has no arena
// (a host that keeps two blocks at once would see them overwritten), no
// deallocate bookkeeping, no error Results beyond a bad config and no
// metadata. Its size and call time are what the probe's own work, the
// JSON and one RFC 3339 timestamp cost in Go on wasip1; what a plugin
// built with an SDK costs above them is the SDK's. It imports no SDK, so
// both SDK columns build the same code (the binaries differ only in a few
// bytes of build information), and their ratio shows the noise of the
// measure.
package main

import (
	"encoding/json"
	"time"
	"unsafe"
)

type configIn struct {
	Name string `json:"name"`
}

type result struct {
	Timestamp time.Time      `json:"timestamp"`
	Status    string         `json:"status"`
	Message   string         `json:"message,omitempty"`
	Data      map[string]any `json:"data,omitempty"`
}

var in, out []byte // the blocks lent to the host, kept alive here

//go:wasmexport allocate
func allocate(size uint32) uint32 {
	if cap(in) < int(size) || cap(in) == 0 {
		in = make([]byte, max(size, 64))
	}
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(in))))
}

//go:wasmexport deallocate
func deallocate(uint32, uint32) {}

//go:wasmexport _manifest
func manifest() uint64 {
	return answer(map[string]any{"name": "raw", "version": "1.0.0", "description": "raw probe",
		"config_schema": json.RawMessage(`{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`)})
}

//go:wasmexport _observe
func observe(ptr, size uint32) uint64 {
	r := result{Timestamp: time.Now().UTC()}
	if ptr != allocate(0) || int(size) > len(in) {
		r.Status, r.Message = "error", "the config is not in the block allocate lent"
		return answer(r)
	}
	var cfg configIn
	if err := json.Unmarshal(in[:size], &cfg); err != nil {
		r.Status, r.Message = "error", "decoding config: "+err.Error()
		return answer(r)
	}
	if cfg.Name == "" {
		r.Status, r.Message, r.Data = "failure", "nobody to greet", map[string]any{"greeting": ""}
	} else {
		r.Status, r.Message, r.Data = "success", "greeted", map[string]any{"greeting": "hello, " + cfg.Name}
	}
	return answer(r)
}

// answer encodes v into the reused answer block and packs it.
func answer(v any) uint64 {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"status":"error","message":"encoding failed"}`)
	}
	out = b
	return uint64(uintptr(unsafe.Pointer(unsafe.SliceData(out))))<<32 | uint64(len(out))
}

func main() {}
