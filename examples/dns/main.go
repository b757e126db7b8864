// Command dns is the Reglet dns plugin written with the SDK: a typed
// operation whose engine is the SDK's ready-made DNS check (package net).
//
//	{"hostname": "example.com", "record_type": "MX", "nameserver": "9.9.9.9"}
//
// The operator grants the names to look up and, with nameserver, the
// nameserver's address too (host/GRANTS.md).
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o dns.wasm ./examples/dns
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
)

// Plugin is the dns plugin's definition; its config is the DNS check's.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "dns",
	Version:     "1.0.0",
	Description: "DNS resolution and record validation",
	Config:      &sdknet.DNSConfig{},
	Capabilities: entities.GrantSet{
		Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"*"}, Ports: []string{"53"}}}},
	},
})

// DNSService resolves names.
type DNSService struct {
	plugin.Service `name:"dns" desc:"DNS resolution"`
	Resolve        plugin.Op[sdknet.DNSConfig, sdknet.DNSResult] `desc:"Resolve a name's records" method:"ResolveHandler"`
}

func init() {
	plugin.RegisterOp[sdknet.DNSConfig, sdknet.DNSResult]("Resolve",
		plugin.Example[sdknet.DNSConfig, sdknet.DNSResult]{
			Name:           "basic_a",
			Description:    "Resolve A records",
			Input:          sdknet.DNSConfig{Hostname: "example.com", RecordType: "A"},
			ExpectedOutput: &sdknet.DNSResult{Hostname: "example.com", RecordType: "A"},
		},
		plugin.Example[sdknet.DNSConfig, sdknet.DNSResult]{
			Name:        "mx_from_nameserver",
			Description: "Mail exchangers, asked of a given nameserver",
			Input:       sdknet.DNSConfig{Hostname: "example.com", RecordType: "MX", Nameserver: "9.9.9.9"},
		},
	)
	plugin.MustRegisterService(Plugin, &DNSService{})
}

// ResolveHandler runs the DNS check.
func (s *DNSService) ResolveHandler(ctx context.Context, in *sdknet.DNSConfig) (*sdknet.DNSResult, error) {
	return sdknet.CheckDNS(ctx, in)
}

func main() {
	plugin.Register(Plugin)
}
