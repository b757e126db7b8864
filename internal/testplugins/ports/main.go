// Command ports is the ports probe plugin (package probe) built as a wasm
// module for the plugintest tests.
package main

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/ports/probe"
)

func main() {
	plugin.Register(probe.Plugin)
}
