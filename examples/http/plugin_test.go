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

// wasmPlugin builds this example to wasm and loads it with opts.
func wasmPlugin(t *testing.T, opts ...host.Option) *host.Plugin {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a wasm module")
	}
	return plugintest.Load(t, plugintest.BuildSDK(t, "./examples/http"), opts...)
}

// scriptedHTTP answers every http_request with status and records the
// requests.
func scriptedHTTP(status int, reqs *[]map[string]any) host.Option {
	return host.WithHostFunc(host.ImportHTTPRequest, func(_ context.Context, req []byte) []byte {
		var m map[string]any
		_ = json.Unmarshal(req, &m)
		*reqs = append(*reqs, m)
		b, _ := json.Marshal(map[string]any{"status_code": status})
		return b
	})
}

// The manifest the wasm module produces, compared with the golden file.
func TestManifestGolden(t *testing.T) {
	pl := wasmPlugin(t)
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
	if op.Name != "check" || op.Description != "Check URL" || strings.Join(op.InputFields, ",") != "url,expected_status" {
		t.Errorf("operation %+v", op)
	}
	for _, s := range []string{`"required":["url"]`, `"default":200`} {
		if !strings.Contains(string(op.InputSchema), s) {
			t.Errorf("input_schema %s lacks %s", op.InputSchema, s)
		}
	}
	for _, s := range []string{`"$schema":"https://json-schema.org/draft/2020-12/schema"`, `"enum":["GET","POST"]`, `"default":"GET"`, `"required":["url"]`} {
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

// A good observation reaches CheckHandler in the wasm module, which calls
// the host's http_request.
func TestCheckThroughWasm(t *testing.T) {
	var reqs []map[string]any
	pl := wasmPlugin(t, scriptedHTTP(200, &reqs))
	r, err := pl.Observe(context.Background(), []byte(`{"url":"https://example.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != entities.StatusSuccess || r.Data["status_code"] != float64(200) || r.Data["url"] != "https://example.com" {
		t.Fatalf("result %+v", r)
	}
	if len(reqs) != 1 || reqs[0]["method"] != "GET" || reqs[0]["url"] != "https://example.com" {
		t.Fatalf("http_request calls %v", reqs)
	}
}

// An observation without url is a config error naming url; the handler
// does not run.
func TestMissingURL(t *testing.T) {
	var reqs []map[string]any
	pl := wasmPlugin(t, scriptedHTTP(200, &reqs))
	for _, cfg := range []string{`{}`, `{"expected_status":200,"method":"GET"}`} {
		r, err := pl.Observe(context.Background(), []byte(cfg))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != entities.StatusError || r.Error.Type != "config" || r.Error.Code != plugin.CodeInvalidConfig ||
			!strings.Contains(r.Message, "url: required field is missing") {
			t.Fatalf("%s: result %+v / %+v", cfg, r, r.Error)
		}
	}
	if len(reqs) != 0 {
		t.Fatalf("the handler ran: %v", reqs)
	}
}

// Keys of the plugin's config schema that the operation's input does not
// have are accepted, but validated against it.
func TestConfigKeysValidated(t *testing.T) {
	var reqs []map[string]any
	pl := wasmPlugin(t, scriptedHTTP(200, &reqs))
	r, err := pl.Observe(context.Background(), []byte(`{"url":"https://example.com","method":"POST","timeout_seconds":5}`))
	if err != nil || r.Status != entities.StatusSuccess {
		t.Fatalf("config keys rejected: %+v %v", r, err)
	}
	r, err = pl.Observe(context.Background(), []byte(`{"url":"https://example.com","method":"PUT","timeot_seconds":5}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`method: "PUT" is not one of "GET", "POST"`, "timeot_seconds: unknown field", `did you mean "timeout_seconds"?`} {
		if !strings.Contains(r.Message, s) {
			t.Errorf("message %q lacks %q", r.Message, s)
		}
	}
}

// A request the host refuses comes back as an error Result of the host's
// error type, with the handler's context in the message.
func TestHostErrorThroughWasm(t *testing.T) {
	pl := wasmPlugin(t, host.WithHostFunc(host.ImportHTTPRequest, func(context.Context, []byte) []byte {
		return []byte(`{"error":{"message":"permission denied: network example.com:443 not granted","type":"capability","code":"CAPABILITY_DENIED"}}`)
	}))
	r, err := pl.Observe(context.Background(), []byte(`{"url":"https://example.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != entities.StatusError || r.Error.Type != "capability" || !strings.HasPrefix(r.Message, "request failed: ") {
		t.Fatalf("result %+v / %+v", r, r.Error)
	}
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
