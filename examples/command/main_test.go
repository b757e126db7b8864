package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// mockRunner answers every command with res, and checks what it was asked
// to run.
type mockRunner struct {
	t           *testing.T
	wantCommand string
	wantArgs    []string
	res         ports.CommandResult
}

func (m mockRunner) Run(_ context.Context, req ports.CommandRequest) (*ports.CommandResult, error) {
	if req.Command != m.wantCommand || strings.Join(req.Args, "\x00") != strings.Join(m.wantArgs, "\x00") {
		m.t.Errorf("ran %s %q, want %s %q", req.Command, req.Args, m.wantCommand, m.wantArgs)
	}
	r := m.res
	return &r, nil
}

func TestCommand(t *testing.T) {
	if err := Plugin.Validate(); err != nil {
		t.Fatal(err)
	}
	echo, err := exec.LookPath("echo")
	if err != nil {
		t.Skip("no echo")
	}
	grant := func(cmds ...string) []host.Option {
		return []host.Option{host.WithGrants(entities.GrantSet{Exec: &entities.ExecCapability{Commands: cmds}})}
	}
	big := strings.Repeat("x", 10000)
	sh := grant("/bin/sh", "/usr/bin/*", "/bin/*")
	// Natively the mock runner answers; through the .wasm the local host
	// runs the command itself (RealHost), under the case's grants, in both
	// host dialects with the same Results. A case without a mock runs
	// through the .wasm only.
	cases := []plugintest.TestCase{
		{Name: "direct", Config: map[string]any{"command": echo, "args": []string{"hello"}}, Host: grant(echo),
			Clients: []any{mockRunner{t, echo, []string{"hello"}, ports.CommandResult{Stdout: "hello\n"}}},
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"stdout": "hello\n", "stderr": "", "exit_code": 0,
				"is_timeout": false, "exec_mode": "direct", "duration_ms": plugintest.Present}}},
		{Name: "shell line", Config: map[string]any{"run": "echo hello | tr a-z A-Z; echo oops >&2"}, Host: sh,
			Clients: []any{mockRunner{t, "/bin/sh", []string{"-c", "echo hello | tr a-z A-Z; echo oops >&2"}, ports.CommandResult{Stdout: "HELLO\n", Stderr: "oops\n"}}},
			Want:    plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"stdout": "HELLO\n", "stderr": "oops\n", "exec_mode": "shell", "command": "/bin/sh"}}},
		{Name: "output not capped at 4 KiB", Config: map[string]any{"run": "printf '%10000s' '' | tr ' ' x"}, Host: sh,
			Clients: []any{mockRunner{t, "/bin/sh", []string{"-c", "printf '%10000s' '' | tr ' ' x"}, ports.CommandResult{Stdout: big}}},
			Want:    plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"stdout": big}}},
		{Name: "exit code", Config: map[string]any{"run": "exit 3"}, Host: grant("/bin/sh"),
			Clients: []any{mockRunner{t, "/bin/sh", []string{"-c", "exit 3"}, ports.CommandResult{ExitCode: 3}}},
			Want:    plugintest.Want{Status: entities.StatusFailure, Message: "exited 3, want 0", Data: map[string]any{"exit_code": 3}}},
		{Name: "expected exit code", Config: map[string]any{"run": "exit 3", "expected_exit_code": 3}, Host: grant("/bin/sh"), WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"exit_code": 3}}},
		{Name: "stdout expectation", Config: map[string]any{"command": echo, "args": []string{"inactive"}, "expected_stdout_contains": "running"},
			Host: grant(echo), WasmOnly: true, Want: plugintest.Want{Status: entities.StatusFailure, Message: `output does not contain "running"`}},
		{Name: "timeout", Config: map[string]any{"run": "sleep 5", "timeout": 1}, Host: sh,
			Clients: []any{mockRunner{t, "/bin/sh", []string{"-c", "sleep 5"}, ports.CommandResult{IsTimeout: true, ExitCode: -1, Duration: time.Second}}},
			Want:    plugintest.Want{Status: entities.StatusFailure, Message: "timed out after 1s", Data: map[string]any{"is_timeout": true}}},
		{Name: "shell not granted", Config: map[string]any{"run": "id"}, Host: grant(echo), WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability", Message: "/bin/sh"}},
		{Name: "run and command", Config: map[string]any{"run": "id", "command": echo}, Clients: []any{mockRunner{}},
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: `run: not allowed together with "command"`}},
		{Name: "neither run nor command", Config: map[string]any{"run": "", "args": []string{"x"}}, Clients: []any{mockRunner{}},
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: `run: required unless "command" is given`}},
		{Name: "args with run", Config: map[string]any{"run": "id", "args": []string{"x"}}, Clients: []any{mockRunner{}},
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: `args: not allowed together with "run"`}},
	}
	for i := range cases {
		cases[i].RealHost = true
	}
	plugintest.RunPluginTests(t, Plugin, cases, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The examples registered with RegisterOp, natively and through the .wasm
// in both host dialects, each with a mock runner that checks what it was
// asked to run.
func TestExamples(t *testing.T) {
	plugintest.RunExamples(t, Plugin,
		plugintest.ExampleClients("direct", mockRunner{t, "/bin/echo", []string{"hello"}, ports.CommandResult{Stdout: "hello\n"}}),
		plugintest.ExampleClients("shell", mockRunner{t, "/bin/sh", []string{"-c", "echo hello | tr a-z A-Z"}, ports.CommandResult{Stdout: "HELLO\n"}}),
		plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}
