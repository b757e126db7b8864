// Package errclass turns an error into the ErrorDetail a Result or a host
// response carries, keeping the domain/ports classes it belongs to.
//
// A test's client value may fail with a wrapped class, for example
// fmt.Errorf("nope: %w", ports.ErrCapabilityDenied), instead of an
// *entities.ErrorDetail. In the .wasm world the local host sends that as a
// detail of type capability; natively the handler's error reaches the
// Result directly. Both worlds call Detail, so the same mock gives the
// same Result type, code and flags in both (README, "Testing").
package errclass

import (
	"errors"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Detail is entities.ErrorDetailFrom(err, fallback), then each ports class
// err matches that the detail does not is added: the type when it is
// still fallback, the code (capability denied, host response) or the flag
// (timeout, not found). errors.Is(Detail(err, t), class) then answers as
// errors.Is(err, class) did. An error in the chain with an ErrorType()
// string method (application/config's *FieldError: a missing or mistyped
// key read with config.MustGet*) gives the type when no detail did; type
// config also gets code INVALID_CONFIG.
func Detail(err error, fallback string) *entities.ErrorDetail {
	out := entities.ErrorDetailFrom(err, fallback)
	lacks := func(class error) bool { return errors.Is(err, class) && !errors.Is(out, class) }
	if lacks(ports.ErrNetwork) && out.Type == fallback {
		out.Type = entities.ErrorTypeNetwork
	}
	if lacks(ports.ErrCapabilityDenied) {
		if out.Type == fallback {
			out.Type = entities.ErrorTypeCapability
		}
		out.Code = wire.CodeCapabilityDenied
	}
	if lacks(ports.ErrHostResponse) {
		out.Code = wire.CodeHostResponse
	}
	if lacks(ports.ErrTimeout) {
		out.IsTimeout = true
		if out.Type == fallback {
			out.Type = entities.ErrorTypeTimeout
		}
	}
	if lacks(ports.ErrNotFound) {
		out.IsNotFound = true
	}
	// An error that names its own type (application/config's FieldError:
	// a raw Check reporting a bad config, as a typed plugin's validation
	// does) gives the type; a config one gets INVALID_CONFIG.
	var typed interface{ ErrorType() string }
	if out.Type == fallback && errors.As(err, &typed) && typed.ErrorType() != "" {
		out.Type = typed.ErrorType()
		if out.Type == entities.ErrorTypeConfig && out.Code == "" {
			out.Code = wire.CodeInvalidConfig
		}
	}
	return out
}
