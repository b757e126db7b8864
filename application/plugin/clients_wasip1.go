//go:build wasip1

package plugin

import "github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"

// hostClientList is built on the first TryGetClient.
var hostClientList []any

// On wasm every port is served by the host: GetClient[ports.HTTPClient]
// (and DNSResolver, TCPDialer, SMTPClient, CommandRunner) works in any
// handler with no wiring. A client given with WithClient still wins. The
// list is built on first use rather than in init: an init would link
// internal/hostclient (about 126 KB) into every plugin, also those that
// never call a host function.
func hostBacked() []any {
	if hostClientList == nil {
		hostClientList = hostclient.All()
	}
	return hostClientList
}
