package net_test

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
)

// statusPage is a mock ports.HTTPClient: in a test it replaces the host.
type statusPage struct {
	ports.HTTPClient
	status int
	body   string
}

func (s statusPage) Do(_ context.Context, req *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: s.status, Body: []byte(s.body), Proto: "HTTP/1.1"}, nil
}

// RunHTTPCheck with a mock client: the same code runs against the host
// inside a plugin, where the client comes from the context instead.
func ExampleRunHTTPCheck() {
	ctx := context.Background()
	cfg := map[string]any{"url": "https://status.example.com", "expected_body_contains": "operational"}

	up := statusPage{status: 200, body: "all systems operational"}
	r, err := sdknet.RunHTTPCheck(ctx, cfg, sdknet.WithHTTPClient(up))
	fmt.Println(r.Status, r.Data["status_code"], err)

	down := statusPage{status: 503, body: "maintenance"}
	r, _ = sdknet.RunHTTPCheck(ctx, cfg, sdknet.WithHTTPClient(down))
	fmt.Println(r.Status, r.Message)

	_, err = sdknet.RunHTTPCheck(ctx, map[string]any{"url": "ftp://x"}, sdknet.WithHTTPClient(up))
	fmt.Println(err)
	// Output:
	// success 200 <nil>
	// failure GET https://status.example.com: status 503, want 200
	// config error: invalid config: url: "ftp://x" does not match the pattern ^https?://
}
