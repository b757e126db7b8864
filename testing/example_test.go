package plugintest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// uptime is the plugin under test: it GETs a URL with the HTTP client from
// its context (the host's inside a .wasm, a mock in a test) and reports the
// status.
type uptime struct{}

func (uptime) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "uptime", Version: "1.0.0"}, nil
}

func (uptime) Check(ctx context.Context, _ []byte) (*entities.Result, error) {
	resp, err := plugin.GetClient[ports.HTTPClient](ctx).Get(ctx, "https://example.com")
	if err != nil {
		return nil, err
	}
	return entities.ResultSuccess("reached", map[string]any{"status_code": resp.StatusCode}), nil
}

// fixedStatus is the mock HTTP client the test injects.
type fixedStatus struct {
	ports.HTTPClient
	status int
}

func (f fixedStatus) Get(context.Context, string) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: f.status}, nil
}

// printTB stands in for the *testing.T a real test passes: it prints what
// an assertion reports instead of failing, so the example can show it.
type printTB struct{ testing.TB }

func (printTB) Helper() {}
func (printTB) Fatalf(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
}

// Observe runs the plugin natively exactly as the .wasm export does
// (validation, panic recovery, JSON encoding of the Result), with the mocks
// it is given in the handler's context; the Assert helpers check the
// Result. In a test, pass t where this example passes printTB{}.
func ExampleObserve() {
	var t testing.TB = printTB{}
	r := plugintest.Observe(t, uptime{}, nil, fixedStatus{status: 503})
	plugintest.AssertSuccess(t, r)
	plugintest.AssertDataField(t, r, "status_code", 200)
	// Output:
	// FAIL: data.status_code = 503, want 200
}
