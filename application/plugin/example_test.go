package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// uptimePlugin is a hand-written Plugin.
type uptimePlugin struct{}

func (uptimePlugin) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "uptime", Version: "1.0.0", Description: "Checks a host is up"}, nil
}

func (uptimePlugin) Check(_ context.Context, config []byte) (*entities.Result, error) {
	var cfg struct {
		Host string `json:"host"`
	}
	if err := json.Unmarshal(config, &cfg); err != nil {
		return nil, err
	}
	if cfg.Host == "" {
		return nil, entities.NewErrorDetail(entities.ErrorTypeConfig, "host is required")
	}
	return entities.ResultSuccess("up", map[string]any{"host": cfg.Host}), nil
}

// A plugin registers itself from main (or init). Built for wasm, the SDK
// then serves the host's calls with it.
func ExampleRegister() {
	plugin.Register(uptimePlugin{})
	m, _ := plugin.Registered().Manifest(context.Background())
	fmt.Println(m.Name, m.Version)
	// Output: uptime 1.0.0
}

// ObserveJSON runs an observation exactly as the wasm _observe export does,
// which is how a plugin is tested natively.
func ExampleObserveJSON() {
	ctx := context.Background()
	for _, config := range []string{`{"host":"db1"}`, `{}`, `not json`} {
		var r entities.Result
		_ = json.Unmarshal(plugin.ObserveJSON(ctx, uptimePlugin{}, []byte(config)), &r)
		if r.Error != nil {
			fmt.Printf("%s: %s (%s)\n", r.Status, r.Error.Message, r.Error.Type)
			continue
		}
		fmt.Printf("%s: %v\n", r.Status, r.Data)
	}
	// Output:
	// success: map[host:db1]
	// error: host is required (config)
	// error: config is not valid JSON: invalid character 'o' in literal null (expecting 'u') (config)
}

// Greeter is a client a handler needs; tests inject a fake one.
type Greeter interface{ Greet(name string) string }

type fakeGreeter struct{}

func (fakeGreeter) Greet(name string) string { return "hi " + name }

// WithClient injects a client; GetClient finds it by interface type.
func ExampleWithClient() {
	ctx := plugin.WithClient(context.Background(), fakeGreeter{})
	fmt.Println(plugin.GetClient[Greeter](ctx).Greet("reglet"))
	_, ok := plugin.TryGetClient[fmt.Stringer](ctx)
	fmt.Println(ok)
	// Output:
	// hi reglet
	// false
}
