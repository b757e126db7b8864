// Command http is the SDK README's HTTP example, built as a Reglet plugin:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm ./examples/http
//
// core/plugin.go, services/check.go and plugin.go are the README's code as
// written (only the module path differs). The README's main registers
// &myPlugin{} without showing the type; this file supplies it.
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/examples/http/core"
)

// myPlugin is the Plugin main registers: a thin Plugin over core.Plugin,
// the typed definition that services/check.go's init filled with the http
// service. Registering the definition itself, plugin.Register(core.Plugin),
// is equivalent.
type myPlugin struct{}

// Manifest returns the manifest the SDK generates from core.Plugin.
func (*myPlugin) Manifest(ctx context.Context) (*entities.Manifest, error) {
	return core.Plugin.Manifest(ctx)
}

// Check routes the observation to the http service's Check operation.
func (*myPlugin) Check(ctx context.Context, config []byte) (*entities.Result, error) {
	return core.Plugin.Check(ctx, config)
}
