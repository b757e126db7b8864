// Package probe is a typed plugin whose operations exercise every path of
// the SDK's typed dispatch: validation rules and defaults, results of each
// status, typed and plain errors, panics, and routing between two services
// that share an operation name. The tests use it natively and, through
// ../ (package main), compiled to wasm.
package probe

import (
	"context"
	"errors"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Plugin is the probe's definition.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "probe",
	Version:     "0.0.1",
	Description: "Exercises typed dispatch",
})

// Inner is a nested object.
type Inner struct {
	Port int `json:"port" jsonschema:"required,minimum=1,maximum=65535"`
}

// EchoInput has a field for each class of validation rule.
type EchoInput struct {
	Name  string   `json:"name" jsonschema:"required,minLength=2,maxLength=10"`
	Mode  string   `json:"mode,omitempty" jsonschema:"enum=fast,enum=slow,default=fast"`
	Count int      `json:"count,omitempty" jsonschema:"minimum=1,maximum=5,default=3"`
	Code  string   `json:"code,omitempty" jsonschema:"pattern=^[A-Z]{3}$"`
	Tags  []string `json:"tags,omitempty" jsonschema:"maxItems=2"`
	Inner *Inner   `json:"inner,omitempty"`
}

// EchoOutput is the decoded input, defaults filled.
type EchoOutput struct {
	Input EchoInput `json:"input"`
}

// NumInput carries one number.
type NumInput struct {
	N int `json:"n"`
}

// NumOutput carries one number.
type NumOutput struct {
	N int `json:"n"`
}

// ProbeService is the main service.
type ProbeService struct {
	plugin.Service `name:"probe" desc:"Dispatch probes"`
	Echo           plugin.Op[EchoInput, EchoOutput] `desc:"Echo the decoded input" method:"EchoHandler"`
	Panic          plugin.Op[NumInput, NumOutput]   `desc:"Panic" method:"PanicHandler"`
	TypedError     plugin.Op[NumInput, NumOutput]   `desc:"Return a typed error" method:"TypedErrorHandler"`
	PlainError     plugin.Op[NumInput, NumOutput]   `desc:"Return a plain error" method:"PlainErrorHandler"`
	Nothing        plugin.Op[NumInput, NumOutput]   `desc:"Return neither output nor error" method:"NothingHandler"`
	Limit          plugin.Op[NumInput, NumOutput]   `desc:"Fail when n > 10" method:"LimitHandler"`
}

// OtherService shares the operation name echo with ProbeService.
type OtherService struct {
	plugin.Service `name:"other" desc:"A second service"`
	Echo           plugin.Op[NumInput, NumOutput] `desc:"Echo n" method:"EchoHandler"`
}

func init() {
	plugin.RegisterOp[EchoInput, EchoOutput]("Echo",
		plugin.Example[EchoInput, EchoOutput]{Name: "min", Input: EchoInput{Name: "ab"}},
	)
	plugin.MustRegisterService(Plugin, &ProbeService{})
	plugin.RegisterOp[NumInput, NumOutput]("Echo",
		plugin.Example[NumInput, NumOutput]{Name: "one", Input: NumInput{N: 1}, ExpectedOutput: &NumOutput{N: 1}},
	)
	plugin.MustRegisterService(Plugin, &OtherService{})
}

// EchoHandler returns its input.
func (*ProbeService) EchoHandler(_ context.Context, in *EchoInput) (*EchoOutput, error) {
	return &EchoOutput{Input: *in}, nil
}

// PanicHandler panics.
func (*ProbeService) PanicHandler(context.Context, *NumInput) (*NumOutput, error) {
	panic("boom")
}

// TypedErrorHandler returns a wrapped ErrorDetail.
func (*ProbeService) TypedErrorHandler(context.Context, *NumInput) (*NumOutput, error) {
	return nil, fmt.Errorf("dialing db: %w", entities.NewErrorDetail(entities.ErrorTypeNetwork, "connection refused").WithCode("ECONNREFUSED"))
}

// PlainErrorHandler returns an error with no type.
func (*ProbeService) PlainErrorHandler(context.Context, *NumInput) (*NumOutput, error) {
	return nil, errors.New("something broke")
}

// NothingHandler returns nil, nil.
func (*ProbeService) NothingHandler(context.Context, *NumInput) (*NumOutput, error) {
	return nil, nil
}

// LimitHandler fails the check when n > 10, with the output as data.
func (*ProbeService) LimitHandler(_ context.Context, in *NumInput) (*NumOutput, error) {
	out := &NumOutput{N: in.N}
	if in.N > 10 {
		return out, plugin.Failf("n is %d, want at most %d", in.N, 10)
	}
	return out, nil
}

// EchoHandler returns n.
func (*OtherService) EchoHandler(_ context.Context, in *NumInput) (*NumOutput, error) {
	return &NumOutput{N: in.N}, nil
}
