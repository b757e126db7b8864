// Command typedhello is examples/hello written with typed operations: the
// same greeting, the same config, so benchmarks can compare the typed path
// with the raw one.
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

// Plugin is the definition.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "hello",
	Version:     "1.0.0",
	Description: "Greets whoever the config names",
})

// HelloInput is the config.
type HelloInput struct {
	Name string `json:"name" jsonschema:"required"`
}

// HelloOutput is the greeting.
type HelloOutput struct {
	Greeting string `json:"greeting"`
}

// HelloService greets.
type HelloService struct {
	plugin.Service `name:"hello" desc:"Greetings"`
	Greet          plugin.Op[HelloInput, HelloOutput] `desc:"Greet someone" method:"GreetHandler"`
}

// GreetHandler greets in.Name; an empty name is a failed check.
func (*HelloService) GreetHandler(_ context.Context, in *HelloInput) (*HelloOutput, error) {
	if in.Name == "" {
		return &HelloOutput{}, plugin.Failf("nobody to greet")
	}
	return &HelloOutput{Greeting: "hello, " + in.Name}, nil
}

func init() { plugin.MustRegisterService(Plugin, &HelloService{}) }

func main() { plugin.Register(Plugin) }
