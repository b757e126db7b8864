package plugin

import (
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
)

// DNSOption configures a resolver made by NewDNSResolver.
type DNSOption func(*dnsOptions)

type dnsOptions struct {
	nameserver string
}

// WithNameserver makes the resolver query addr ("1.1.1.1",
// "1.1.1.1:53", "[2606:4700:4700::1111]:53") instead of the host's own
// resolver. The host still checks the lookup against the plugin's network
// grants.
func WithNameserver(addr string) DNSOption {
	return func(o *dnsOptions) { o.nameserver = addr }
}

// NewDNSResolver returns a host-backed ports.DNSResolver configured by
// opts. GetClient[ports.DNSResolver] already returns one that uses the
// host's resolver; build one here when a check must ask a specific
// nameserver:
//
//	resolver := plugin.GetClient[ports.DNSResolver](ctx)
//	if in.Nameserver != "" {
//		resolver = plugin.NewDNSResolver(plugin.WithNameserver(in.Nameserver))
//	}
//
// or put it in the context for code further down that calls GetClient:
//
//	ctx = plugin.WithClient(ctx, plugin.NewDNSResolver(plugin.WithNameserver("9.9.9.9")))
//
// Compiled natively there is no host, and its lookups fail with an error
// saying so; tests inject a mock with WithClient instead.
func NewDNSResolver(opts ...DNSOption) ports.DNSResolver {
	var o dnsOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return hostclient.DNSResolver{Nameserver: o.nameserver}
}
