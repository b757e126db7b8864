//go:build upstream

package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/infrastructure/wasm"
)

// httpClient: upstream v0.6.2 puts no client in a raw plugin's context, so
// the plugin builds the wasm adapter itself (its API forces this).
func httpClient(context.Context) ports.HTTPClient {
	return wasm.NewHTTPAdapter(0)
}
