// Command tcp is the Reglet tcp plugin written with the SDK: a typed
// operation whose engine is the SDK's ready-made TCP check (package net).
//
//	{"host": "db.internal", "port": 5432}
//	{"host": "example.com", "port": 443, "tls": true, "min_days_valid": 30}
//
// With tls the certificate is reported even when it fails verification
// (tls_verify_error says why; the Result is a failure).
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o tcp.wasm ./examples/tcp
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
)

// Plugin is the tcp plugin's definition; its config is the TCP check's.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "tcp",
	Version:     "1.0.0",
	Description: "TCP connectivity and TLS certificate checking",
	Config:      &sdknet.TCPConfig{},
	Capabilities: entities.GrantSet{
		Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"*"}, Ports: []string{"*"}}}},
	},
})

// TCPService probes TCP endpoints.
type TCPService struct {
	plugin.Service `name:"tcp" desc:"TCP connection checking"`
	Check          plugin.Op[sdknet.TCPConfig, sdknet.TCPResult] `desc:"Connect, optionally with TLS" method:"CheckHandler"`
}

func init() {
	plugin.RegisterOp[sdknet.TCPConfig, sdknet.TCPResult]("Check",
		plugin.Example[sdknet.TCPConfig, sdknet.TCPResult]{
			Name:           "port_open",
			Description:    "A port accepts connections",
			Input:          sdknet.TCPConfig{Host: "example.com", Port: 80},
			ExpectedOutput: &sdknet.TCPResult{Connected: true, Address: "example.com:80"},
		},
		plugin.Example[sdknet.TCPConfig, sdknet.TCPResult]{
			Name:        "tls_certificate",
			Description: "TLS 1.3 with a certificate valid for 30 more days",
			Input:       sdknet.TCPConfig{Host: "example.com", Port: 443, TLS: true, ExpectedTLSVersion: "TLS 1.3", MinDaysValid: 30},
		},
	)
	plugin.MustRegisterService(Plugin, &TCPService{})
}

// CheckHandler runs the TCP check.
func (s *TCPService) CheckHandler(ctx context.Context, in *sdknet.TCPConfig) (*sdknet.TCPResult, error) {
	return sdknet.CheckTCP(ctx, in)
}

func main() {
	plugin.Register(Plugin)
}
