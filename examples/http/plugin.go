// plugin.go
package main

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	_ "github.com/reglet-dev/reglet-plugin-sdk/examples/http/services" // auto-registers via init()
)

func main() {
	plugin.Register(&myPlugin{})
}
