package ports

import (
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Classes of host-service errors, for errors.Is.
//
// Every error a host-backed client returns for a failure the host reported
// (a denied capability, a timeout, an unknown name, a refused connection)
// keeps the host's message and is an *entities.ErrorDetail underneath, so
// errors.As gives the wire type and code, and errors.Is matches these
// classes:
//
//	ips, err := resolver.LookupHost(ctx, host)
//	switch {
//	case errors.Is(err, ports.ErrCapabilityDenied):
//		// the operator did not grant network access to host:53
//	case errors.Is(err, ports.ErrNotFound):
//		// NXDOMAIN or no records
//	}
//
// One error can belong to several classes: a connect timeout reported as
// type network with is_timeout set is both ErrNetwork and ErrTimeout.
//
// Mocks that want to simulate a host failure return an
// *entities.ErrorDetail of the matching type (for example
// entities.NewErrorDetail("capability", "permission denied: ...")) or wrap
// a class (fmt.Errorf("dialing: %w", ErrCapabilityDenied)). Either matches
// these classes, and a handler that returns it gets an error Result of the
// class's type and code (capability, CAPABILITY_DENIED), natively as
// through the .wasm.
var (
	// ErrCapabilityDenied: the host refused the call because the operator
	// did not grant the capability (wire error type "capability").
	ErrCapabilityDenied error = &errorClass{"capability denied", func(t, c string, _, _ bool) bool {
		return t == entities.ErrorTypeCapability || c == wire.CodeCapabilityDenied
	}}
	// ErrTimeout: the call ran out of time, on the host (wire type
	// "timeout" or is_timeout set) or because the context's deadline had
	// already passed when the call was made.
	ErrTimeout error = &errorClass{"timeout", func(t, c string, timeout, _ bool) bool {
		return t == entities.ErrorTypeTimeout || timeout || c == wire.CodeTimeout
	}}
	// ErrNotFound: the name or record does not exist (is_not_found set, or
	// code NOT_FOUND / NXDOMAIN).
	ErrNotFound error = &errorClass{"not found", func(_, c string, _, notFound bool) bool {
		return notFound || c == wire.CodeNotFound || c == wire.CodeNXDomain
	}}
	// ErrNetwork: the host could not reach the target: refused, reset,
	// unreachable, TLS failure (wire type "network").
	ErrNetwork error = &errorClass{"network error", func(t, _ string, _, _ bool) bool {
		return t == entities.ErrorTypeNetwork
	}}
	// ErrHostResponse: the host's answer could not be used: it returned
	// nothing (0), a block the plugin never allocated, JSON that does not
	// decode, or more bytes than the contract allows. The plugin keeps
	// working; the call failed.
	ErrHostResponse error = &errorClass{"invalid host response", func(_, c string, _, _ bool) bool {
		return c == CodeHostResponse
	}}
)

// CodeHostResponse is the error code of failures matching ErrHostResponse.
const CodeHostResponse = wire.CodeHostResponse

// errorClass is a sentinel that matches error details by their wire fields.
// entities.ErrorDetail.Is calls MatchesErrorDetail (entities does not
// import ports), so the two meet through this method only.
type errorClass struct {
	name  string
	match func(errType, code string, isTimeout, isNotFound bool) bool
}

func (c *errorClass) Error() string { return c.name }

// MatchesErrorDetail reports whether an error detail with these wire fields
// belongs to the class.
func (c *errorClass) MatchesErrorDetail(errType, code string, isTimeout, isNotFound bool) bool {
	return c.match(errType, code, isTimeout, isNotFound)
}
