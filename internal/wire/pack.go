package wire

// Pack joins a pointer and a length into the one i64 that crosses the
// boundary in both directions: ptr<<32 | len (docs/WIRE.md, "Moving bytes").
func Pack(ptr, length uint32) uint64 {
	return uint64(ptr)<<32 | uint64(length)
}

// Unpack splits a packed i64 into its pointer and length.
func Unpack(packed uint64) (ptr, length uint32) {
	return uint32(packed >> 32), uint32(packed)
}
