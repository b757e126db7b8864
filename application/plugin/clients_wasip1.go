//go:build wasip1

package plugin

import "github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"

// On wasm every port is served by the host: GetClient[ports.HTTPClient]
// (and DNSResolver, TCPDialer, SMTPClient, CommandRunner) works in any
// handler with no wiring. A client given with WithClient still wins.
func init() {
	hostClients = hostclient.All()
}
