// Command trivial is the smallest useful plugin, for benchmarks: its Check
// ignores the config and reports success with one data field, so a call
// measures the SDK and the ABI rather than plugin work.
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

type trivial struct{}

func (trivial) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "trivial", Version: "0.0.1", Description: "does nothing, quickly"}, nil
}

func (trivial) Check(context.Context, []byte) (*entities.Result, error) {
	return entities.ResultSuccess("ok", map[string]any{"ok": true}), nil
}

func main() { plugin.Register(trivial{}) }
