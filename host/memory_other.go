//go:build !unix

package host

import "context"

// withMemoryAllocator keeps wazero's default allocator where there is no
// mmap.
func withMemoryAllocator(ctx context.Context) context.Context { return ctx }
