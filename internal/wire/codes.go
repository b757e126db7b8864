package wire

// Error codes carried in ErrorDetail.code (docs/WIRE.md, "Errors"). The
// error types ("capability", "timeout", ...) are public and live in
// domain/entities as ErrorType*; the codes are spelled here once, and both
// the guest (ports, hostclient, plugin, net, exec) and the local host use
// these names instead of string literals.
const (
	// CodeCapabilityDenied: the operator did not grant the capability
	// (type capability).
	CodeCapabilityDenied = "CAPABILITY_DENIED"
	// CodeConfigTooLarge: the observation's config is larger than the
	// SDK's MaxConfigSize (type config); it is refused before decoding.
	CodeConfigTooLarge = "CONFIG_TOO_LARGE"
	// CodeInvalidConfig: the observation's config does not validate
	// (type config).
	CodeInvalidConfig = "INVALID_CONFIG"
	// CodeInvalidConfigBlock: _observe could not read the config block the
	// host passed (type config).
	CodeInvalidConfigBlock = "INVALID_CONFIG_BLOCK"
	// CodeNoPlugin: the module never called plugin.Register (type internal).
	CodeNoPlugin = "NO_PLUGIN"
	// CodeTooLarge: the Manifest or Result would exceed the plugin's memory
	// limit (type internal).
	CodeTooLarge = "TOO_LARGE"
	// CodeEncode: a handler's output or the Result data does not encode as
	// a JSON object (type internal).
	CodeEncode = "ENCODE"
	// CodeInvalidPlugin: the plugin's definition has registration errors
	// (type internal).
	CodeInvalidPlugin = "INVALID_PLUGIN"
	// CodeNoOperations: the plugin registered no service (type internal).
	CodeNoOperations = "NO_OPERATIONS"

	// CodeTimeout: the host gave up on the deadline (type timeout).
	CodeTimeout = "TIMEOUT"
	// CodeCanceled: the call was cancelled before it finished.
	CodeCanceled = "CANCELED"
	// CodeDeadlineExceeded: the guest's context expired before the call.
	CodeDeadlineExceeded = "DEADLINE_EXCEEDED"
	// CodeNotFound: the name or record does not exist.
	CodeNotFound = "NOT_FOUND"
	// CodeNXDomain: the resolver's name for a missing domain.
	CodeNXDomain = "NXDOMAIN"
	// CodeNetworkError: the target could not be reached (type network);
	// the host uses a narrower code where it knows the cause.
	CodeNetworkError = "NETWORK_ERROR"
	// CodeDNSError: the resolver failed for another reason than NXDOMAIN.
	CodeDNSError = "DNS_ERROR"
	// CodeConnectionRefused: the peer refused the connection.
	CodeConnectionRefused = "CONNECTION_REFUSED"
	// CodeConnectionReset: the peer reset the connection.
	CodeConnectionReset = "CONNECTION_RESET"
	// CodeUnreachable: no route to the peer.
	CodeUnreachable = "UNREACHABLE"
	// CodeTLSError: the TLS handshake or verification failed.
	CodeTLSError = "TLS_ERROR"

	// CodeInvalidRequest: the request is well-formed JSON but not a valid
	// request (type validation).
	CodeInvalidRequest = "INVALID_REQUEST"
	// CodeBadRequest: the packed request points outside guest memory.
	CodeBadRequest = "BAD_REQUEST"
	// CodeRequestTooLarge: the request exceeds MaxRequestBytes.
	CodeRequestTooLarge = "REQUEST_TOO_LARGE"
	// CodeResponseTooLarge: a peer the host talked to sent more than one
	// of the host's bounds allows (type network: an SMTP reply line, HTTP
	// headers), or the host's own answer would exceed the guest's limit
	// for the function (type internal).
	CodeResponseTooLarge = "RESPONSE_TOO_LARGE"
	// CodeEncodeFailed: the host could not encode its response.
	CodeEncodeFailed = "ENCODE_FAILED"
	// CodeHostPanic: the host's implementation of an import panicked.
	CodeHostPanic = "HOST_PANIC"
	// CodeNoHost: the guest is not running under a host (native build).
	CodeNoHost = "NO_HOST"
	// CodeNoAnswer: a test's client value (plugintest, WithHTTPClient...)
	// returned neither a result nor an error (type internal).
	CodeNoAnswer = "NO_ANSWER"
	// CodeHostResponse: the host's answer could not be used (0, a block
	// never allocated, bad JSON, too large).
	CodeHostResponse = "HOST_RESPONSE"

	// CodeCommandNotFound: exec_command could not find the command
	// (type execution).
	CodeCommandNotFound = "COMMAND_NOT_FOUND"
	// CodeExecFailed: exec_command could not start or wait for the command.
	CodeExecFailed = "EXEC_FAILED"
	// CodeSMTPNotReady: the mail server's greeting was not 220.
	CodeSMTPNotReady = "SMTP_NOT_READY"
	// CodeStartTLSUnsupported: the mail server does not offer STARTTLS. The
	// local host reports that as data instead (starttls_not_offered); other
	// hosts may send this error.
	CodeStartTLSUnsupported = "STARTTLS_UNSUPPORTED"
)
