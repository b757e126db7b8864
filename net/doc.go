// Package net provides ready-made checks over the host's network services:
// HTTP, DNS, TCP and SMTP, with the Reglet http, dns, tcp and smtp plugins'
// config fields and outputs (they are the engines of examples/http, dns, tcp
// and smtp).
//
// Each comes typed, for an Op[I, O] handler: CheckDNS(ctx, *DNSConfig)
// returns (*DNSResult, error), where a missed expectation is the result and
// a *plugin.Failure, and the config type's JSON Schema (jsonschema tags) is
// the plugin's config schema. And each comes as RunXCheck(ctx, configMap),
// which validates the map against the same schema and returns a Result:
// success when the target meets the expectations, failure (with the
// observed data) when it does not. An error means the check could not run:
// a config problem (an *entities.ErrorDetail of type config naming the
// field) or a host error, returned as the host gave it (its type and its
// message, which already names the request).
//
// A plugin's Check can return a check directly:
//
//	import sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
//
//	func (p *myPlugin) Check(ctx context.Context, raw []byte) (*entities.Result, error) {
//		var cfg map[string]any
//		if err := json.Unmarshal(raw, &cfg); err != nil {
//			return nil, err
//		}
//		return sdknet.RunHTTPCheck(ctx, cfg)
//	}
//
// Clients come from the options (WithHTTPClient and friends, for tests),
// else from the context (plugin.GetClient: the host-backed clients on wasm).
//
// The package is named net like the standard library's; import it under
// another name, as above.
package net
