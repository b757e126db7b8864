package main

import (
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// The hand-written plugin in both worlds and both host dialects: it calls
// no host function, so every case has one Result everywhere.
func TestHello(t *testing.T) {
	plugintest.RunPluginTests(t, helloPlugin{}, []plugintest.TestCase{
		{Name: "greets", Config: map[string]any{"name": "you"},
			Want: plugintest.Want{Status: entities.StatusSuccess, Message: "greeted", Data: map[string]any{"greeting": "hello, you"}}},
		{Name: "nobody is a failure", Config: map[string]any{},
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "nobody to greet", Data: map[string]any{"greeting": ""}}},
		{Name: "undecodable config", Config: map[string]any{"name": 42},
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: "decoding config"}},
	}, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}
