// Command panics is a test plugin whose Check misbehaves on request. Config:
//
//	{"do": "panic", "value": "boom"}   panic with a string
//	{"do": "panic_error"}              panic with an error value
//	{"do": "nil_deref"}                a runtime error (nil pointer)
//	{"do": "error", "type": "network", "code": "E1", "message": "m"}  return a typed error
//	{"do": "plain_error", "message": "m"}  return a plain error
//	{"do": "nil"}                      return neither a Result nor an error
//	{"do": "bad_data"}                 return data that cannot be encoded
//	{"do": "exit"}                     call os.Exit(3)
//	anything else                      success with {"ok": true}
package main

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

type panics struct{}

type config struct {
	Do      string `json:"do"`
	Value   string `json:"value"`
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (panics) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "panics", Version: "0.0.1", Description: "misbehaves on request"}, nil
}

func (panics) Check(_ context.Context, raw []byte) (*entities.Result, error) {
	var c config
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, err
	}
	switch c.Do {
	case "panic":
		panic(c.Value)
	case "panic_error":
		panic(errors.New("an error value"))
	case "nil_deref":
		var m *config
		return entities.ResultSuccess(m.Value, nil), nil
	case "error":
		return nil, entities.NewErrorDetail(c.Type, c.Message).WithCode(c.Code)
	case "plain_error":
		return nil, errors.New(c.Message)
	case "nil":
		return nil, nil
	case "bad_data":
		return entities.ResultSuccess("nan", map[string]any{"x": math.NaN()}), nil
	case "exit":
		os.Exit(3)
	}
	return entities.ResultSuccess("fine", map[string]any{"ok": true}), nil
}

func main() { plugin.Register(panics{}) }
