// Command bigconfig is a typed plugin for the big-config tests and
// benchmarks: its input has a long list of hosts and a long string, the
// shapes a multi-megabyte observation config takes, and its output says
// what the handler received so a test can check it got everything.
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

// Plugin is the definition; Config is what the plugin-level config schema
// describes (a subset of the input).
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "bigconfig",
	Version:     "1.0.0",
	Description: "receives big configs",
	Config:      &Config{},
})

// Config is the plugin-level config.
type Config struct {
	Timeout int `json:"timeout,omitempty" jsonschema:"default=30"`
}

// Input is the operation's input.
type Input struct {
	Hosts   []string `json:"hosts" jsonschema:"required"`
	Body    string   `json:"body,omitempty"`
	Timeout int      `json:"timeout,omitempty" jsonschema:"default=30"`
	// Tree is recursive, for configs nested as deep as JSON goes.
	Tree *Node `json:"tree,omitempty"`
}

// Node is one level of Tree.
type Node struct {
	Next  *Node `json:"next,omitempty"`
	Value int   `json:"value,omitempty"`
}

// Output reports what arrived.
type Output struct {
	Hosts     int    `json:"hosts"`
	LastHost  string `json:"last_host"`
	BodyBytes int    `json:"body_bytes"`
	Timeout   int    `json:"timeout"`
}

// Service has the one operation.
type Service struct {
	plugin.Service `name:"big" desc:"big configs"`
	Receive        plugin.Op[Input, Output] `desc:"Receive a config" method:"ReceiveHandler"`
}

// ReceiveHandler reports the sizes it was handed.
func (*Service) ReceiveHandler(_ context.Context, in *Input) (*Output, error) {
	out := &Output{Hosts: len(in.Hosts), BodyBytes: len(in.Body), Timeout: in.Timeout}
	if len(in.Hosts) > 0 {
		out.LastHost = in.Hosts[len(in.Hosts)-1]
	}
	return out, nil
}

func init() { plugin.MustRegisterService(Plugin, &Service{}) }

func main() { plugin.Register(Plugin) }
