package abi

import "math"

// DefaultLimit is the most memory, in bytes, that blocks tracked by an Arena
// may hold at once unless the plugin sets another limit.
const DefaultLimit = 100 << 20

// Arena keeps every block the guest shares with the host alive and findable
// by address.
//
// Go's garbage collector does not move objects but does free what no Go
// value references, and it cannot see pointers held by the host. An Arena is
// the Go-side reference: a block stays in it from allocation until it is
// freed, whichever side frees it.
//
// Blocks the guest hands to the host (a Result, the Manifest, a consumed
// config block) are lent: they stay valid until the next call into the guest
// and are released then, so a host that never calls deallocate does not make
// the instance grow, and one that does is also fine.
//
// An Arena is not safe for concurrent use; a wasm instance is single-threaded.
type Arena struct {
	blocks map[uint32][]byte
	used   int64
	limit  int64
	lent   []uint32
	addr   func([]byte) uint32
}

// NewArena returns an Arena that finds a block's address with addr.
func NewArena(addr func([]byte) uint32) *Arena {
	return &Arena{blocks: make(map[uint32][]byte), limit: DefaultLimit, addr: addr}
}

// SetLimit sets the most bytes the Arena holds at once; n <= 0 restores the
// default.
func (a *Arena) SetLimit(n int64) {
	if n <= 0 {
		n = DefaultLimit
	}
	a.limit = n
}

// Limit returns the current limit in bytes.
func (a *Arena) Limit() int64 { return a.limit }

// Used returns the bytes held by live blocks.
func (a *Arena) Used() int64 { return a.used }

// Len returns the number of live blocks.
func (a *Arena) Len() int { return len(a.blocks) }

// Allocate returns the address of size fresh zeroed bytes, or 0 when the
// request would pass the limit. allocate(0) returns a valid, distinct address.
func (a *Arena) Allocate(size uint32) uint32 {
	if int64(size) > a.limit-a.used || int64(size) > math.MaxInt32 {
		return 0
	}
	// A zero-size block still needs a distinct address that stays valid, so
	// it is backed by one byte and reported as zero bytes long.
	n := size
	if n == 0 {
		n = 1
	}
	buf := make([]byte, n)
	return a.adopt(buf[:size:n])
}

// Adopt tracks buf, which the guest made, as a block and returns its address.
// It returns 0 when buf is empty or would pass the limit.
func (a *Arena) Adopt(buf []byte) uint32 {
	if len(buf) == 0 || int64(len(buf)) > a.limit-a.used {
		return 0
	}
	return a.adopt(buf)
}

func (a *Arena) adopt(buf []byte) uint32 {
	ptr := a.addr(buf[:cap(buf)])
	if old, ok := a.blocks[ptr]; ok {
		// Cannot happen while the block is referenced here; keep the
		// accounting right if an address is somehow reused.
		a.used -= int64(len(old))
	}
	a.blocks[ptr] = buf
	a.used += int64(len(buf))
	return ptr
}

// Free releases the block at ptr. Unknown pointers are ignored; the result
// reports whether a block was released.
func (a *Arena) Free(ptr uint32) bool {
	buf, ok := a.blocks[ptr]
	if !ok {
		return false
	}
	delete(a.blocks, ptr)
	a.used -= int64(len(buf))
	return true
}

// Take removes the block at ptr from the Arena and returns its first length
// bytes, now owned by the caller (and the garbage collector). It reports
// false when ptr is not a live block or length exceeds it.
func (a *Arena) Take(ptr, length uint32) ([]byte, bool) {
	buf, ok := a.blocks[ptr]
	if !ok || int(length) > len(buf) {
		return nil, false
	}
	a.Free(ptr)
	return buf[:length], true
}

// Lend marks the block at ptr as lent to the host until ReleaseLent.
func (a *Arena) Lend(ptr uint32) {
	if _, ok := a.blocks[ptr]; ok {
		a.lent = append(a.lent, ptr)
	}
}

// ReleaseLent frees every lent block the host has not freed itself. The
// guest calls it when the host calls in again, which ends the loan.
func (a *Arena) ReleaseLent() {
	for _, p := range a.lent {
		a.Free(p)
	}
	a.lent = a.lent[:0]
}
