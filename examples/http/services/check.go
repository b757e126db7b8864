// services/check.go

package services

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/examples/http/core"
)

type CheckInput struct {
	URL            string `json:"url" jsonschema:"required,description=URL to request"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
}

type CheckOutput struct {
	StatusCode int    `json:"status_code"`
	URL        string `json:"url"`
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

func (s *HTTPService) CheckHandler(ctx context.Context, in *CheckInput) (*CheckOutput, error) {
	client := plugin.GetClient[ports.HTTPClient](ctx)
	resp, err := client.Get(ctx, in.URL)
	if err != nil {
		return nil, fmt.Errorf("request failed: %w", err)
	}
	return &CheckOutput{
		StatusCode: resp.StatusCode,
		URL:        in.URL,
	}, nil
}
