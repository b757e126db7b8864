// Command hostcall is the raw probe plus one guest -> host -> guest call:
// its Check sends one http_request (the benchmark host answers it from a
// canned response) and reports the status code. Only httpClient differs
// between the two SDKs (client_ours.go, client_upstream.go).
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
	URL string `json:"url"`
}

// Manifest describes the probe.
func (probe) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "hostcall", Version: "1.0.0", Description: "one host call"}, nil
}

// Check fetches config.url through the host.
func (probe) Check(ctx context.Context, config []byte) (*entities.Result, error) {
	var cfg probeConfig
	if err := json.Unmarshal(config, &cfg); err != nil {
		return nil, entities.NewErrorDetail("config", "decoding config: "+err.Error())
	}
	resp, err := httpClient(ctx).Get(ctx, cfg.URL)
	if err != nil {
		return nil, err
	}
	return result.Success("fetched", map[string]any{"status_code": resp.StatusCode}), nil
}

func main() { plugin.Register(probe{}) }
