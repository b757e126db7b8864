package plugin

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/nsctx"
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
// A ports.DNSResolver given with WithClient takes precedence here too, as
// it does for GetClient: each lookup goes to the newest such client in the
// lookup's context (other than a resolver made by NewDNSResolver), with the
// nameserver available to it through DNSNameserver(ctx). So a handler that
// honours a configured nameserver is unit tested with the same mock as one
// that does not. Without an injected client the lookup goes to the host;
// compiled natively there is no host, and it fails with an error saying so.
func NewDNSResolver(opts ...DNSOption) ports.DNSResolver {
	var o dnsOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return nsResolver{host: hostclient.DNSResolver{Nameserver: o.nameserver}, ns: o.nameserver}
}

// DNSNameserver returns the nameserver a resolver made by NewDNSResolver
// was asked to query, for a lookup it handed to a client injected with
// WithClient; "" when there is none. Mocks use it to check that a handler
// passed the configured nameserver on. A mock answering a .wasm's lookups
// in the local host (host.WithClients) sees the same value.
func DNSNameserver(ctx context.Context) string {
	return nsctx.From(ctx)
}

// nsResolver is NewDNSResolver's resolver: an injected client when the
// context has one, else the host with the nameserver.
type nsResolver struct {
	host hostclient.DNSResolver
	ns   string
}

// target returns the resolver for a lookup under ctx, and the context to
// give it.
func (r nsResolver) target(ctx context.Context) (ports.DNSResolver, context.Context) {
	if ctx != nil {
		for n, _ := ctx.Value(clientsKey{}).(*clientNode); n != nil; n = n.next {
			if _, self := n.client.(nsResolver); self {
				continue
			}
			if c, ok := n.client.(ports.DNSResolver); ok {
				return c, nsctx.With(ctx, r.ns)
			}
		}
	}
	return r.host, ctx
}

// LookupHost implements ports.DNSResolver.
func (r nsResolver) LookupHost(ctx context.Context, host string) ([]string, error) {
	c, ctx := r.target(ctx)
	return c.LookupHost(ctx, host)
}

// LookupCNAME implements ports.DNSResolver.
func (r nsResolver) LookupCNAME(ctx context.Context, host string) (string, error) {
	c, ctx := r.target(ctx)
	return c.LookupCNAME(ctx, host)
}

// LookupMX implements ports.DNSResolver.
func (r nsResolver) LookupMX(ctx context.Context, name string) ([]ports.MXRecord, error) {
	c, ctx := r.target(ctx)
	return c.LookupMX(ctx, name)
}

// LookupTXT implements ports.DNSResolver.
func (r nsResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	c, ctx := r.target(ctx)
	return c.LookupTXT(ctx, name)
}

// LookupNS implements ports.DNSResolver.
func (r nsResolver) LookupNS(ctx context.Context, name string) ([]string, error) {
	c, ctx := r.target(ctx)
	return c.LookupNS(ctx, name)
}
