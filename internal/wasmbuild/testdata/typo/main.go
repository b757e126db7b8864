// Command typo names a handler that does not exist in a method tag: the
// binding generator cannot name it, and the plugin panics when it starts.
package main

import (
	"context"

	sdk "github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

// In is the input.
type In struct{}

// Out is the output.
type Out struct{}

// Svc's method tag misspells RunHandler.
type Svc struct {
	sdk.Service `name:"s"`
	Run         sdk.Op[In, Out] `method:"RunHandlr"`
}

// RunHandler is the handler the tag meant.
func (*Svc) RunHandler(context.Context, *In) (*Out, error) { return &Out{}, nil }

var def = sdk.DefinePlugin(sdk.PluginDef{Name: "typo"})

func main() {
	sdk.MustRegisterService(def, &Svc{})
	sdk.Register(def)
}
