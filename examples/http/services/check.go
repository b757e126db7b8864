// services/check.go

package services

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/examples/http/core"
	sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
)

type CheckInput struct {
	URL            string `json:"url" jsonschema:"required,pattern=^https?://,description=URL to request (http or https)"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
	// Beyond the README: the rest of the Reglet http plugin's config.
	Method               string `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
	Body                 string `json:"body,omitempty" jsonschema:"description=Request body"`
	ExpectedBodyContains string `json:"expected_body_contains,omitempty" jsonschema:"description=Text the body must contain"`
	BodyPreviewLength    int    `json:"body_preview_length,omitempty" jsonschema:"minimum=0,maximum=65536,description=Bytes of the body to return (default 200)"`
}

type CheckOutput struct {
	StatusCode int    `json:"status_code"`
	URL        string `json:"url"`
	// Beyond the README: the rest of what the Reglet http plugin reports.
	ResponseTimeMs int64               `json:"response_time_ms,omitempty"`
	Protocol       string              `json:"protocol,omitempty"`
	Headers        map[string][]string `json:"headers,omitempty"`
	BodySize       int                 `json:"body_size,omitempty"`
	BodySHA256     string              `json:"body_sha256,omitempty"`
	BodyPreview    string              `json:"body_preview,omitempty"`
}

type HTTPService struct {
	plugin.Service `name:"http" desc:"HTTP request checking"`
	Check          plugin.Op[CheckInput, CheckOutput] `desc:"Check URL" method:"CheckHandler"`
}

func init() {
	plugin.RegisterOp[CheckInput, CheckOutput]("Check",
		plugin.Example[CheckInput, CheckOutput]{
			Name:  "basic",
			Input: CheckInput{URL: "https://example.com", ExpectedStatus: 200},
			ExpectedOutput: &CheckOutput{
				StatusCode: 200,
				URL:        "https://example.com",
			},
		},
	)
	plugin.MustRegisterService(core.Plugin, &HTTPService{})
}

// CheckHandler requests the URL with the README's client and lets the
// SDK's ready-made HTTP check (package net) do the rest: a status other
// than expected_status, or a body without expected_body_contains, is a
// failure Result that still carries the output.
func (s *HTTPService) CheckHandler(ctx context.Context, in *CheckInput) (*CheckOutput, error) {
	client := plugin.GetClient[ports.HTTPClient](ctx)
	res, err := sdknet.CheckHTTP(ctx, &sdknet.HTTPConfig{
		URL: in.URL, Method: in.Method, Body: in.Body, ExpectedStatus: in.ExpectedStatus,
		ExpectedBodyContains: in.ExpectedBodyContains, BodyPreviewLength: in.BodyPreviewLength,
	}, sdknet.WithHTTPClient(client))
	if res == nil {
		return nil, fmt.Errorf("request failed: %w", err)
	}
	return &CheckOutput{
		StatusCode:     res.StatusCode,
		URL:            in.URL,
		ResponseTimeMs: res.ResponseTimeMs,
		Protocol:       res.Protocol,
		Headers:        res.Headers,
		BodySize:       res.BodySize,
		BodySHA256:     res.BodySHA256,
		BodyPreview:    res.BodyPreview,
	}, err // nil, or the check's *plugin.Failure
}
