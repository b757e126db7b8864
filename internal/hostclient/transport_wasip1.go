//go:build wasip1

package hostclient

import "github.com/reglet-dev/reglet-plugin-sdk/internal/abi"

// Default reaches the reglet_host imports.
var Default = Transport{
	HTTP: abi.HTTPRequest,
	DNS:  abi.DNSLookup,
	TCP:  abi.TCPConnect,
	SMTP: abi.SMTPConnect,
	Exec: abi.ExecCommand,
	Log:  abi.LogMessage,
}
