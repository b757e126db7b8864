package main

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// HTTPService checks HTTP endpoints through the host.
type HTTPService struct {
	plugin.Service `name:"http" desc:"HTTP endpoint checks"`
	Check          plugin.Op[HTTPCheckInput, HTTPCheckOutput] `desc:"Check that a URL answers with the expected status" method:"CheckHandler"`
}

// HTTPCheckInput is the http/check config.
type HTTPCheckInput struct {
	URL            string `json:"url" jsonschema:"required,description=URL to request"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200,minimum=100,maximum=599"`
}

// HTTPCheckOutput is what http/check observed.
type HTTPCheckOutput struct {
	URL        string `json:"url"`
	StatusCode int    `json:"status_code"`
}

// CheckHandler fetches the URL. A status other than the expected one is a
// failed check; a request that could not be made is an error.
func (s *HTTPService) CheckHandler(ctx context.Context, in *HTTPCheckInput) (*HTTPCheckOutput, error) {
	resp, err := plugin.GetClient[ports.HTTPClient](ctx).Get(ctx, in.URL)
	if err != nil {
		return nil, fmt.Errorf("request failed: %w", err)
	}
	out := &HTTPCheckOutput{URL: in.URL, StatusCode: resp.StatusCode}
	if resp.StatusCode != in.ExpectedStatus {
		return out, plugin.Failf("got status %d, want %d", resp.StatusCode, in.ExpectedStatus)
	}
	return out, nil
}
