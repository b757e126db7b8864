package plugin

import (
	"errors"
	"fmt"
)

// Failure is the error a typed handler returns to report a failed check:
// the check ran, and the target did not meet it. The observation's Result
// then has status "failure" (not "error"), the failure's message, and the
// handler's output as its data:
//
//	if resp.StatusCode != in.ExpectedStatus {
//		return out, plugin.Failf("got status %d, want %d", resp.StatusCode, in.ExpectedStatus)
//	}
//
// Any other error means the check could not run and becomes an "error"
// Result. A Failure wrapped by fmt.Errorf("...: %w", err) is still a
// failure, with the wrapping message.
type Failure struct {
	err error
}

// Failf returns a *Failure whose message is fmt.Sprintf(format, args...).
// As with fmt.Errorf, %w wraps an error, which errors.Is and errors.As then
// find; the Result is a failure all the same.
func Failf(format string, args ...any) error {
	return &Failure{err: fmt.Errorf(format, args...)}
}

// Fail returns a *Failure with the message.
func Fail(message string) error {
	return &Failure{err: errors.New(message)}
}

// Error returns the failure's message.
func (f *Failure) Error() string {
	if f == nil || f.err == nil {
		return "check failed"
	}
	return f.err.Error()
}

// Unwrap returns the error given to Failf with %w, if any.
func (f *Failure) Unwrap() error {
	if f == nil || f.err == nil {
		return nil
	}
	return errors.Unwrap(f.err)
}

// IsFailure reports whether err is, or wraps, a *Failure: whether a handler
// returning err reports a failed check rather than an error.
func IsFailure(err error) bool {
	var f *Failure
	return errors.As(err, &f)
}
