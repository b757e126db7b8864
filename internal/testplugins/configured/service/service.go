// Package service is the plugin of internal/testplugins/configured: the
// seed README's HTTP plugin shape, whose PluginDef.Config (HTTPConfig) has
// fields its operation's input (CheckInput) lacks, and a handler that reads
// them with plugin.GetConfig. Tests run it natively (importing this
// package) and as a .wasm (the main package next door).
package service

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

// Plugin is the definition.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:    "configured",
	Version: "1.0.0",
	Config:  &HTTPConfig{},
})

// HTTPConfig is the plugin-level config, as in the seed README.
type HTTPConfig struct {
	URL            string `json:"url" jsonschema:"required,description=URL to request"`
	Method         string `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
	TimeoutSeconds int    `json:"timeout_seconds,omitempty" jsonschema:"default=30"`
}

// CheckInput is the operation's input: no method, no timeout.
type CheckInput struct {
	URL            string `json:"url" jsonschema:"required,description=URL to request"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
}

// CheckOutput reports what the handler saw of both. The fields both types
// declare are reported from each (the SDK decodes them once and copies
// them into the config: schema.Shared).
type CheckOutput struct {
	URL                  string `json:"url"`
	Method               string `json:"method"`
	TimeoutSeconds       int    `json:"timeout_seconds"`
	ExpectedStatus       int    `json:"expected_status"`
	ConfigURL            string `json:"config_url"`
	ConfigExpectedStatus int    `json:"config_expected_status"`
}

// HTTPService has the one operation.
type HTTPService struct {
	plugin.Service `name:"http"`
	Check          plugin.Op[CheckInput, CheckOutput] `method:"CheckHandler"`
}

// CheckHandler echoes the input and the plugin config.
func (*HTTPService) CheckHandler(ctx context.Context, in *CheckInput) (*CheckOutput, error) {
	cfg := plugin.GetConfig[HTTPConfig](ctx)
	return &CheckOutput{URL: in.URL, Method: cfg.Method, TimeoutSeconds: cfg.TimeoutSeconds, ExpectedStatus: in.ExpectedStatus,
		ConfigURL: cfg.URL, ConfigExpectedStatus: cfg.ExpectedStatus}, nil
}

func init() { plugin.MustRegisterService(Plugin, &HTTPService{}) }
