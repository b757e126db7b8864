//go:build unix

package host

import (
	"context"
	"syscall"

	"github.com/tetratelabs/wazero/experimental"
)

// mmapMemory backs a linear memory with one anonymous mapping of the
// memory's maximum size, reserved but not committed (MAP_NORESERVE).
//
// wazero's default grows linear memory with append, copying it each time;
// a Go guest grows its memory several times while _initialize starts the
// runtime, so every instantiation copied megabytes and left them to the
// host's garbage collector. With a reservation, growth is a reslice, pages
// are zero-filled by the kernel on first touch, and the memory lives outside
// the Go heap. (RATIONALE.md, "Instantiation".)
type mmapMemory struct {
	mapping []byte
}

func (m *mmapMemory) Reallocate(size uint64) []byte {
	if size > uint64(len(m.mapping)) {
		return nil
	}
	return m.mapping[:size:size]
}

func (m *mmapMemory) Free() {
	if m.mapping != nil {
		_ = syscall.Munmap(m.mapping)
		m.mapping = nil
	}
}

// sliceMemory is the fallback when a mapping cannot be made.
type sliceMemory struct{ buf []byte }

func (m *sliceMemory) Reallocate(size uint64) []byte {
	if size > uint64(cap(m.buf)) {
		nb := make([]byte, size, max(size, 2*uint64(cap(m.buf))))
		copy(nb, m.buf)
		m.buf = nb
	}
	m.buf = m.buf[:size]
	return m.buf
}

func (m *sliceMemory) Free() { m.buf = nil }

var mmapAllocator = experimental.MemoryAllocatorFunc(func(capacity, maximum uint64) experimental.LinearMemory {
	if maximum > 0 && maximum <= 1<<32 {
		b, err := syscall.Mmap(-1, 0, int(maximum), syscall.PROT_READ|syscall.PROT_WRITE,
			syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
		if err == nil {
			return &mmapMemory{mapping: b}
		}
	}
	return &sliceMemory{buf: make([]byte, 0, capacity)}
})

// withMemoryAllocator makes instantiations under ctx use mmapAllocator.
func withMemoryAllocator(ctx context.Context) context.Context {
	return experimental.WithMemoryAllocator(ctx, mmapAllocator)
}
