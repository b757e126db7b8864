package hostclient

import "github.com/reglet-dev/reglet-plugin-sdk/internal/wire"

// Transport sends one request to a reglet_host function and returns the
// response bytes, which the caller then owns: the sender must not keep or
// modify them, since decoded strings may share their memory. A nil function means the
// function is not available (native builds).
type Transport struct {
	HTTP func(req []byte) ([]byte, error)
	DNS  func(req []byte) ([]byte, error)
	TCP  func(req []byte) ([]byte, error)
	SMTP func(req []byte) ([]byte, error)
	Exec func(req []byte) ([]byte, error)
	// Log sends a log record; it has no response.
	Log func(req []byte)
}

// Response size limits per function. The host caps an HTTP body and each
// stream of command output at 10 MiB (wire.MaxBodyBytes), which base64
// (4/3) or JSON escaping enlarge; anything beyond these limits did not come
// from a host keeping the contract. On wasm the guest refuses the response
// block itself (abi.SetResponseLimit), so it never reaches guest memory.
//
// The limits also bound the instance's peak memory, which never shrinks: a
// decoded response lives next to its JSON until the call returns, so the
// peak is about twice the limit. The local host caps each stream of
// command output at 10 MiB of JSON (not of raw bytes), so heavily escaped
// output (NUL bytes, invalid UTF-8) arrives cut and flagged rather than
// over the limit.
const (
	maxHTTPResponse  = wire.MaxHTTPResponseBytes
	maxExecResponse  = wire.MaxExecResponseBytes
	maxSmallResponse = wire.MaxSmallResponseBytes
)
