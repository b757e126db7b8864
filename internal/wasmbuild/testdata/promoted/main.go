// Command promoted has a handler the binding generator cannot name: one
// promoted from an embedded type.
package main

import (
	"context"

	sdk "github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

// In is the input.
type In struct{}

// Out is the output.
type Out struct{}

type base struct{}

// RunHandler is promoted to Svc.
func (base) RunHandler(context.Context, *In) (*Out, error) { return &Out{}, nil }

// Svc has one handler of its own and one promoted from base.
type Svc struct {
	sdk.Service `name:"s"`
	base
	Run   sdk.Op[In, Out]
	Other sdk.Op[In, Out] `method:"Own"`
}

// Own is declared on Svc.
func (*Svc) Own(context.Context, *In) (*Out, error) { return nil, nil }

var def = sdk.DefinePlugin(sdk.PluginDef{Name: "p"})

func main() {
	sdk.MustRegisterService(def, &Svc{})
	sdk.Register(def)
}
