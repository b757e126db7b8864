package exec_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	sdkexec "github.com/reglet-dev/reglet-plugin-sdk/exec"
)

type fakeRunner struct {
	got ports.CommandRequest
	res *ports.CommandResult
	err error
}

func (f *fakeRunner) Run(_ context.Context, req ports.CommandRequest) (*ports.CommandResult, error) {
	f.got = req
	return f.res, f.err
}

func TestRunCommandCheck(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		cfg     map[string]any
		res     *ports.CommandResult
		err     error
		status  entities.Status
		message string
	}{
		{"exit 0", map[string]any{"command": "/bin/true"}, &ports.CommandResult{}, nil, "success", "/bin/true exited 0"},
		{"wrong exit", map[string]any{"command": "/bin/false"}, &ports.CommandResult{ExitCode: 1}, nil, "failure", "/bin/false exited 1, want 0"},
		{"expected exit", map[string]any{"command": "/bin/false", "expected_exit_code": 1.0}, &ports.CommandResult{ExitCode: 1}, nil, "success", ""},
		{"stdout", map[string]any{"command": "/bin/echo", "expected_stdout_contains": "active"}, &ports.CommandResult{Stdout: "inactive\n"}, nil, "success", ""},
		{"stdout missing", map[string]any{"command": "/bin/echo", "expected_stdout_contains": "running"}, &ports.CommandResult{Stdout: "dead"}, nil, "failure", `output does not contain "running"`},
		{"timeout", map[string]any{"command": "/bin/sleep"}, &ports.CommandResult{IsTimeout: true, ExitCode: -1}, nil, "failure", "timed out after 30s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := sdkexec.RunCommandCheck(ctx, tc.cfg, sdkexec.WithCommandRunner(&fakeRunner{res: tc.res}))
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tc.status || !strings.Contains(r.Message, tc.message) {
				t.Fatalf("%s %q, want %s %q", r.Status, r.Message, tc.status, tc.message)
			}
		})
	}
}

func TestRunCommandCheckRequestAndErrors(t *testing.T) {
	ctx := context.Background()
	f := &fakeRunner{res: &ports.CommandResult{Stdout: strings.Repeat("x", 10000)}}
	r, err := sdkexec.RunCommandCheck(ctx, map[string]any{"command": "/usr/bin/env", "args": []any{"-i"}, "env": []any{"A=1"},
		"dir": "/tmp", "timeout": 3}, sdkexec.WithCommandRunner(f))
	if err != nil {
		t.Fatal(err)
	}
	if f.got.Command != "/usr/bin/env" || f.got.Args[0] != "-i" || f.got.Env[0] != "A=1" || f.got.Dir != "/tmp" || f.got.Timeout != 3*time.Second {
		t.Fatalf("request %+v", f.got)
	}
	if len(r.Data["stdout"].(string)) != 10000 || r.Data["exec_mode"] != "direct" {
		t.Fatalf("stdout in data clipped (%d bytes) or mode %v", len(r.Data["stdout"].(string)), r.Data["exec_mode"])
	}
	// run is a shell line for /bin/sh -c.
	r, err = sdkexec.RunCommandCheck(ctx, map[string]any{"run": "uname -r | cut -d. -f1"}, sdkexec.WithCommandRunner(f))
	if err != nil || f.got.Command != "/bin/sh" || strings.Join(f.got.Args, " ") != "-c uname -r | cut -d. -f1" || r.Data["exec_mode"] != "shell" {
		t.Fatalf("run: %+v %v, request %+v", r, err, f.got)
	}
	// Multi-byte output reaches the data whole (the host caps and flags
	// output; the check no longer cuts it).
	f.res = &ports.CommandResult{Stdout: strings.Repeat("日", 2000)}
	r, err = sdkexec.RunCommandCheck(ctx, map[string]any{"command": "/bin/true"}, sdkexec.WithCommandRunner(f))
	if err != nil {
		t.Fatal(err)
	}
	if out := r.Data["stdout"].(string); len(out) != 6000 || !utf8.ValidString(out) {
		t.Fatalf("stdout in data is %d bytes, valid UTF-8 %v; want the 6000 bytes whole", len(out), utf8.ValidString(out))
	}
	for _, tc := range []struct {
		cfg  map[string]any
		want string
	}{
		{map[string]any{}, `run: required unless "command" is given`},
		{map[string]any{"run": "", "command": ""}, `run: required unless "command" is given`},
		{map[string]any{"run": "id", "command": "/x"}, `run: not allowed together with "command"`},
		{map[string]any{"run": "id", "args": []any{"a"}}, `args: not allowed together with "run"`},
		{map[string]any{"command": "/x", "args": "a b"}, `args: want array, got string`},
		{map[string]any{"command": "/x", "expected_exit_code": "0"}, `expected_exit_code`},
		{map[string]any{"command": "/x", "timeout": -1.0}, `timeout: -1 is less than the minimum 1`},
		{map[string]any{"command": "/x", "timeout_seconds": 5}, `timeout_seconds: unknown field`},
	} {
		_, err := sdkexec.RunCommandCheck(ctx, tc.cfg, sdkexec.WithCommandRunner(f))
		var d *entities.ErrorDetail
		if !errors.As(err, &d) || d.Type != "config" || !strings.Contains(d.Message, tc.want) {
			t.Errorf("%v: err %v, want config error %q", tc.cfg, err, tc.want)
		}
	}
	denied := entities.NewErrorDetail("capability", "permission denied: exec /bin/sh not granted").WithCode("CAPABILITY_DENIED")
	_, err = sdkexec.RunCommandCheck(ctx, map[string]any{"command": "/bin/sh"}, sdkexec.WithCommandRunner(&fakeRunner{err: denied}))
	var d *entities.ErrorDetail
	if !errors.As(err, &d) || d.Type != "capability" || err.Error() != denied.Error() {
		t.Fatalf("host error not kept: %v", err)
	}
	// Without an option, the context's runner is used; without one at all,
	// the error says how to provide it.
	f2 := &fakeRunner{res: &ports.CommandResult{}}
	if _, err := sdkexec.RunCommandCheck(plugin.WithClient(ctx, f2), map[string]any{"command": "/bin/true"}); err != nil || f2.got.Command != "/bin/true" {
		t.Fatalf("context runner not used: %v", err)
	}
	if _, err := sdkexec.RunCommandCheck(ctx, map[string]any{"command": "/bin/true"}); err == nil || !strings.Contains(err.Error(), "WithCommandRunner") {
		t.Fatalf("no runner: %v", err)
	}
}

// CheckCommand called directly (no schema in between, as a handler may)
// keeps its own checks of the rules the config's tags state.
func TestCheckCommandOwnRules(t *testing.T) {
	f := &fakeRunner{res: &ports.CommandResult{}}
	for _, tc := range []struct {
		in   *sdkexec.CommandConfig
		want string
	}{
		{nil, "exactly one of run"},
		{&sdkexec.CommandConfig{}, "exactly one of run"},
		{&sdkexec.CommandConfig{Run: "id", Command: "/x"}, "exactly one of run"},
		{&sdkexec.CommandConfig{Run: "id", Args: []string{"a"}}, "args: not used with run"},
	} {
		_, err := sdkexec.CheckCommand(context.Background(), tc.in, sdkexec.WithCommandRunner(f))
		var d *entities.ErrorDetail
		if !errors.As(err, &d) || d.Type != entities.ErrorTypeConfig || !strings.Contains(d.Message, tc.want) {
			t.Errorf("%+v: err %v, want a config error containing %q", tc.in, err, tc.want)
		}
	}
}
