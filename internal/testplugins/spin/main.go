// Command spin is a test plugin whose Check never returns unless the config
// says {"spin": false}: it loops without calling anything, the worst case
// for a host that must enforce a deadline.
package main

import (
	"context"
	"encoding/json"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

type spin struct{}

var sink int

func (spin) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "spin", Version: "0.0.1"}, nil
}

func (spin) Check(_ context.Context, raw []byte) (*entities.Result, error) {
	c := struct {
		Spin *bool `json:"spin"`
	}{}
	_ = json.Unmarshal(raw, &c)
	for c.Spin == nil || *c.Spin {
		sink++
	}
	return entities.ResultSuccess("did not spin", map[string]any{"iterations": sink}), nil
}

func main() { plugin.Register(spin{}) }
