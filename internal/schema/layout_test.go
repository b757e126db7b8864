package schema

import (
	"testing"
	"unsafe"
)

// TestNodeSizes pins the size of the structs a schema is built of (64-bit
// layout; wasm's is the same). Building a plugin's schemas on its first
// _manifest allocates a few hundred of them; a struct that crosses into a
// larger allocation size class needs spans of a class the heap had not
// used yet, and for the seed's typed plugin that was enough to make the
// first _manifest grow the heap by 480 KiB and the instance's memory by
// 768 KiB: +0.4 ms of start-up (a memory.grow copies the whole linear
// memory in wazero). field went from 120 to 136 bytes with one added
// member (BENCHMARKS.md, "Fourth pass"). Raise a bound only after
// measuring start-up with bench/upstream.
func TestNodeSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		size, max uintptr
	}{
		{"field", unsafe.Sizeof(field{}), 128},
		{"constraints", unsafe.Sizeof(constraints{}), 240},
		{"node", unsafe.Sizeof(node{}), 176},
	} {
		if c.size > c.max {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.size, c.max)
		}
	}
}
