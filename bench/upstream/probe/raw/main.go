// Command raw is the raw probe: a hand-written Plugin (Manifest + Check)
// whose Check decodes a small JSON config and answers with one data field.
// The same file is built against this SDK and against upstream v0.6.2.
package main

import (
	"context"
	"encoding/json"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"

	"my-plugin/result"
)

type probe struct{}

type probeConfig struct {
	Name string `json:"name"`
}

// Manifest describes the probe.
func (probe) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{
		Name:         "raw",
		Version:      "1.0.0",
		Description:  "raw probe",
		ConfigSchema: json.RawMessage(`{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`),
	}, nil
}

// Check greets config.name.
func (probe) Check(_ context.Context, config []byte) (*entities.Result, error) {
	var cfg probeConfig
	if err := json.Unmarshal(config, &cfg); err != nil {
		return nil, entities.NewErrorDetail("config", "decoding config: "+err.Error())
	}
	if cfg.Name == "" {
		return result.Failure("nobody to greet", map[string]any{"greeting": ""}), nil
	}
	return result.Success("greeted", map[string]any{"greeting": "hello, " + cfg.Name}), nil
}

func main() { plugin.Register(probe{}) }
