package wire

// Dialect H (docs/WIRE.md, "Dialect H"): the names the reglet-host-sdk
// v0.1.5 host uses where they differ from WIRE.md. The guest reads them
// (internal/hostclient) and the local host writes them under
// host.WithDialect(host.DialectH).

// The string error member of H's host-level error response
// {"error": kind, "message": ..., "code": status}.
const (
	// HostValidationError (status 400): H could not decode the request,
	// or its capability checker denied it.
	HostValidationError = "VALIDATION_ERROR"
	// HostInternalError (status 500): H failed, a panic included.
	HostInternalError = "INTERNAL_ERROR"
	// HostNotFound (status 404): H has no function of that name.
	HostNotFound = "NOT_FOUND"
)

// The codes of H's per-function error objects {code, message}.
const (
	HCodeTimeout           = "TIMEOUT"
	HCodeHostNotFound      = "HOST_NOT_FOUND"
	HCodeSSRFBlocked       = "SSRF_BLOCKED"
	HCodeInvalidRequest    = "INVALID_REQUEST"
	HCodeUnsupportedType   = "UNSUPPORTED_TYPE"
	HCodeLookupFailed      = "LOOKUP_FAILED"
	HCodeExecutionFailed   = "EXECUTION_FAILED"
	HCodeConnectionRefused = "CONNECTION_REFUSED"
	HCodeConnectionFailed  = "CONNECTION_FAILED"
	HCodeRequestFailed     = "REQUEST_FAILED"
	HCodeTLSError          = "TLS_ERROR"
	HCodeTLSCertError      = "TLS_CERTIFICATE_ERROR"
	HCodeStartTLSFailed    = "STARTTLS_FAILED"
)

// Codes the guest gives H's host-level errors (the host's own kind and
// status are kept in ErrorDetail.details as host_error and host_code).
const (
	// CodeHostValidation: a host-level VALIDATION_ERROR that is not a
	// denial (type validation).
	CodeHostValidation = "VALIDATION_ERROR"
	// CodeHostInternal: a host-level INTERNAL_ERROR (type internal).
	CodeHostInternal = "INTERNAL_ERROR"
	// CodeHostFunctionNotFound: a host-level NOT_FOUND, the host has no
	// such function (type capability). It is not CodeNotFound, which
	// means a missing name or record.
	CodeHostFunctionNotFound = "HOST_FUNCTION_NOT_FOUND"
)

// H's capability checker's messages (no "permission denied" prefix):
// "no capabilities granted: <what>" for a plugin without grants,
// "<kind> capability denied: <what>" otherwise, and "<description>
// requires 'exec:<command>' capability" for a shell or interpreter asked
// to run code.
const (
	HDeniedNoGrants   = "no capabilities granted: "
	HDeniedInfix      = " capability denied: "
	HDeniedExecPrefix = " requires 'exec:"
	HDeniedExecSuffix = "' capability"
)

// HUnmarshalPrefix starts the message of the VALIDATION_ERROR H returns for
// a request its handler cannot decode.
const HUnmarshalPrefix = "failed to unmarshal request: "
