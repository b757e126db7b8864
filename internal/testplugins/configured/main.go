// Command configured is internal/testplugins/configured/service built as a
// plugin.
package main

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/configured/service"
)

func main() { plugin.Register(service.Plugin) }
