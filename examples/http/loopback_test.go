package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/examples/http/core"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// mockHTTPResp is a mock client answering every request with resp.
type mockHTTPResp struct{ resp ports.HTTPResponse }

func (m mockHTTPResp) Do(context.Context, *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	r := m.resp
	return &r, nil
}
func (m mockHTTPResp) Get(ctx context.Context, _ string) (*ports.HTTPResponse, error) {
	return m.Do(ctx, nil)
}
func (m mockHTTPResp) Post(ctx context.Context, _, _ string, _ []byte) (*ports.HTTPResponse, error) {
	return m.Do(ctx, nil)
}

// The Reglet http plugin's fields, natively with a mock and through the
// .wasm against a loopback server.
func TestHTTPFields(t *testing.T) {
	body := "all systems operational, " + strings.Repeat("é", 200)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down":
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		case "/echo":
			w.Header().Set("X-Method", r.Method)
			fmt.Fprint(w, r.Method)
		default:
			w.Header().Set("X-Test", "yes")
			fmt.Fprint(w, body)
		}
	}))
	defer srv.Close()
	hostport := strings.TrimPrefix(srv.URL, "http://")
	grant := []host.Option{plugintest.NetworkGrant("127.0.0.1", hostport[strings.LastIndex(hostport, ":")+1:])}
	sum := sha256.Sum256([]byte(body))
	ok := []any{mockHTTPResp{ports.HTTPResponse{StatusCode: 200, Proto: "HTTP/1.1", Body: []byte(body), Header: map[string][]string{"X-Test": {"yes"}}}}}
	// Natively the mock client answers; through the .wasm the local host
	// requests the loopback server itself (RealHost) under the case's
	// grants, in both host dialects with the same Results. A case without a
	// mock runs through the .wasm only.
	cases := []plugintest.TestCase{
		{Name: "facts", Config: map[string]any{"url": srv.URL, "body_preview_length": 11}, Clients: ok, Host: grant,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"status_code": 200, "protocol": "HTTP/1.1", "body_size": len(body),
				"body_sha256": hex.EncodeToString(sum[:]), "body_preview": "all systems"}}},
		{Name: "preview cut at a character", Config: map[string]any{"url": srv.URL, "body_preview_length": 26}, Clients: ok, Host: grant,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"body_preview": "all systems operational, "}}},
		{Name: "body contains", Config: map[string]any{"url": srv.URL, "expected_body_contains": "operational"}, Clients: ok, Host: grant,
			Want: plugintest.Want{Status: entities.StatusSuccess}},
		{Name: "body lacks", Config: map[string]any{"url": srv.URL, "expected_body_contains": "degraded"}, Clients: ok, Host: grant,
			Want: plugintest.Want{Status: entities.StatusFailure, Message: `body does not contain "degraded"`, Data: map[string]any{"status_code": 200}}},
		{Name: "status missed is a failure", Config: map[string]any{"url": srv.URL + "/down"}, Host: grant, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "status 503, want 200", Data: map[string]any{"status_code": 503}}},
		{Name: "expected status met", Config: map[string]any{"url": srv.URL + "/down", "expected_status": 503}, Host: grant, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"status_code": 503}}},
		{Name: "POST with body", Config: map[string]any{"url": srv.URL + "/echo", "method": "POST", "body": "{}"}, Host: grant, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"body_preview": "POST"}}},
		{Name: "refused: one layer of context", Config: map[string]any{"url": "http://127.0.0.1:1/"}, WasmOnly: true,
			Host: []host.Option{plugintest.NetworkGrant("127.0.0.1", "1")},
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "network", Message: "request failed: http_request GET http://127.0.0.1:1/: "}},
		{Name: "not granted", Config: map[string]any{"url": srv.URL}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability", Message: "request failed: "}},
	}
	for i := range cases {
		cases[i].RealHost = true
	}
	plugintest.RunPluginTests(t, core.Plugin, cases, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}
