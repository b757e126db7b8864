package hostclient

import (
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Two Reglet hosts answer the reglet_host imports (DIALECTS.md): W, the
// Reglet CLI's wire contract (WIRE.md), and H, the reglet-host-sdk v0.1.5
// host library. Their responses differ in three ways the clients absorb:
//
//   - H's error objects are {code, message} without a type: classifyUntyped
//     gives them the type (and the timeout and not-found flags) the same
//     failure has in W, from H's codes and, where a code is generic, from
//     the message H took from Go's net package;
//   - when H cannot decode a request, or its capability checker denies it,
//     the whole response is {"error":"VALIDATION_ERROR","message":...,
//     "code":400} (error a string; also INTERNAL_ERROR 500 and NOT_FOUND
//     404): hostLevel.detail classifies it, a denial as a capability error;
//   - the same facts have other names (latency_ms, tls_cert_expiry): the
//     decoders accept both into the same field.
//
// Every message stays the host's, verbatim.

// hostLevel collects the members of a host-level error response. Only
// kind says the response is one; message and code are also member names
// no W or H response uses otherwise.
type hostLevel struct {
	kind   string // the string error member: VALIDATION_ERROR, INTERNAL_ERROR, NOT_FOUND
	msg    string // message
	hasMsg bool   // a message member was there: H always sends one
	status int64  // code (400, 500, 404)
}

// detail converts a host-level error to the ErrorDetail the SDK reports.
// The host's original error string and numeric code are kept in Details.
func (h *hostLevel) detail() *entities.ErrorDetail {
	d := &entities.ErrorDetail{Message: h.msg,
		Details: map[string]any{"host_error": h.kind, "host_code": h.status}}
	switch h.kind {
	case wire.HostValidationError:
		if isDenial(h.msg) {
			d.Type, d.Code = entities.ErrorTypeCapability, wire.CodeCapabilityDenied
		} else {
			d.Type, d.Code = entities.ErrorTypeValidation, wire.CodeHostValidation
		}
	case wire.HostInternalError:
		d.Type, d.Code = entities.ErrorTypeInternal, wire.CodeHostInternal
	case wire.HostNotFound:
		// "unknown host function: smtp_connect": the host does not offer
		// the service at all, so the plugin cannot have it here. Not
		// NOT_FOUND, which ports.ErrNotFound reads as a missing name.
		d.Type, d.Code = entities.ErrorTypeCapability, wire.CodeHostFunctionNotFound
	default:
		d.Type, d.Code = entities.ErrorTypeInternal, h.kind
	}
	if d.Message == "" {
		d.Message = "host reported " + h.kind + " without a message"
	}
	return d
}

// isDenial recognises a capability denial in the message of a host-level
// VALIDATION_ERROR. H's capability checker says, for a plugin with no
// grants, "no capabilities granted: <what>"; otherwise "<kind> capability
// denied: <what>" (kind network, filesystem, environment or exec); for a
// shell or interpreter asked to run code, "<description> requires
// 'exec:<command>' capability". W's own text, "permission denied: ...",
// is accepted too. H's other validation errors ("failed to unmarshal
// request: ...", "invalid URL: ...", "request size ... exceeds maximum
// ...") contain none of these.
func isDenial(msg string) bool {
	return strings.HasPrefix(msg, wire.HDeniedNoGrants) ||
		strings.Contains(msg, wire.HDeniedInfix) ||
		(strings.Contains(msg, wire.HDeniedExecPrefix) && strings.HasSuffix(msg, wire.HDeniedExecSuffix)) ||
		strings.HasPrefix(msg, "permission denied")
}

// headersRefused reports H's handler refusing WIRE.md's header arrays: the
// host-level VALIDATION_ERROR "failed to unmarshal request: json: cannot
// unmarshal array into Go struct field HTTPRequest.headers of type
// string". H's capability checker decodes the same request first and
// answers itself when it denies it, so this error also says the checker
// allowed the request (or there is no checker on that host).
func headersRefused(d *entities.ErrorDetail) bool {
	return d != nil && d.Code == wire.CodeHostValidation && d.Type == entities.ErrorTypeValidation &&
		strings.HasPrefix(d.Message, wire.HUnmarshalPrefix) && strings.Contains(d.Message, "headers")
}

// classifyUntyped gives an error object without a type ({code, message},
// dialect H) the type and flags the same failure has in W, for import fn.
// A detail with a type is left alone.
func classifyUntyped(fn string, d *entities.ErrorDetail) {
	if d == nil || d.Type != "" {
		return
	}
	msg := d.Message
	switch d.Code {
	case wire.HCodeTimeout:
		d.Type, d.IsTimeout = entities.ErrorTypeTimeout, true
	case wire.HCodeHostNotFound, wire.CodeNotFound, wire.CodeNXDomain:
		d.Type, d.IsNotFound = entities.ErrorTypeNetwork, true
	case wire.HCodeSSRFBlocked, wire.CodeCapabilityDenied:
		// H's own filter for private and loopback targets: a denial by
		// the host's policy, as W reports it.
		d.Type = entities.ErrorTypeCapability
	case wire.HCodeInvalidRequest, wire.HCodeUnsupportedType:
		d.Type = entities.ErrorTypeValidation
	case wire.HCodeExecutionFailed:
		d.Type = entities.ErrorTypeExecution
		d.IsNotFound = strings.Contains(msg, "executable file not found") || strings.Contains(msg, "no such file or directory")
	default:
		// LOOKUP_FAILED, CONNECTION_REFUSED, CONNECTION_FAILED,
		// REQUEST_FAILED, TLS_ERROR, STARTTLS_FAILED, ... and codes this
		// SDK does not know: the failure of the function's own work.
		d.Type = entities.ErrorTypeNetwork
		if fn == wire.ExecCommandFn {
			d.Type = entities.ErrorTypeExecution
		}
		// H passes Go's net errors through as the message.
		switch {
		case strings.Contains(msg, "no such host"):
			d.IsNotFound = true
		case strings.Contains(msg, "i/o timeout"), strings.Contains(msg, "deadline exceeded"):
			d.IsTimeout = true
		}
	}
}

// appendHeaderStrings appends h as an object of strings, dialect H's
// request headers: the values of a repeated header are joined with ", "
// (RFC 9110, 5.3), and Cookie's with "; " (RFC 6265, 5.4).
func appendHeaderStrings(b []byte, h map[string][]string) []byte {
	b = append(b, '{')
	first := true
	for _, k := range sortedKeys(h) {
		vs := h[k]
		if len(vs) == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, k)
		b = append(b, ':')
		if len(vs) == 1 {
			b = appendString(b, vs[0])
			continue
		}
		sep := ", "
		if strings.EqualFold(k, "Cookie") {
			sep = "; "
		}
		b = appendString(b, strings.Join(vs, sep))
	}
	return append(b, '}')
}
