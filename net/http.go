package net

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/sha256"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/textclip"
)

// HTTPConfig is the config of the HTTP check: the Reglet http plugin's
// fields. Its JSON Schema is examples/http's config schema.
type HTTPConfig struct {
	URL                  string            `json:"url" jsonschema:"required,pattern=^https?://,description=URL to request (http or https)"`
	Method               string            `json:"method,omitempty" jsonschema:"enum=GET,enum=HEAD,enum=POST,enum=PUT,enum=PATCH,enum=DELETE,enum=OPTIONS,default=GET,description=HTTP method"`
	Headers              map[string]string `json:"headers,omitempty" jsonschema:"description=Request headers"`
	Body                 string            `json:"body,omitempty" jsonschema:"description=Request body"`
	ExpectedStatus       int               `json:"expected_status,omitempty" jsonschema:"minimum=100,maximum=599,default=200,description=Status the response must have"`
	ExpectedBodyContains string            `json:"expected_body_contains,omitempty" jsonschema:"description=Text the response body must contain"`
	BodyPreviewLength    int               `json:"body_preview_length,omitempty" jsonschema:"minimum=0,maximum=65536,default=200,description=Bytes of the body to report as body_preview"`
	TimeoutSeconds       int               `json:"timeout_seconds,omitempty" jsonschema:"minimum=1,maximum=3600,default=30,description=Seconds before the request is abandoned"`
}

// HTTPResult is what the HTTP check observed.
type HTTPResult struct {
	URL            string              `json:"url"`
	Method         string              `json:"method"`
	StatusCode     int                 `json:"status_code"`
	ResponseTimeMs int64               `json:"response_time_ms"`
	Protocol       string              `json:"protocol"`
	Headers        map[string][]string `json:"headers,omitempty"`
	BodySize       int                 `json:"body_size"`
	BodyTruncated  bool                `json:"body_truncated,omitempty"`
	BodySHA256     string              `json:"body_sha256"`
	BodyPreview    string              `json:"body_preview,omitempty"`
}

// CheckHTTP requests in.URL and checks the status (expected_status,
// default 200) and, when given, that the body contains
// expected_body_contains. A missed expectation returns the result and a
// *plugin.Failure, which a typed handler reports as a failure Result; an
// error the host reports (a denied capability, a refused connection, a
// timeout) is returned as is, its message already naming the request.
func CheckHTTP(ctx context.Context, in *HTTPConfig, opts ...Option) (*HTTPResult, error) {
	o := apply(opts)
	if in == nil || in.URL == "" {
		return nil, configError(fmt.Errorf("url: required field is missing"))
	}
	if !strings.HasPrefix(in.URL, "http://") && !strings.HasPrefix(in.URL, "https://") {
		return nil, configError(fmt.Errorf("url: must be an http:// or https:// URL, got %q", in.URL))
	}
	method := strings.ToUpper(in.Method)
	if method == "" {
		method = "GET"
	}
	want := in.ExpectedStatus
	if want == 0 {
		want = 200
	}
	preview := in.BodyPreviewLength
	if preview == 0 {
		preview = 200
	}
	timeout := time.Duration(in.TimeoutSeconds) * time.Second
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	c, err := client(ctx, o.http, "net.WithHTTPClient")
	if err != nil {
		return nil, err
	}
	req := &ports.HTTPRequest{Method: method, URL: in.URL}
	if len(in.Headers) > 0 {
		req.Header = make(map[string][]string, len(in.Headers))
		for k, v := range in.Headers {
			req.Header[k] = []string{v}
		}
	}
	if in.Body != "" {
		req.Body = []byte(in.Body)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(resp.Body)
	out := &HTTPResult{
		URL: in.URL, Method: method, StatusCode: resp.StatusCode, ResponseTimeMs: ms(time.Since(start)),
		Protocol: resp.Proto, Headers: resp.Header, BodySize: len(resp.Body), BodyTruncated: resp.BodyTruncated,
		BodySHA256: hex.EncodeToString(sum[:]), BodyPreview: bodyPreview(resp.Body, preview),
	}
	if resp.StatusCode != want {
		return out, plugin.Failf("%s %s: status %d, want %d", method, in.URL, resp.StatusCode, want)
	}
	if in.ExpectedBodyContains != "" && !strings.Contains(string(resp.Body), in.ExpectedBodyContains) {
		return out, plugin.Failf("%s %s: body does not contain %q", method, in.URL, in.ExpectedBodyContains)
	}
	return out, nil
}

// bodyPreview is at most n bytes of body as valid UTF-8: bytes that are
// not UTF-8 become U+FFFD, and the cut is made again after replacing
// (each replacement is three bytes) so the preview never exceeds n.
func bodyPreview(body []byte, n int) string {
	return textclip.Prefix(strings.ToValidUTF8(string(textclip.Prefix(body, n)), "\uFFFD"), n)
}

// RunHTTPCheck is CheckHTTP for a config map (the keys of HTTPConfig,
// validated against its schema): a success or failure Result with
// HTTPResult as data, or an error (type config for a bad config, the
// host's type otherwise).
func RunHTTPCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	in, err := decode[HTTPConfig](cfg)
	if err != nil {
		return nil, err
	}
	out, err := CheckHTTP(ctx, in, opts...)
	if out == nil {
		return nil, err
	}
	return result(out, fmt.Sprintf("%s %s: status %d", out.Method, out.URL, out.StatusCode), err)
}
