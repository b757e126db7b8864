package plugin

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// SDKVersion is the version of this SDK, reported in every Manifest and
// Result.
const SDKVersion = "0.1.0"

// Plugin is what every Reglet plugin implements.
type Plugin interface {
	// Manifest describes the plugin: name, version, capabilities, services
	// and config schema.
	Manifest(ctx context.Context) (*entities.Manifest, error)
	// Check runs one observation. config is the observation's config, a
	// JSON object. A check that ran and found the target wanting returns a
	// failure Result; an error means the check could not run.
	Check(ctx context.Context, config []byte) (*entities.Result, error)
}

// registered is the plugin the exports call.
var registered Plugin

// Register makes p the plugin this module serves. Call it from init or from
// main; calling it again replaces the plugin. It panics if p is nil.
func Register(p Plugin) {
	if p == nil {
		panic("plugin.Register: nil Plugin")
	}
	registered = p
}

// Registered returns the plugin given to Register, or nil.
func Registered() Plugin { return registered }
