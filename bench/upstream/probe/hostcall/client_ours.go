//go:build !upstream

package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// httpClient is the host-backed client this SDK provides on wasm.
func httpClient(ctx context.Context) ports.HTTPClient {
	return plugin.GetClient[ports.HTTPClient](ctx)
}
