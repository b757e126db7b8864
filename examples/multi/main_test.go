package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

type multiCase struct {
	name     string
	config   string
	status   entities.Status
	errType  string
	code     string
	contains string
	data     map[string]any
}

var multiCases = []multiCase{
	{name: "version/parse by operation", config: `{"operation":"parse","version":"v2.10.3"}`, status: "success",
		data: map[string]any{"major": float64(2), "minor": float64(10), "patch": float64(3)}},
	{name: "version/check by service and operation", config: `{"service":"version","operation":"check","version":"1.4.2","minimum":"1.2.0"}`, status: "success",
		data: map[string]any{"version": "1.4.2", "minimum": "1.2.0"}},
	{name: "version/check fails", config: `{"service":"version","operation":"check","version":"1.1.0","minimum":"1.2.0"}`, status: "failure",
		contains: "version 1.1.0 is older than 1.2.0", data: map[string]any{"version": "1.1.0", "minimum": "1.2.0"}},
	{name: "typed error from a handler", config: `{"operation":"parse","version":"one"}`, status: "error", errType: "validation", code: "BAD_VERSION",
		contains: `"one" is not a version`},
	{name: "http/check by service and operation", config: `{"service":"http","operation":"check","url":"https://example.com"}`, status: "success",
		data: map[string]any{"url": "https://example.com", "status_code": float64(200)}},
	{name: "http/check by service alone", config: `{"service":"http","url":"https://example.com"}`, status: "success",
		data: map[string]any{"url": "https://example.com", "status_code": float64(200)}},
	{name: "http/check fails on status", config: `{"service":"http","url":"https://example.com","expected_status":204}`, status: "failure",
		contains: "got status 200, want 204", data: map[string]any{"url": "https://example.com", "status_code": float64(200)}},
	{name: "check is ambiguous", config: `{"operation":"check","url":"https://example.com"}`, status: "error", errType: "config", code: plugin.CodeAmbiguousOperation,
		contains: `set config "service" to one of them: http/check, version/check`},
	{name: "no operation", config: `{"version":"1.0.0"}`, status: "error", errType: "config", code: plugin.CodeMissingOperation,
		contains: "http/check, version/check, version/parse"},
	{name: "typo", config: `{"operation":"prase"}`, status: "error", errType: "config", code: plugin.CodeUnknownOperation,
		contains: `did you mean "parse"?`},
	{name: "validation names the operation's fields", config: `{"service":"version","operation":"check","version":"1.0.0"}`, status: "error", errType: "config", code: plugin.CodeInvalidConfig,
		contains: "invalid config for version/check: minimum: required field is missing"},
	{name: "fields of the other check are unknown", config: `{"service":"version","operation":"check","version":"1.0.0","minimum":"1.0.0","url":"x"}`, status: "error", errType: "config", code: plugin.CodeInvalidConfig,
		contains: "url: unknown field"},
}

func (tc multiCase) check(t *testing.T, r *entities.Result) {
	t.Helper()
	if r.Status != tc.status {
		t.Fatalf("status %q, want %q: %+v %+v", r.Status, tc.status, r, r.Error)
	}
	if tc.errType != "" && (r.Error == nil || r.Error.Type != tc.errType || r.Error.Code != tc.code) {
		t.Fatalf("error %+v, want %s/%s", r.Error, tc.errType, tc.code)
	}
	if !strings.Contains(r.Message, tc.contains) {
		t.Errorf("message %q lacks %q", r.Message, tc.contains)
	}
	if tc.data != nil {
		b1, _ := json.Marshal(r.Data)
		b2, _ := json.Marshal(tc.data)
		if string(b1) != string(b2) {
			t.Errorf("data %s, want %s", b1, b2)
		}
	}
}

// fakeHTTP answers every request with 200.
type fakeHTTP struct{}

func (fakeHTTP) Do(context.Context, *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: 200}, nil
}
func (f fakeHTTP) Get(ctx context.Context, url string) (*ports.HTTPResponse, error) {
	return f.Do(ctx, &ports.HTTPRequest{URL: url})
}
func (f fakeHTTP) Post(ctx context.Context, url, _ string, body []byte) (*ports.HTTPResponse, error) {
	return f.Do(ctx, &ports.HTTPRequest{Method: "POST", URL: url, Body: body})
}

// The routing table in both worlds: natively (Plugin) and through the
// .wasm built from this package, fakeHTTP answering the http service's
// requests in each.
func TestMulti(t *testing.T) {
	if err := Plugin.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := make([]plugintest.TestCase, 0, len(multiCases))
	for _, tc := range multiCases {
		var config map[string]any
		if err := json.Unmarshal([]byte(tc.config), &config); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		cases = append(cases, plugintest.TestCase{Name: tc.name, Config: config, Clients: []any{fakeHTTP{}}, Validate: tc.check})
	}
	plugintest.RunPluginTests(t, Plugin, cases, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The examples registered with RegisterOp, natively and through the .wasm.
func TestExamples(t *testing.T) {
	plugintest.RunExamples(t, Plugin, plugintest.ExampleClients("http/check/ok", fakeHTTP{}), plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The manifest the .wasm produces: both services, their examples, and an
// empty config schema.
func TestManifestThroughWasm(t *testing.T) {
	pl := plugintest.Load(t, plugintest.Build(t, "", "."))
	m, err := pl.Manifest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Services) != 2 || len(m.Services["version"].Operations) != 2 || m.Services["version"].Operations[0].Name != "check" ||
		len(m.Services["version"].Operations[0].Examples) != 2 || m.Services["http"].Operations[0].Examples[0].Name != "ok" {
		t.Fatalf("manifest services %+v", m.Services)
	}
	// config_schema has one branch per operation, selected by the routing
	// keys (internal/schemaconformance checks it against a JSON Schema
	// validator).
	for _, s := range []string{`"oneOf":[`, `"title":"http/check"`, `"title":"version/parse"`,
		`"required":["service","operation","version","minimum"]`, `"required":["operation","version"]`} {
		if !strings.Contains(string(m.ConfigSchema), s) {
			t.Errorf("config_schema %s lacks %s", m.ConfigSchema, s)
		}
	}
}
