package entities

import (
	"errors"
	"fmt"
)

// Error types in use on the wire. A host or a caller branches on these, so
// they are constants rather than free text.
const (
	ErrorTypeNetwork    = "network"
	ErrorTypeTimeout    = "timeout"
	ErrorTypeConfig     = "config"
	ErrorTypePanic      = "panic"
	ErrorTypeCapability = "capability"
	ErrorTypeValidation = "validation"
	ErrorTypeInternal   = "internal"
	ErrorTypeExecution  = "execution"
)

// ErrorDetail describes why an observation or a host call could not be
// carried out. It implements error, so a handler may return one to choose the
// error type and code the host sees:
//
//	return nil, entities.NewErrorDetail("network", "connection refused")
type ErrorDetail struct {
	Message    string         `json:"message"`
	Type       string         `json:"type"`
	Code       string         `json:"code"`
	Details    map[string]any `json:"details,omitempty"`
	Wrapped    *ErrorDetail   `json:"wrapped,omitempty"`
	Stack      []byte         `json:"stack,omitempty"`
	IsTimeout  bool           `json:"is_timeout,omitempty"`
	IsNotFound bool           `json:"is_not_found,omitempty"`
}

// NewErrorDetail returns an ErrorDetail of the given type (one of the
// ErrorType constants) with the message.
func NewErrorDetail(errType, message string) *ErrorDetail {
	return &ErrorDetail{Type: errType, Message: message}
}

// WithCode sets the machine-readable code and returns e for chaining.
func (e *ErrorDetail) WithCode(code string) *ErrorDetail {
	e.Code = code
	return e
}

// Error returns the message, prefixed with the type when there is one.
func (e *ErrorDetail) Error() string {
	if e == nil {
		return "<nil>"
	}
	msg := e.Message
	if e.Wrapped != nil {
		msg = msg + ": " + e.Wrapped.Error()
	}
	if e.Type == "" {
		return msg
	}
	return e.Type + " error: " + msg
}

// Unwrap exposes the wrapped detail to errors.Is and errors.As.
func (e *ErrorDetail) Unwrap() error {
	if e == nil || e.Wrapped == nil {
		return nil
	}
	return e.Wrapped
}

// ErrorDetailFrom converts any error into an ErrorDetail. An *ErrorDetail
// anywhere in err's chain keeps its type, code and details, with err's full
// message; any other error becomes type defaultType.
func ErrorDetailFrom(err error, defaultType string) *ErrorDetail {
	if err == nil {
		return nil
	}
	var d *ErrorDetail
	if errors.As(err, &d) && d != nil {
		out := *d
		if err != error(d) {
			// The detail was wrapped by fmt.Errorf("...: %w"); keep the
			// caller's context in the message.
			out.Message = trimTypePrefix(err.Error(), d)
		}
		return &out
	}
	return &ErrorDetail{Type: defaultType, Message: err.Error()}
}

// trimTypePrefix removes the "type error: " that ErrorDetail.Error adds, so a
// wrapped detail's message does not repeat its own type.
func trimTypePrefix(msg string, d *ErrorDetail) string {
	if d.Type == "" {
		return msg
	}
	inner := d.Error()
	plain := d.Message
	if d.Wrapped != nil {
		plain = plain + ": " + d.Wrapped.Error()
	}
	if n := len(msg) - len(inner); n >= 0 && msg[n:] == inner {
		return msg[:n] + plain
	}
	return msg
}

// String is for debugging output.
func (e *ErrorDetail) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%s/%s: %s", e.Type, e.Code, e.Message)
}
