//go:build linux

package upstream

import "golang.org/x/sys/unix"

// threadCPU returns the CPU time the calling thread has used, in
// nanoseconds. On a shared machine a thread waiting for a core does not
// accrue it, so rounds measured this way are comparable although other
// work competes for the CPUs (the caller locks its goroutine to the
// thread; wazero runs guest code and host functions on it).
func threadCPU() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return ts.Nano()
}

const clockName = "thread CPU time"
