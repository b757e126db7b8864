package host

// MemorySize returns the size in bytes of the instance's linear memory. Wasm
// memory only grows, so sampling it across many calls shows whether a
// plugin leaks on a pooled instance.
func (in *Instance) MemorySize() uint32 { return in.mod.Memory().Size() }
