//go:build upstream

package main

import "github.com/reglet-dev/reglet-plugin-sdk/application/plugin"

// Upstream v0.6.2 registers in main, as its README shows, but a c-shared
// module never runs main: its _manifest answers "plugin not registered".
// Registering from init is what its API forces.
func init() { plugin.Register(probe{}) }
