package hostclient

import "github.com/reglet-dev/reglet-plugin-sdk/internal/wire"

// Transport sends one request to a reglet_host function and returns the
// response bytes, which the caller then owns. A nil function means the
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
// stream of command output at 10 MiB (wire.MaxBodyBytes), which base64 or
// JSON escaping enlarge; anything beyond these limits did not come from a
// host keeping the contract and is refused before it is decoded.
const (
	maxHTTPResponse  = 16 << 20
	maxExecResponse  = 48 << 20
	maxSmallResponse = 1 << 20
)

var _ = wire.MaxBodyBytes
