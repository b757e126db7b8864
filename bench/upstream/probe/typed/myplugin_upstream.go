//go:build upstream

package main

import (
	"context"
	"errors"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/infrastructure/wasm"

	"my-plugin/core"
)

// myPlugin is a thin Plugin over core.Plugin. Upstream v0.6.2's
// PluginDefinition has Manifest() without a context and no Check, and its
// typed handlers get their client from the Request: this is what its API
// forces a plugin to write.
type myPlugin struct{}

// Manifest returns the manifest the SDK generates.
func (*myPlugin) Manifest(context.Context) (*entities.Manifest, error) {
	return core.Plugin.Manifest(), nil
}

// Check runs the one operation with the wasm HTTP adapter as its client.
func (*myPlugin) Check(ctx context.Context, config []byte) (*entities.Result, error) {
	h, ok := core.Plugin.GetHandler("http", "check")
	if !ok {
		return nil, errors.New("no http.check handler")
	}
	return h(ctx, &plugin.Request{Client: wasm.NewHTTPAdapter(0), Raw: config})
}
