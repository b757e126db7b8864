package plugin_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/configured/service"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

var configCases = []struct {
	name, config string
	want         map[string]any
}{
	{"defaults", `{"url":"https://example.com"}`,
		map[string]any{"url": "https://example.com", "method": "GET", "timeout_seconds": float64(30), "expected_status": float64(200),
			"config_url": "https://example.com", "config_expected_status": float64(200)}},
	{"config-only fields reach the handler", `{"url":"https://example.com","method":"POST","timeout_seconds":5,"expected_status":204}`,
		map[string]any{"url": "https://example.com", "method": "POST", "timeout_seconds": float64(5), "expected_status": float64(204),
			"config_url": "https://example.com", "config_expected_status": float64(204)}},
	{"null is absent", `{"url":"https://example.com","method":null}`,
		map[string]any{"url": "https://example.com", "method": "GET", "timeout_seconds": float64(30), "expected_status": float64(200),
			"config_url": "https://example.com", "config_expected_status": float64(200)}},
}

func checkConfigResult(t *testing.T, r *entities.Result, want map[string]any) {
	t.Helper()
	if r.Status != entities.StatusSuccess {
		t.Fatalf("result %+v", r)
	}
	got, _ := json.Marshal(r.Data)
	exp, _ := json.Marshal(want)
	if string(got) != string(exp) {
		t.Errorf("data %s, want %s", got, exp)
	}
}

// A handler reads PluginDef.Config's fields its input lacks (the seed's
// method and timeout_seconds, silently dropped before) with GetConfig,
// natively ...
func TestGetConfigNative(t *testing.T) {
	for _, tc := range configCases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := service.Plugin.Check(context.Background(), []byte(tc.config))
			if err != nil {
				t.Fatal(err)
			}
			checkConfigResult(t, r, tc.want)
		})
	}
	r, _ := service.Plugin.Check(context.Background(), []byte(`{"url":"https://example.com","method":"PUT"}`))
	if r.Status != entities.StatusError || !strings.Contains(r.Message, `method: "PUT" is not one of "GET", "POST"`) {
		t.Errorf("bad method: %+v", r)
	}
}

// ... and in the compiled plugin.
func TestGetConfigWasm(t *testing.T) {
	pl := plugintest.Load(t, plugintest.BuildSDK(t, "./internal/testplugins/configured"))
	for _, tc := range configCases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := pl.Observe(context.Background(), []byte(tc.config))
			if err != nil {
				t.Fatal(err)
			}
			checkConfigResult(t, r, tc.want)
		})
	}
}

type cfgA struct{ A string }
type cfgB struct{ B string }

func TestGetConfigInjectedAndMissing(t *testing.T) {
	ctx := plugin.WithConfig(context.Background(), &cfgA{A: "x"})
	if c := plugin.GetConfig[cfgA](ctx); c.A != "x" {
		t.Errorf("GetConfig = %+v", c)
	}
	if c, ok := plugin.TryGetConfig[cfgA](plugin.WithConfig(context.Background(), cfgA{A: "v"})); !ok || c.A != "v" {
		t.Errorf("TryGetConfig of a value = %+v, %v", c, ok)
	}
	if _, ok := plugin.TryGetConfig[cfgB](ctx); ok {
		t.Error("TryGetConfig found a config of another type")
	}
	if _, ok := plugin.TryGetConfig[cfgA](context.Background()); ok {
		t.Error("TryGetConfig found a config in an empty context")
	}
	for _, c := range []struct {
		ctx  context.Context
		want string
	}{
		{ctx, "plugin.GetConfig[plugin_test.cfgB]: the plugin config is a *plugin_test.cfgA"},
		{context.Background(), "plugin.GetConfig[plugin_test.cfgB]: no plugin config"},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(r.(string), c.want) {
					t.Errorf("panic %v, want %q", r, c.want)
				}
			}()
			plugin.GetConfig[cfgB](c.ctx)
		}()
	}
}
