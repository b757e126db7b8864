//go:build !linux

package upstream

import "time"

var epoch = time.Now()

// threadCPU falls back to wall-clock time where the thread's CPU clock is
// not available.
func threadCPU() int64 { return int64(time.Since(epoch)) }

const clockName = "wall-clock time"
