// Command hello is the smallest Reglet plugin: it implements plugin.Plugin
// by hand and registers it from main, the way the SDK README shows.
//
// Build it with:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o hello.wasm ./examples/hello
package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

type helloPlugin struct{}

type helloConfig struct {
	Name string `json:"name"`
}

// Manifest describes the plugin.
func (helloPlugin) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{
		Name:         "hello",
		Version:      "1.0.0",
		Description:  "Greets whoever the config names",
		ConfigSchema: json.RawMessage(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`),
	}, nil
}

// Check greets config.name; a missing name is a failed check.
func (helloPlugin) Check(_ context.Context, config []byte) (*entities.Result, error) {
	var cfg helloConfig
	if err := json.Unmarshal(config, &cfg); err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeConfig, "decoding config: "+err.Error())
	}
	if cfg.Name == "" {
		return entities.ResultFailure("nobody to greet", map[string]any{"greeting": ""}), nil
	}
	return entities.ResultSuccess("greeted", map[string]any{"greeting": fmt.Sprintf("hello, %s", cfg.Name)}), nil
}

func main() {
	plugin.Register(&helloPlugin{})
}
