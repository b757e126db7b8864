package abi

import (
	"testing"
)

// fakeAddrs gives each distinct backing array a distinct fake address, the
// way linear memory addresses are distinct on wasm.
func fakeAddrs() func([]byte) uint32 {
	next := uint32(0x1000)
	seen := map[*byte]uint32{}
	return func(b []byte) uint32 {
		p := &b[:1][0]
		if a, ok := seen[p]; ok {
			return a
		}
		a := next
		next += 0x100
		seen[p] = a
		return a
	}
}

func TestArenaAllocateFree(t *testing.T) {
	a := NewArena(fakeAddrs())
	p1 := a.Allocate(10)
	p0 := a.Allocate(0)
	if p1 == 0 || p0 == 0 || p1 == p0 {
		t.Fatalf("Allocate returned %#x and %#x; want two distinct non-zero addresses", p1, p0)
	}
	if got := a.Used(); got != 10 {
		t.Errorf("Used = %d, want 10", got)
	}
	if a.Free(0xdead) {
		t.Error("Free of an unknown pointer reported true")
	}
	if !a.Free(p1) || a.Free(p1) {
		t.Error("Free(p1) should succeed once, then be ignored")
	}
	if !a.Free(p0) {
		t.Error("Free of a zero-size block failed")
	}
	if a.Used() != 0 || a.Len() != 0 {
		t.Errorf("after freeing all: Used=%d Len=%d, want 0 0", a.Used(), a.Len())
	}
}

func TestArenaLimit(t *testing.T) {
	a := NewArena(fakeAddrs())
	a.SetLimit(100)
	if p := a.Allocate(101); p != 0 {
		t.Fatalf("Allocate past the limit = %#x, want 0", p)
	}
	p := a.Allocate(60)
	if p == 0 {
		t.Fatal("Allocate(60) under a limit of 100 failed")
	}
	if q := a.Allocate(41); q != 0 {
		t.Fatalf("Allocate(41) with 60 of 100 used = %#x, want 0", q)
	}
	if q := a.Allocate(40); q == 0 {
		t.Fatal("Allocate(40) with 60 of 100 used failed")
	}
	if q := a.Allocate(0xFFFFFFFF); q != 0 {
		t.Fatal("Allocate(4 GiB - 1) succeeded")
	}
	a.Free(p)
	if q := a.Allocate(60); q == 0 {
		t.Fatal("Allocate after Free did not reuse the freed budget")
	}
	if a.Adopt(make([]byte, 1000)) != 0 {
		t.Fatal("Adopt past the limit succeeded")
	}
	a.SetLimit(0)
	if a.Limit() != DefaultLimit {
		t.Fatalf("SetLimit(0) left limit %d, want default %d", a.Limit(), DefaultLimit)
	}
}

func TestArenaTake(t *testing.T) {
	a := NewArena(fakeAddrs())
	p := a.Allocate(8)
	if _, ok := a.Take(p, 9); ok {
		t.Fatal("Take longer than the block succeeded")
	}
	if _, ok := a.Take(p+1, 1); ok {
		t.Fatal("Take of an address inside a block succeeded")
	}
	b, ok := a.Take(p, 5)
	if !ok || len(b) != 5 {
		t.Fatalf("Take(p, 5) = %d bytes, %v", len(b), ok)
	}
	if a.Len() != 0 || a.Used() != 0 {
		t.Fatalf("Take left Len=%d Used=%d", a.Len(), a.Used())
	}
	if _, ok := a.Take(p, 5); ok {
		t.Fatal("second Take of the same block succeeded")
	}
}

func TestArenaLending(t *testing.T) {
	a := NewArena(fakeAddrs())
	res := a.Adopt([]byte(`{"status":"success"}`))
	cfg := a.Allocate(16)
	keep := a.Allocate(4)
	a.Lend(res)
	a.Lend(cfg)
	a.Lend(0xbeef) // unknown: ignored
	// The host frees one of them itself, as a freeing host does.
	a.Free(cfg)
	a.ReleaseLent()
	if a.Len() != 1 {
		t.Fatalf("after ReleaseLent Len = %d, want 1 (the block never lent)", a.Len())
	}
	if !a.Free(keep) {
		t.Fatal("ReleaseLent freed a block that was not lent")
	}
	// Releasing twice is harmless.
	a.ReleaseLent()
}

// TestArenaNeverFreeingHost simulates a pooled host that never calls
// deallocate: the arena must stay bounded.
func TestArenaNeverFreeingHost(t *testing.T) {
	a := NewArena(fakeAddrs())
	for i := 0; i < 10000; i++ {
		a.ReleaseLent() // the next call in
		cfg := a.Allocate(32)
		a.Lend(cfg)
		a.Lend(a.Adopt(make([]byte, 64)))
	}
	if a.Len() > 2 || a.Used() > 96 {
		t.Fatalf("after 10000 calls Len=%d Used=%d; the arena grows", a.Len(), a.Used())
	}
}
