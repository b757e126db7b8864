//go:build !wasip1

package plugin

// SetMemoryLimit sets the most memory, in bytes, that blocks shared with the
// host may hold at once (default 100 MB). Past it allocate returns 0 and a
// Result too large to hand over becomes a small error Result. n <= 0 restores
// the default. Compiled natively there is no host memory to limit and it does
// nothing.
func SetMemoryLimit(n int64) { _ = n }

// nativeHint completes GetClient's panic message when compiled natively.
const nativeHint = " (compiled natively there are no host-backed clients)"
