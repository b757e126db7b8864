// Command multiport is a test plugin with three services that together
// reach every port of the host: net (http, dns, tcp, smtp), system (exec,
// and a file read through WASI) and faults (a panicking handler and a
// handler whose deadline runs out). Each operation returns what the port
// answered, or the port's error as the observation's error, so a test
// table compares hosts Result by Result. The plugintest tests run it
// through the local host in both host dialects (testing/dialects_test.go).
//
// Build: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared ./internal/testplugins/multiport
package main

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/multiport/services"
)

func main() {
	plugin.Register(services.Plugin)
}
