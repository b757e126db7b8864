package plugintest_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// greeter is a plugin used to exercise the helpers.
type greeter struct{}

type namer interface{ Name() string }

type fixedName string

func (f fixedName) Name() string { return string(f) }

func (greeter) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "greeter"}, nil
}

func (greeter) Check(_ context.Context, raw []byte) (*entities.Result, error) {
	var cfg struct {
		Mode string `json:"mode"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, err
	}
	switch cfg.Mode {
	case "fail":
		return entities.ResultFailure("no", map[string]any{"code": 500}), nil
	case "error":
		return nil, entities.NewErrorDetail(entities.ErrorTypeNetwork, "refused")
	case "panic":
		panic("boom")
	}
	return entities.ResultSuccess("ok", map[string]any{"status_code": 200, "tags": []string{"a", "b"}}), nil
}

func TestRunPluginTests(t *testing.T) {
	plugintest.RunPluginTests(t, greeter{}, []plugintest.TestCase{
		{Name: "default validate is success"},
		{
			Name:   "data fields compare as JSON",
			Config: map[string]any{"mode": "ok"},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertSuccess(t, r)
				plugintest.AssertDataField(t, r, "status_code", 200)
				plugintest.AssertDataField(t, r, "status_code", 200.0)
				plugintest.AssertDataField(t, r, "tags", []any{"a", "b"})
				if r.Metadata == nil || r.Metadata.SDKVersion == "" {
					t.Errorf("metadata not filled in: %+v", r.Metadata)
				}
			},
		},
		{Name: "failure", Config: map[string]any{"mode": "fail"}, Validate: func(t *testing.T, r *entities.Result) {
			plugintest.AssertFailure(t, r)
			plugintest.AssertDataField(t, r, "code", 500)
		}},
		{Name: "typed error", Config: map[string]any{"mode": "error"}, Validate: func(t *testing.T, r *entities.Result) {
			plugintest.AssertError(t, r, "network")
		}},
		{Name: "panic", Config: map[string]any{"mode": "panic"}, Validate: func(t *testing.T, r *entities.Result) {
			plugintest.AssertError(t, r, "panic")
		}},
	})
}

// The assertions must fail when they should; run them against a recorder.
func TestAssertionsFail(t *testing.T) {
	ok := plugintest.Observe(t, greeter{}, nil)
	fail := plugintest.Observe(t, greeter{}, map[string]any{"mode": "fail"})
	for name, f := range map[string]func(tb testing.TB){
		"success on failure": func(tb testing.TB) { plugintest.AssertSuccess(tb, fail) },
		"failure on success": func(tb testing.TB) { plugintest.AssertFailure(tb, ok) },
		"error on success":   func(tb testing.TB) { plugintest.AssertError(tb, ok, "") },
		"wrong value":        func(tb testing.TB) { plugintest.AssertDataField(tb, ok, "status_code", 201) },
		"missing field":      func(tb testing.TB) { plugintest.AssertDataField(tb, ok, "nope", 1) },
		"wrong error type": func(tb testing.TB) {
			plugintest.AssertError(tb, plugintest.Observe(tb, greeter{}, map[string]any{"mode": "error"}), "config")
		},
		"nil result":       func(tb testing.TB) { plugintest.AssertSuccess(tb, nil) },
		"string vs number": func(tb testing.TB) { plugintest.AssertDataField(tb, ok, "status_code", "200") },
	} {
		rec := &recorder{TB: t}
		func() {
			defer func() { recover() }()
			f(rec)
		}()
		if !rec.failed {
			t.Errorf("%s: the assertion passed", name)
		}
	}
}

// recorder is a testing.TB whose Fatal marks failure and stops the
// assertion without failing the real test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(string, ...any) {
	r.failed = true
	panic("stop")
}

func TestObserveInjectsClients(t *testing.T) {
	// Observe puts the clients into the context Check receives.
	r := plugintest.Observe(t, clientPlugin{}, nil, fixedName("mock"))
	plugintest.AssertDataField(t, r, "name", "mock")
}

type clientPlugin struct{}

func (clientPlugin) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{}, nil
}
func (clientPlugin) Check(ctx context.Context, _ []byte) (*entities.Result, error) {
	n, ok := tryNamer(ctx)
	if !ok {
		return nil, errors.New("no namer in context")
	}
	return entities.ResultSuccess("ok", map[string]any{"name": n.Name()}), nil
}
