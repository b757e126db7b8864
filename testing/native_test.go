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
		// The same expectations declared with Want.
		{Name: "want success", Config: map[string]any{"mode": "ok"}, Want: plugintest.Want{Status: entities.StatusSuccess, Message: "ok",
			Data: map[string]any{"status_code": 200, "tags": []string{"a", "b"}, "code": plugintest.Absent}}},
		{Name: "want failure", Config: map[string]any{"mode": "fail"}, Want: plugintest.Want{Status: entities.StatusFailure, Message: "no",
			Data: map[string]any{"code": plugintest.Present}}},
		{Name: "want error", Config: map[string]any{"mode": "error"}, Want: plugintest.Want{Status: entities.StatusError, ErrorType: "network", Message: "refused"}},
		{Name: "want and validate", Config: map[string]any{"mode": "panic"}, Want: plugintest.Want{Status: entities.StatusError, ErrorType: "panic"},
			Validate: func(t *testing.T, r *entities.Result) {
				if r.Error.Message == "" {
					t.Error("no message")
				}
			}},
	})
}

// The assertions must fail when they should; run them against a recorder.
func TestAssertionsFail(t *testing.T) {
	ok := plugintest.Observe(t, greeter{}, nil)
	fail := plugintest.Observe(t, greeter{}, map[string]any{"mode": "fail"})
	refused := plugintest.Observe(t, greeter{}, map[string]any{"mode": "error"})
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
		"want: no status":  func(tb testing.TB) { plugintest.AssertWant(tb, ok, plugintest.Want{Message: "ok"}) },
		"want: status": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusFailure})
		},
		"want: message": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusSuccess, Message: "nope"})
		},
		"want: error type on success": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusSuccess, ErrorType: "network"})
		},
		"want: error type": func(tb testing.TB) {
			plugintest.AssertWant(tb, refused, plugintest.Want{Status: entities.StatusError, ErrorType: "config"})
		},
		"want: error code": func(tb testing.TB) {
			plugintest.AssertWant(tb, refused, plugintest.Want{Status: entities.StatusError, ErrorCode: "NOPE"})
		},
		"want: data value": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"status_code": 201}})
		},
		"want: data missing": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"nope": 1}})
		},
		"want: present": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"nope": plugintest.Present}})
		},
		"want: absent": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"tags": plugintest.Absent}})
		},
		"want: the string <present> is a value": func(tb testing.TB) {
			plugintest.AssertWant(tb, ok, plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"status_code": "<present>"}})
		},
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
func (r *recorder) Errorf(string, ...any) { r.failed = true }

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
