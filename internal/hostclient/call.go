package hostclient

import (
	"context"
	"fmt"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// ContextWire describes ctx for the host: its deadline (and the time left
// until it, in whole milliseconds, at least 1 while it has not passed) and
// whether it is done.
func ContextWire(ctx context.Context) wire.Context {
	var c wire.Context
	if ctx == nil {
		return c
	}
	if dl, ok := ctx.Deadline(); ok {
		d := dl.UTC()
		c.Deadline = &d
		left := time.Until(dl)
		ms := left.Milliseconds()
		if ms < 1 && left > 0 {
			ms = 1
		}
		if ms > 0 {
			c.TimeoutMs = ms
		}
	}
	if ctxDone(ctx) != nil {
		c.Canceled = true
	}
	return c
}

// ctxDone returns why ctx is done, or nil. A deadline that has passed
// counts even when the context's timer has not fired yet: on wasip1 timers
// fire only when the Go scheduler runs, which a busy handler (or a long
// host call) can delay well past the deadline.
func ctxDone(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}

// roundTrip sends a request to the host function fn through send and
// decodes the answer. encode appends the request JSON; decode fills the
// response and returns the host's error member. It does not call the host
// when ctx is already done. Every failure is an *Error naming fn; a hostile
// answer (too large, not JSON, wrong types) is an error, never a panic.
func roundTrip(ctx context.Context, fn string, send func([]byte) ([]byte, error), limit int,
	encode func([]byte) []byte, decode func([]byte) (*entities.ErrorDetail, error)) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if cause := ctxDone(ctx); cause != nil {
		return contextError(fn, cause)
	}
	if send == nil {
		return noHost(fn)
	}
	out, err := send(encode(make([]byte, 0, 256)))
	if err != nil {
		return transportError(fn, err)
	}
	if len(out) > limit {
		return badResponse(fn, fmt.Sprintf("%d bytes is over the %d-byte limit for %s", len(out), limit, fn), nil)
	}
	d, err := decode(out)
	if err != nil {
		return badResponse(fn, "decoding the response: "+err.Error(), err)
	}
	if d != nil {
		return hostError(fn, d)
	}
	return nil
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
