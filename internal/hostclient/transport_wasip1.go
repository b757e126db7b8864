//go:build wasip1

package hostclient

import "github.com/reglet-dev/reglet-plugin-sdk/internal/abi"

// Default reaches the reglet_host imports. Each call first bounds the
// response block the host may ask for, so a hostile or broken host cannot
// grow the instance's memory (which never shrinks) with an oversized
// answer.
var Default = Transport{
	HTTP: limited(abi.HTTPRequest, maxHTTPResponse),
	DNS:  limited(abi.DNSLookup, maxSmallResponse),
	TCP:  limited(abi.TCPConnect, maxSmallResponse),
	SMTP: limited(abi.SMTPConnect, maxSmallResponse),
	Exec: limited(abi.ExecCommand, maxExecResponse),
	Log:  abi.LogMessage,
}

func limited(call func([]byte) ([]byte, error), limit uint32) func([]byte) ([]byte, error) {
	return func(req []byte) ([]byte, error) {
		abi.SetResponseLimit(limit)
		return call(req)
	}
}
