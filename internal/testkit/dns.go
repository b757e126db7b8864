package testkit

import (
	"context"
	"net"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
)

// Zone maps "name." to records by type name ("A", "MX", ...); see
// loopback.Zone.
type Zone = loopback.Zone

// StartDNS serves zone over UDP on 127.0.0.1 until the test ends and
// returns its address.
func StartDNS(t testing.TB, zone Zone) string {
	t.Helper()
	return Started(t)(loopback.DNS(zone)).Addr
}

// Resolver is a Go resolver that asks only the DNS server at addr.
func Resolver(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

// TestZone is the zone the host tests resolve against.
var TestZone = Zone{
	"a.test.":      {"A": {"127.0.0.1"}, "AAAA": {"::1"}},
	"public.test.": {"A": {"93.184.216.34"}},
	"alias.test.":  {"CNAME": {"a.test."}},
	"mail.test.": {
		"MX":  {"10 mx1.test.", "20 mx2.test."},
		"TXT": {"v=spf1 -all"},
		"NS":  {"ns1.test."},
	},
}
