package plugin_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/typed/probe"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// dispatchCase is one observation of the probe plugin and what its Result
// must show. The same table runs natively and through the wasm module.
type dispatchCase struct {
	name     string
	config   string
	status   entities.Status
	errType  string
	code     string
	contains []string       // substrings of the Result's message
	data     map[string]any // expected data (nil: no data)
	problems []string       // expected error.details.problems paths
}

var dispatchCases = []dispatchCase{
	// Routing.
	{name: "by service and operation", config: `{"service":"probe","operation":"echo","name":"abc"}`, status: "success",
		data: map[string]any{"input": map[string]any{"name": "abc", "mode": "fast", "count": float64(3)}}},
	{name: "by operation alone", config: `{"operation":"limit","n":4}`, status: "success", data: map[string]any{"n": float64(4)}},
	{name: "by service with one operation", config: `{"service":"other","n":2}`, status: "success", data: map[string]any{"n": float64(2)}},
	{name: "same name in the other service", config: `{"service":"other","operation":"echo","n":7}`, status: "success", data: map[string]any{"n": float64(7)}},
	{name: "missing operation", config: `{"n":1}`, status: "error", errType: "config", code: "MISSING_OPERATION",
		contains: []string{"no operation selected", `set config "operation"`, "probe/echo", "probe/limit", "other/echo"}},
	{name: "missing operation in a service", config: `{"service":"probe"}`, status: "error", errType: "config", code: "MISSING_OPERATION",
		contains: []string{`service "probe" has several operations`, "probe/limit"}},
	{name: "unknown operation with suggestion", config: `{"operation":"limt"}`, status: "error", errType: "config", code: "UNKNOWN_OPERATION",
		contains: []string{`unknown operation "limt"`, `did you mean "limit"?`, "probe/echo", "other/echo"}},
	{name: "unknown operation without suggestion", config: `{"operation":"resolve"}`, status: "error", errType: "config", code: "UNKNOWN_OPERATION",
		contains: []string{`unknown operation "resolve"`, "available operations: probe/echo"}},
	{name: "operation not in the service", config: `{"service":"other","operation":"limit"}`, status: "error", errType: "config", code: "UNKNOWN_OPERATION",
		contains: []string{`service "other" has no operation "limit"`, "other/echo"}},
	{name: "unknown service with suggestion", config: `{"service":"prob","operation":"echo"}`, status: "error", errType: "config", code: "UNKNOWN_SERVICE",
		contains: []string{`unknown service "prob"`, `did you mean "probe"?`, "other, probe"}},
	{name: "ambiguous operation", config: `{"operation":"echo","name":"abc"}`, status: "error", errType: "config", code: "AMBIGUOUS_OPERATION",
		contains: []string{`operation "echo" is offered by several services (probe, other)`, `set config "service"`, "probe/echo, other/echo"}},
	{name: "operation of the wrong type", config: `{"operation":5}`, status: "error", errType: "config", code: "INVALID_ROUTING",
		contains: []string{`config "operation" must be a string`, "got a number"}},
	{name: "service of the wrong type", config: `{"service":["probe"],"operation":"limit"}`, status: "error", errType: "config", code: "INVALID_ROUTING",
		contains: []string{`config "service" must be a string`, "got an array"}},
	{name: "operation null", config: `{"operation":null}`, status: "error", errType: "config", code: "INVALID_ROUTING",
		contains: []string{"got null"}},

	// Validation: every class of problem, all reported at once.
	{name: "required", config: `{"service":"probe","operation":"echo"}`, status: "error", errType: "config", code: "INVALID_CONFIG",
		contains: []string{"invalid config for probe/echo", "name: required field is missing"}, problems: []string{"name"}},
	{name: "every rule", config: `{"service":"probe","operation":"echo","name":"x","mode":"medium","count":9,"code":"ab","tags":["a","b","c"],"inner":{"port":0},"nmae":1}`,
		status: "error", errType: "config", code: "INVALID_CONFIG",
		contains: []string{"name: ", "too short", "mode: ", "not one of", "count: 9 is greater than the maximum 5", "code: ", "pattern", "tags: ", "at most 2", "inner.port: 0 is less than the minimum 1", "nmae: unknown field", `did you mean "name"?`},
		problems: []string{"name", "mode", "count", "code", "tags", "inner.port", "nmae"}},
	{name: "too long", config: `{"service":"probe","operation":"echo","name":"abcdefghijkl"}`, status: "error", errType: "config", code: "INVALID_CONFIG",
		contains: []string{"name: ", "too long"}, problems: []string{"name"}},
	{name: "nested required", config: `{"service":"probe","operation":"echo","name":"ab","inner":{}}`, status: "error", errType: "config", code: "INVALID_CONFIG",
		contains: []string{"inner.port: required field is missing"}, problems: []string{"inner.port"}},
	{name: "wrong JSON type", config: `{"operation":"limit","n":"ten"}`, status: "error", errType: "config", code: "INVALID_CONFIG",
		contains: []string{"n: ", "string"}, problems: []string{"n"}},
	{name: "routing keys are not input", config: `{"service":"other","operation":"echo","n":1}`, status: "success", data: map[string]any{"n": float64(1)}},

	// Results.
	{name: "failure with data", config: `{"operation":"limit","n":11}`, status: "failure",
		contains: []string{"n is 11, want at most 10"}, data: map[string]any{"n": float64(11)}},
	{name: "nil output", config: `{"operation":"nothing"}`, status: "success"},
	{name: "typed error keeps type and code", config: `{"operation":"typed_error"}`, status: "error", errType: "network", code: "ECONNREFUSED",
		contains: []string{"dialing db: connection refused"}},
	{name: "plain error is execution", config: `{"operation":"plain_error"}`, status: "error", errType: "execution",
		contains: []string{"something broke"}},
	{name: "panic", config: `{"operation":"panic"}`, status: "error", errType: "panic", contains: []string{"plugin panic: boom"}},
	{name: "config not an object", config: `[1]`, status: "error", errType: "config", code: "INVALID_CONFIG", contains: []string{"JSON object"}},
}

func checkDispatch(t *testing.T, tc dispatchCase, raw []byte) {
	t.Helper()
	var r entities.Result
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("result is not JSON: %v\n%s", err, raw)
	}
	if r.Status != tc.status {
		t.Fatalf("status %q, want %q\n%s", r.Status, tc.status, raw)
	}
	if tc.errType != "" {
		if r.Error == nil {
			t.Fatalf("no error in %s", raw)
		}
		if r.Error.Type != tc.errType || (tc.code != "" && r.Error.Code != tc.code) {
			t.Errorf("error type/code %s/%s, want %s/%s", r.Error.Type, r.Error.Code, tc.errType, tc.code)
		}
	}
	for _, s := range tc.contains {
		if !strings.Contains(r.Message, s) {
			t.Errorf("message %q\ndoes not contain %q", r.Message, s)
		}
	}
	if tc.data == nil && r.Data != nil {
		t.Errorf("data %v, want none", r.Data)
	}
	if tc.data != nil && !reflect.DeepEqual(r.Data, tc.data) {
		t.Errorf("data %v, want %v", r.Data, tc.data)
	}
	if tc.problems != nil {
		list, _ := r.Error.Details["problems"].([]any)
		var paths []string
		for _, p := range list {
			m, _ := p.(map[string]any)
			path, _ := m["path"].(string)
			if msg, _ := m["message"].(string); msg == "" {
				t.Errorf("problem %v has no message", p)
			}
			paths = append(paths, path)
		}
		if !reflect.DeepEqual(paths, tc.problems) {
			t.Errorf("problem paths %q, want %q", paths, tc.problems)
		}
	}
	if r.Metadata == nil || r.Metadata.SDKVersion != plugin.SDKVersion {
		t.Errorf("metadata %+v, want sdk_version %s", r.Metadata, plugin.SDKVersion)
	}
}

func TestDispatchNative(t *testing.T) {
	for _, tc := range dispatchCases {
		t.Run(tc.name, func(t *testing.T) {
			checkDispatch(t, tc, plugin.ObserveJSON(context.Background(), probe.Plugin, []byte(tc.config)))
		})
	}
}

func TestDispatchWasm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a wasm module")
	}
	pl := plugintest.Load(t, plugintest.BuildSDK(t, "./internal/testplugins/typed"))
	for _, tc := range dispatchCases {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := pl.ObserveJSON(context.Background(), []byte(tc.config))
			if err != nil {
				t.Fatal(err)
			}
			checkDispatch(t, tc, raw)
		})
	}
	// The instance survived the panic and serves again.
	raw, err := pl.ObserveJSON(context.Background(), []byte(`{"operation":"limit","n":1}`))
	if err != nil || !strings.Contains(string(raw), `"status":"success"`) {
		t.Fatalf("after the cases: %s, %v", raw, err)
	}
}

// Check, the Plugin method, returns the same Result with the data decoded
// into Result.Data and a timestamp.
func TestCheckReturnsData(t *testing.T) {
	r, err := probe.Plugin.Check(context.Background(), []byte(`{"operation":"limit","n":11}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != entities.StatusFailure || r.Data["n"] != float64(11) || r.Timestamp.IsZero() {
		t.Fatalf("Check = %+v", r)
	}
	r, err = probe.Plugin.Check(context.Background(), []byte(`{"operation":"nothing"}`))
	if err != nil || r.Status != entities.StatusSuccess || r.Data != nil {
		t.Fatalf("Check = %+v, %v", r, err)
	}
}

func TestFailure(t *testing.T) {
	err := plugin.Failf("got %d: %w", 3, context.DeadlineExceeded)
	if !plugin.IsFailure(err) || err.Error() != "got 3: context deadline exceeded" {
		t.Fatalf("Failf = %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("Failf's %w is not unwrapped")
	}
	wrapped := fmt.Errorf("checking: %w", plugin.Fail("too old"))
	if !plugin.IsFailure(wrapped) {
		t.Fatal("a wrapped Failure is not a failure")
	}
	if plugin.IsFailure(context.Canceled) || plugin.IsFailure(nil) {
		t.Fatal("IsFailure of other errors")
	}
}

// Check called directly (not through the lifecycle) with config that is
// not a JSON object returns a config error Result.
func TestCheckBadConfig(t *testing.T) {
	for _, cfg := range []string{`{`, `[1]`, ``, `null`} {
		r, err := probe.Plugin.Check(context.Background(), []byte(cfg))
		if err != nil || r.Status != entities.StatusError || r.Error.Type != "config" {
			t.Errorf("Check(%q) = %+v, %v", cfg, r, err)
		}
	}
}

// One instance serves thousands of typed observations (successes,
// validation errors, routing errors, failures, panics) without its linear
// memory growing after warm-up.
func TestTypedMemoryStable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a wasm module")
	}
	pl := plugintest.Load(t, plugintest.BuildSDK(t, "./internal/testplugins/typed"))
	ctx := context.Background()
	in, err := pl.NewInstance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close(ctx)
	configs := [][]byte{
		[]byte(`{"service":"probe","operation":"echo","name":"abc","tags":["a"]}`),
		[]byte(`{"service":"probe","operation":"echo","name":"x","mode":"medium","nmae":1}`),
		[]byte(`{"operation":"limt"}`),
		[]byte(`{"operation":"limit","n":11}`),
		[]byte(`{"operation":"panic"}`),
	}
	run := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := in.ObserveJSON(ctx, configs[i%len(configs)]); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The pooled-instance contract: within 1 MiB of the size after the
	// first 1,000 calls (host/host_test.go holds the raw lifecycle to the
	// same bound over 100,000 calls).
	run(1000)
	warm := in.MemorySize()
	run(20000)
	grown := in.MemorySize()
	if grown > warm+1<<20 {
		t.Fatalf("linear memory grew from %d to %d bytes over 20,000 calls", warm, grown)
	}
	t.Logf("linear memory %d bytes after 1,000 calls, %d after 20,000 more", warm, grown)
}
