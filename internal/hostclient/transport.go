package hostclient

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
// peak is about twice the limit. Command output with heavy escaping (many
// control characters) can exceed maxExecResponse and is then refused.
const (
	maxHTTPResponse  = 16 << 20
	maxExecResponse  = 24 << 20
	maxSmallResponse = 1 << 20
)
