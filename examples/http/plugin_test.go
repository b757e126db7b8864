package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/examples/http/core"
	"github.com/reglet-dev/reglet-plugin-sdk/examples/http/services"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

var update = flag.Bool("update", false, "rewrite testdata/manifest.golden.json")

// The manifest the wasm module produces, compared with the golden file.
func TestManifestGolden(t *testing.T) {
	pl := plugintest.Load(t, plugintest.Build(t, "", "."))
	raw, err := pl.ManifestJSON(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		t.Fatalf("manifest is not JSON: %v\n%s", err, raw)
	}
	out.WriteByte('\n')
	golden := filepath.Join("testdata", "manifest.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./examples/http -run Golden -update)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("manifest differs from %s (rerun with -update if intended):\n%s", golden, out.Bytes())
	}

	// What the golden file must show, whatever its formatting.
	m, err := pl.Manifest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	svc, ok := m.Services["http"]
	if !ok || len(svc.Operations) != 1 {
		t.Fatalf("services %+v", m.Services)
	}
	op := svc.Operations[0]
	if op.Name != "check" || op.Description != "Check URL" || strings.Join(op.InputFields, ",") != "url,expected_status,method,body,expected_body_contains,body_preview_length" {
		t.Errorf("operation %+v", op)
	}
	for _, s := range []string{`"required":["url"]`, `"default":200`} {
		if !strings.Contains(string(op.InputSchema), s) {
			t.Errorf("input_schema %s lacks %s", op.InputSchema, s)
		}
	}
	for _, s := range []string{`"$schema":"https://json-schema.org/draft/2020-12/schema"`, `"enum":["GET","POST",null]`, `"default":"GET"`, `"required":["url"]`, `"operation":{"const":"check"}`, `"additionalProperties":false`} {
		if !strings.Contains(string(m.ConfigSchema), s) {
			t.Errorf("config_schema %s lacks %s", m.ConfigSchema, s)
		}
	}
	if len(op.Examples) != 1 || string(op.Examples[0].Input) != `{"url":"https://example.com","expected_status":200}` ||
		string(op.Examples[0].ExpectedOutput) != `{"status_code":200,"url":"https://example.com"}` {
		t.Errorf("examples %+v", op.Examples)
	}
	if m.SDKVersion != plugin.SDKVersion || m.Capabilities.Network == nil {
		t.Errorf("sdk_version %q capabilities %+v", m.SDKVersion, m.Capabilities)
	}
}

// recordingHTTP answers every request with status (or err) and records
// what the handler asked for, in both worlds.
type recordingHTTP struct {
	status int
	err    error
	calls  []string
}

func (m *recordingHTTP) answer(call string) (*ports.HTTPResponse, error) {
	m.calls = append(m.calls, call)
	if m.err != nil {
		return nil, m.err
	}
	return &ports.HTTPResponse{StatusCode: m.status}, nil
}
func (m *recordingHTTP) Do(_ context.Context, r *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	return m.answer("Do " + r.Method + " " + r.URL)
}
func (m *recordingHTTP) Get(_ context.Context, url string) (*ports.HTTPResponse, error) {
	return m.answer("Get " + url)
}
func (m *recordingHTTP) Post(_ context.Context, url, _ string, _ []byte) (*ports.HTTPResponse, error) {
	return m.answer("Post " + url)
}

// lastCall fails the test unless the mock's latest call is want (or, for
// want "", unless it was never called).
func lastCall(t *testing.T, m *recordingHTTP, want string) {
	t.Helper()
	if want == "" {
		if len(m.calls) != 0 {
			t.Fatalf("the handler ran: %v", m.calls)
		}
		return
	}
	// CheckHandler calls Do (method GET); the host side of the .wasm run
	// hands a GET without a body to the mock's Get. Both are "Get url".
	last := ""
	if len(m.calls) > 0 {
		last = strings.Replace(m.calls[len(m.calls)-1], "Do GET ", "Get ", 1)
	}
	if last != want {
		t.Fatalf("http calls %v, want the last to be %q", m.calls, want)
	}
}

// The plugin in both worlds from one table: natively (the Plugin main
// registers) and through the .wasm built from this package, with the same
// mock answering CheckHandler's http_request.
func TestPlugin(t *testing.T) {
	ok := &recordingHTTP{status: 200}
	unused := &recordingHTTP{status: 200}
	denied := &recordingHTTP{err: entities.NewErrorDetail("capability", "permission denied: network example.com:443 not granted").WithCode("CAPABILITY_DENIED")}
	plugintest.RunPluginTests(t, &myPlugin{}, []plugintest.TestCase{
		{
			Name:    "basic",
			Config:  map[string]any{"url": "https://example.com"},
			Clients: []any{ok},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertSuccess(t, r)
				plugintest.AssertDataField(t, r, "status_code", 200)
				plugintest.AssertDataField(t, r, "url", "https://example.com")
				lastCall(t, ok, "Get https://example.com")
			},
		},
		{
			// An observation without url is a config error naming url;
			// the handler does not run.
			Name:    "missing url",
			Config:  map[string]any{"expected_status": 200, "method": "GET"},
			Clients: []any{unused},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertError(t, r, "config")
				if r.Error.Code != plugin.CodeInvalidConfig || !strings.Contains(r.Message, "url: required field is missing") {
					t.Errorf("result %+v / %+v", r, r.Error)
				}
				lastCall(t, unused, "")
			},
		},
		{
			// Keys of the plugin's config schema that the operation's
			// input does not have are accepted...
			Name:    "config keys accepted",
			Config:  map[string]any{"url": "https://example.com", "method": "POST", "timeout_seconds": 5},
			Clients: []any{ok},
		},
		{
			// ...but validated against it.
			Name:    "config keys validated",
			Config:  map[string]any{"url": "https://example.com", "method": "PUT", "timeot_seconds": 5},
			Clients: []any{unused},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertError(t, r, "config")
				for _, s := range []string{`method: "PUT" is not one of "GET", "POST"`, "timeot_seconds: unknown field", `did you mean "timeout_seconds"?`} {
					if !strings.Contains(r.Message, s) {
						t.Errorf("message %q lacks %q", r.Message, s)
					}
				}
			},
		},
		{
			// A request the host refuses comes back as an error Result of
			// the host's error type, with the handler's context in the
			// message.
			Name:    "host refuses",
			Config:  map[string]any{"url": "https://example.com"},
			Clients: []any{denied},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertError(t, r, "capability")
				if !strings.HasPrefix(r.Message, "request failed: ") || !strings.Contains(r.Message, "example.com:443 not granted") {
					t.Errorf("message %q", r.Message)
				}
			},
		},
	}, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The examples registered with RegisterOp, natively and through the .wasm.
func TestExamples(t *testing.T) {
	plugintest.RunExamples(t, core.Plugin, plugintest.ExampleClients("basic", mockHTTP{200}), plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The handler tested directly, as the README shows.
type mockHTTP struct{ status int }

func (m mockHTTP) Do(context.Context, *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: m.status}, nil
}
func (m mockHTTP) Get(context.Context, string) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: m.status}, nil
}
func (m mockHTTP) Post(context.Context, string, string, []byte) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: m.status}, nil
}

func TestCheckHandler(t *testing.T) {
	svc := &services.HTTPService{}
	ctx := plugin.WithClient(context.Background(), mockHTTP{200})
	out, err := svc.CheckHandler(ctx, &services.CheckInput{URL: "https://example.com"})
	if err != nil || out.StatusCode != 200 {
		t.Fatalf("CheckHandler = %+v, %v", out, err)
	}
}

// Natively, myPlugin serves the same definition; Validate checks the
// schemas and the example.
func TestNative(t *testing.T) {
	if err := core.Plugin.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := (&myPlugin{}).Check(plugin.WithClient(context.Background(), mockHTTP{200}), []byte(`{"url":"https://example.com"}`))
	if err != nil || r.Status != entities.StatusSuccess || r.Data["status_code"] != float64(200) {
		t.Fatalf("Check = %+v, %v", r, err)
	}
}
