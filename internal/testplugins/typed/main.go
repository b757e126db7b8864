// Command typed is the probe plugin (package probe) built as a wasm module
// for the SDK's tests.
package main

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/typed/probe"
)

func main() {
	plugin.Register(probe.Plugin)
}
