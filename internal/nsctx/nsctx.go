// Package nsctx carries the nameserver a DNS lookup was asked to query in
// its context. plugin.NewDNSResolver puts it there when it hands a lookup
// to a mock resolver natively, and the local host does the same when a
// mock given with host.WithClients answers a dns_lookup from a .wasm, so
// plugin.DNSNameserver reads the same value in both worlds.
package nsctx

import "context"

type key struct{}

// With returns ctx carrying nameserver ns; an empty ns returns ctx as is.
func With(ctx context.Context, ns string) context.Context {
	if ns == "" {
		return ctx
	}
	return context.WithValue(ctx, key{}, ns)
}

// From returns the nameserver ctx carries, or "".
func From(ctx context.Context) string {
	s, _ := ctx.Value(key{}).(string)
	return s
}
