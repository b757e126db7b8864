//go:build !linux

package plugin_test

// threadCPU is not measured off Linux; benchmarks report 0.
func threadCPU() int64 { return 0 }
