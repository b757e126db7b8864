// Command smtp is the Reglet smtp plugin written with the SDK: a typed
// operation whose engine is the SDK's ready-made SMTP check (package net).
//
//	{"host": "mx.example.com", "port": 25, "starttls": true}
//	{"host": "mx.example.com", "port": 465, "tls": true}
//
// A server that does not offer STARTTLS is a failure that keeps the banner
// (starttls_not_offered); a certificate that fails verification is
// reported with tls_verify_error.
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o smtp.wasm ./examples/smtp
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
)

// Plugin is the smtp plugin's definition; its config is the SMTP check's.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "smtp",
	Version:     "1.0.0",
	Description: "SMTP server connectivity and TLS checking",
	Config:      &sdknet.SMTPConfig{},
	Capabilities: entities.GrantSet{
		Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"*"}, Ports: []string{"25", "465", "587"}}}},
	},
})

// SMTPService probes mail servers.
type SMTPService struct {
	plugin.Service `name:"smtp" desc:"SMTP server checking"`
	Check          plugin.Op[sdknet.SMTPConfig, sdknet.SMTPResult] `desc:"Read the banner, optionally with TLS" method:"CheckHandler"`
}

func init() {
	plugin.RegisterOp[sdknet.SMTPConfig, sdknet.SMTPResult]("Check",
		plugin.Example[sdknet.SMTPConfig, sdknet.SMTPResult]{
			Name:           "starttls",
			Description:    "The server offers STARTTLS on port 25",
			Input:          sdknet.SMTPConfig{Host: "mx.example.com", Port: 25, StartTLS: true},
			ExpectedOutput: &sdknet.SMTPResult{Connected: true, TLS: true},
		},
		plugin.Example[sdknet.SMTPConfig, sdknet.SMTPResult]{
			Name:        "implicit_tls",
			Description: "Implicit TLS on port 465",
			Input:       sdknet.SMTPConfig{Host: "mx.example.com", Port: 465, TLS: true},
		},
	)
	plugin.MustRegisterService(Plugin, &SMTPService{})
}

// CheckHandler runs the SMTP check.
func (s *SMTPService) CheckHandler(ctx context.Context, in *sdknet.SMTPConfig) (*sdknet.SMTPResult, error) {
	return sdknet.CheckSMTP(ctx, in)
}

func main() {
	plugin.Register(Plugin)
}
