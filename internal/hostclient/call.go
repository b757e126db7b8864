package hostclient

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// ContextWire describes ctx for the host: its deadline (and the time left
// until it, in whole milliseconds, at least 1 while it has not passed) and
// whether it is done. A deadline read off a fake clock is left out (see
// fakeClockBefore); the time left still travels.
func ContextWire(ctx context.Context) wire.Context {
	c, _ := contextWire(ctx)
	return c
}

// contextWire is ContextWire also returning why ctx is done (nil if it is
// not). A deadline that has passed counts even when the context's timer has
// not fired yet: on wasip1 timers fire only when the Go scheduler runs,
// which a busy handler (or a long host call) delays past the deadline. The
// clock is read once, and only when ctx has a deadline: on wasm each read
// is two WASI calls.
func contextWire(ctx context.Context) (c wire.Context, done error) {
	if ctx == nil {
		return c, nil
	}
	done = ctx.Err()
	if dl, ok := ctx.Deadline(); ok {
		c.Deadline = deadlineUTC(dl)
		left := time.Until(dl)
		switch {
		case left <= 0:
			if done == nil {
				done = context.DeadlineExceeded
			}
		case left < time.Millisecond:
			c.TimeoutMs = 1
		default:
			c.TimeoutMs = left.Milliseconds()
		}
	}
	c.Canceled = done != nil
	return c, done
}

// lastDeadline remembers the most recent deadline sent, in UTC and as JSON:
// a handler usually makes several calls under one context, and on wasm the
// conversion, the allocation and the formatting cost several microseconds
// per call. The cached *time.Time is never modified, so requests may share
// it.
var lastDeadline atomic.Pointer[deadlineCache]

type deadlineCache struct {
	dl   time.Time  // as the context returned it
	utc  *time.Time // dl in UTC, shared by requests; nil for a fake clock's
	json []byte     // utc as JSON, quotes included
}

// fakeClockBefore: a deadline before this year was computed on a fake
// clock. Hosts of dialect H give the guest wazero's default clock, whose
// wall time starts at 2022-01-01T00:00:00Z; such a deadline means nothing
// to a host reading its own clock, and a host that prefers the absolute
// deadline over timeout_ms (the Reglet CLI's wazero adapter does) would
// take it for one long past. The relative timeout_ms, measured on the
// guest's clock, is right on either clock.
const fakeClockBefore = 2023

// deadlineUTC returns dl in UTC for the wire, or nil when it comes from a
// fake clock.
func deadlineUTC(dl time.Time) *time.Time {
	if lc := lastDeadline.Load(); lc != nil && lc.dl == dl {
		return lc.utc
	}
	d := dl.UTC()
	if d.Year() < fakeClockBefore {
		lastDeadline.Store(&deadlineCache{dl: dl})
		return nil
	}
	lastDeadline.Store(&deadlineCache{dl: dl, utc: &d, json: appendTime(nil, d)})
	return &d
}

// appendDeadline appends t as JSON, from the cache when t is the cached
// deadline.
func appendDeadline(b []byte, t *time.Time) []byte {
	if lc := lastDeadline.Load(); lc != nil && lc.utc == t {
		return append(b, lc.json...)
	}
	return appendTime(b, *t)
}

// begin returns the wire context of a call to fn, or the error to return
// without calling the host when ctx is already done or there is no host.
func begin(ctx context.Context, fn string, send func([]byte) ([]byte, error)) (wire.Context, error) {
	c, done := contextWire(ctx)
	if done != nil {
		return c, contextError(fn, done)
	}
	if send == nil {
		return c, noHost(fn)
	}
	return c, nil
}

// exchange sends the encoded request req to fn and returns the response
// bytes, refusing answers over limit. Every failure is an *Error naming fn.
//
// The adapters spell out begin, encode, exchange, decode in line rather
// than sharing a helper that takes encode/decode functions: calls through
// function values make the compiler move the request, its context and the
// decoder state to the heap, and on wasm each allocation costs about a
// microsecond.
func exchange(fn string, send func([]byte) ([]byte, error), req []byte, limit int) ([]byte, error) {
	out, err := send(req)
	if err != nil {
		return nil, transportError(fn, err)
	}
	if len(out) > limit {
		return nil, badResponse(fn, fmt.Sprintf("%d bytes is over the %d-byte limit for %s", len(out), limit, fn), nil)
	}
	return out, nil
}

// finish turns a decoding error or the host's error member into the call's
// error. An error without a type (dialect H) gets one first
// (classifyUntyped). A timeout the host reports after ctx's deadline has
// passed also matches context.DeadlineExceeded, as a timeout of a local
// call would.
func finish(ctx context.Context, fn string, decodeErr error, hostErr *entities.ErrorDetail) error {
	if decodeErr != nil {
		return badResponse(fn, "decoding the response: "+decodeErr.Error(), decodeErr)
	}
	if hostErr == nil {
		return nil
	}
	classifyUntyped(fn, hostErr)
	e := &Error{Func: fn, Detail: hostErr}
	if hostErr.IsTimeout || hostErr.Type == entities.ErrorTypeTimeout {
		if _, done := contextWire(ctx); errors.Is(done, context.DeadlineExceeded) {
			e.cause = context.DeadlineExceeded
		}
	}
	return e
}

// reqBufSize is the initial capacity of a request buffer: most requests fit.
const reqBufSize = 256

// shorter returns the smaller of two millisecond timeouts, 0 meaning none.
func shorter(a, b int64) int64 {
	if a == 0 || (b != 0 && b < a) {
		return b
	}
	return a
}

// millis converts a duration to whole milliseconds, rounding a positive
// duration under one millisecond up to 1 so it is not mistaken for "none".
func millis(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	ms := d.Milliseconds()
	if ms == 0 {
		ms = 1
	}
	return ms
}
