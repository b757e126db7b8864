//go:build linux

package plugin_test

import "golang.org/x/sys/unix"

// threadCPU is the calling thread's CPU time in nanoseconds; a benchmark
// that locks its goroutine to the thread reports it beside wall-clock
// ns/op, which a machine shared with other work inflates.
func threadCPU() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return ts.Nano()
}
