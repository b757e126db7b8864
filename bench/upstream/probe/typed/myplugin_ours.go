//go:build !upstream

package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"

	"my-plugin/core"
)

// myPlugin is a thin Plugin over core.Plugin.
type myPlugin struct{}

// Manifest returns the manifest the SDK generates.
func (*myPlugin) Manifest(ctx context.Context) (*entities.Manifest, error) {
	return core.Plugin.Manifest(ctx)
}

// Check routes the observation to the typed operation.
func (*myPlugin) Check(ctx context.Context, config []byte) (*entities.Result, error) {
	return core.Plugin.Check(ctx, config)
}
