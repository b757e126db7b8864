package hostclient

import (
	"context"
	"errors"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/abi"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Error is a failed host call. Its message names the reglet_host function
// and keeps the host's own message; it unwraps to the ErrorDetail (so
// errors.As finds the wire type and code, and errors.Is matches the ports
// error classes through ErrorDetail.Is) and, when there is one, to the
// underlying cause (context.DeadlineExceeded, context.Canceled).
type Error struct {
	// Func is the reglet_host import, e.g. "dns_lookup".
	Func string
	// Detail is the failure as the host reported it, or as the SDK
	// classified it.
	Detail *entities.ErrorDetail
	cause  error
}

func (e *Error) Error() string {
	var b strings.Builder
	msg := e.Detail.Message
	// One layer of context: a host message that already names the function
	// ("http_request GET https://...: ...", as the local host writes them)
	// is not prefixed with it again.
	if !namesFunc(msg, e.Func) {
		b.WriteString(e.Func)
		b.WriteString(": ")
	}
	if msg == "" {
		msg = "host reported an error without a message"
		if e.Detail.Type != "" {
			msg = "host reported a " + e.Detail.Type + " error without a message"
		}
	}
	b.WriteString(msg)
	for w := e.Detail.Wrapped; w != nil; w = w.Wrapped {
		b.WriteString(": ")
		b.WriteString(w.Message)
	}
	return b.String()
}

// namesFunc reports whether msg starts with the function name fn as a
// word ("dns_lookup A example.com: ...", "dns_lookup: ...").
func namesFunc(msg, fn string) bool {
	if fn == "" || !strings.HasPrefix(msg, fn) {
		return false
	}
	rest := msg[len(fn):]
	return rest == "" || rest[0] == ' ' || rest[0] == ':'
}

// Unwrap returns the detail and the cause.
func (e *Error) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Detail, e.cause}
	}
	return []error{e.Detail}
}

// hostError wraps the error the host put in a response.
func hostError(fn string, d *entities.ErrorDetail) error {
	return &Error{Func: fn, Detail: d}
}

// contextError is returned, without calling the host, when ctx is done.
func contextError(fn string, cause error) error {
	d := &entities.ErrorDetail{Type: entities.ErrorTypeExecution, Code: wire.CodeCanceled,
		Message: "context canceled before the call was made"}
	if errors.Is(cause, context.DeadlineExceeded) {
		d = &entities.ErrorDetail{Type: entities.ErrorTypeTimeout, Code: wire.CodeDeadlineExceeded, IsTimeout: true,
			Message: "context deadline exceeded before the call was made"}
	}
	return &Error{Func: fn, Detail: d, cause: cause}
}

// transportError classifies an error from the Transport (abi).
func transportError(fn string, err error) error {
	if errors.Is(err, abi.ErrRequestTooLarge) {
		return &Error{Func: fn, Detail: &entities.ErrorDetail{Type: entities.ErrorTypeValidation, Code: wire.CodeRequestTooLarge,
			Message: err.Error()}, cause: err}
	}
	return badResponse(fn, err.Error(), err)
}

// badResponse reports a host answer that cannot be used.
func badResponse(fn, msg string, cause error) error {
	return &Error{Func: fn, Detail: &entities.ErrorDetail{Type: entities.ErrorTypeInternal, Code: ports.CodeHostResponse,
		Message: "invalid response from the host: " + msg}, cause: cause}
}

// noHost is the error of a client with no Transport function.
func noHost(fn string) error {
	return &Error{Func: fn, Detail: &entities.ErrorDetail{Type: entities.ErrorTypeInternal, Code: wire.CodeNoHost,
		Message: "no Reglet host: host-backed clients work only in a wasip1 plugin; inject a client with plugin.WithClient in native tests"}}
}

// invalidRequest reports a request the SDK refuses to send.
func invalidRequest(fn, msg string) error {
	return &Error{Func: fn, Detail: &entities.ErrorDetail{Type: entities.ErrorTypeValidation, Code: wire.CodeInvalidRequest, Message: msg}}
}
