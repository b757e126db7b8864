// Command initreg registers its plugin from init and leaves main empty, the
// other registration style the SDK supports.
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

type initReg struct{}

// mainRan records whether the SDK ran main (it must, once).
var mainRan int

func (initReg) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "initreg", Version: "0.0.1"}, nil
}

func (initReg) Check(context.Context, []byte) (*entities.Result, error) {
	return entities.ResultSuccess("registered in init", map[string]any{"main_ran": mainRan}), nil
}

func init() { plugin.Register(initReg{}) }

func main() { mainRan++ }
