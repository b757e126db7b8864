// Command alloclimit is a test plugin with a 1 MiB limit on memory shared
// with the host (plugin.SetMemoryLimit). Config {"result_bytes": n} makes
// its Result carry a string of n bytes, so a large n exceeds the limit;
// {"go_alloc_bytes": n} allocates and touches n bytes of ordinary Go memory,
// which only the host's page limit bounds.
package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Limit is the shared-memory limit this plugin sets.
const Limit = 1 << 20

type alloc struct{}

// sink keeps the last go_alloc_bytes buffer reachable.
var sink []byte

func (alloc) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "alloclimit", Version: "0.0.1"}, nil
}

func (alloc) Check(_ context.Context, raw []byte) (*entities.Result, error) {
	var c struct {
		ResultBytes  int `json:"result_bytes"`
		GoAllocBytes int `json:"go_alloc_bytes"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, err
	}
	if c.GoAllocBytes > 0 {
		buf := make([]byte, c.GoAllocBytes)
		for i := 0; i < len(buf); i += 4096 {
			buf[i] = 1
		}
		sink = buf
	}
	return entities.ResultSuccess("sized", map[string]any{"blob": strings.Repeat("x", c.ResultBytes), "go_alloc_bytes": len(sink)}), nil
}

func init() { plugin.SetMemoryLimit(Limit) }

func main() { plugin.Register(alloc{}) }
