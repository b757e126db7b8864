// core/plugin.go

package core

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "http",
	Version:     "1.0.0",
	Description: "HTTP/HTTPS request checking and validation",
	Config:      &HTTPConfig{},
	Capabilities: entities.GrantSet{
		Network: &entities.NetworkCapability{
			Rules: []entities.NetworkRule{
				{Hosts: []string{"*"}, Ports: []string{"80", "443"}},
			},
		},
	},
})

type HTTPConfig struct {
	URL            string `json:"url" jsonschema:"required,pattern=^https?://,description=URL to request (http or https)"`
	Method         string `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
	TimeoutSeconds int    `json:"timeout_seconds,omitempty" jsonschema:"default=30"`
}
