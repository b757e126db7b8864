// Command floor is the size floor: an empty Go wasip1 c-shared reactor with
// one export and no SDK.
package main

//go:wasmexport _observe
func observe(ptr, size uint32) uint64 { return uint64(ptr)<<32 | uint64(size) }

func main() {}
