// Command multi is a Reglet plugin with two services that both have an
// operation named check, showing how observations are routed:
//
//	{"operation": "parse", "version": "1.2.3"}                        -> version/parse
//	{"service": "http", "operation": "check", "url": "https://..."}  -> http/check
//	{"service": "version", "operation": "check", "version": "1.2.3", "minimum": "1.0.0"}
//	{"operation": "check", ...}  -> a config error: two services have check
//
// The http service reaches the network through the host
// (plugin.GetClient[ports.HTTPClient]); the version service is pure Go.
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o multi.wasm ./examples/multi
package main

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Plugin is the plugin's definition; the services register into it below.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "multi",
	Version:     "1.0.0",
	Description: "HTTP status and version checks",
	Capabilities: entities.GrantSet{
		Network: &entities.NetworkCapability{
			Rules: []entities.NetworkRule{{Hosts: []string{"*"}, Ports: []string{"80", "443"}}},
		},
	},
})

func init() {
	plugin.RegisterOp[HTTPCheckInput, HTTPCheckOutput]("Check",
		plugin.Example[HTTPCheckInput, HTTPCheckOutput]{
			Name:           "ok",
			Description:    "A page that answers 200",
			Input:          HTTPCheckInput{URL: "https://example.com"},
			ExpectedOutput: &HTTPCheckOutput{URL: "https://example.com", StatusCode: 200},
		},
	)
	plugin.MustRegisterService(Plugin, &HTTPService{})

	// This Check has other types and examples than the http one: each
	// RegisterOp belongs to the service registered after it.
	plugin.RegisterOp[VersionCheckInput, VersionCheckOutput]("Check",
		plugin.Example[VersionCheckInput, VersionCheckOutput]{
			Name:           "new_enough",
			Input:          VersionCheckInput{Version: "1.4.2", Minimum: "1.2.0"},
			ExpectedOutput: &VersionCheckOutput{Version: "1.4.2", Minimum: "1.2.0"},
		},
		plugin.Example[VersionCheckInput, VersionCheckOutput]{
			Name:          "too_old",
			Description:   "A failed check",
			Input:         VersionCheckInput{Version: "1.1.0", Minimum: "1.2.0"},
			ExpectedError: "older than",
		},
	)
	plugin.RegisterOp[ParseInput, ParseOutput]("Parse",
		plugin.Example[ParseInput, ParseOutput]{
			Name:           "basic",
			Input:          ParseInput{Version: "v2.10.3"},
			ExpectedOutput: &ParseOutput{Major: 2, Minor: 10, Patch: 3},
		},
	)
	plugin.MustRegisterService(Plugin, &VersionService{})
}

func main() {
	plugin.Register(Plugin)
}
