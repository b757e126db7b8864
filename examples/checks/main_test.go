package main

import (
	"context"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

type fakeRunner struct{ got ports.CommandRequest }

func (f *fakeRunner) Run(_ context.Context, req ports.CommandRequest) (*ports.CommandResult, error) {
	f.got = req
	return &ports.CommandResult{Stdout: "active\n"}, nil
}

// The routing table in both worlds: natively and through the .wasm built
// from this package, the mock runner answering exec_command there.
func TestChecksRouting(t *testing.T) {
	runner := &fakeRunner{}
	plugintest.RunPluginTests(t, checksPlugin{}, []plugintest.TestCase{
		{
			Name:    "command with a mock runner",
			Config:  map[string]any{"operation": "command", "command": "/usr/bin/systemctl", "args": []string{"is-active", "sshd"}, "expected_stdout_contains": "active"},
			Clients: []any{runner},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertSuccess(t, r)
				plugintest.AssertDataField(t, r, "exit_code", 0)
				if runner.got.Command != "/usr/bin/systemctl" || len(runner.got.Args) != 2 {
					t.Errorf("runner got %+v", runner.got)
				}
			},
		},
		{
			Name:   "unknown operation",
			Config: map[string]any{"operation": "ftp"},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertError(t, r, "config")
				if r.Error.Message != `config "operation" must be one of command, dns, file, http, smtp, tcp, got "ftp"` {
					t.Errorf("message %q", r.Error.Message)
				}
			},
		},
		{
			Name:   "a check's own config error",
			Config: map[string]any{"operation": "tcp", "host": "db"},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertError(t, r, "config")
			},
		},
	}, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
	m, err := checksPlugin{}.Manifest(context.Background())
	if err != nil || len(m.Services["checks"].Operations) != 6 {
		t.Fatalf("manifest %+v %v", m, err)
	}
}
