// Package exec provides a ready-made check that runs a command through the
// host (no shell) and checks its exit code and output. The command must be
// granted by the operator (an exec capability naming its path).
//
//	import sdkexec "github.com/reglet-dev/reglet-plugin-sdk/exec"
//
//	result, err := sdkexec.RunCommandCheck(ctx, cfg)
//	result, err := sdkexec.RunCommandCheck(ctx, cfg, sdkexec.WithCommandRunner(mock))
package exec

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/checkcfg"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/textclip"
)

// Option configures RunCommandCheck.
type Option func(*options)

type options struct{ runner ports.CommandRunner }

// WithCommandRunner makes RunCommandCheck use r instead of the context's
// runner (plugin.GetClient[ports.CommandRunner]).
func WithCommandRunner(r ports.CommandRunner) Option { return func(o *options) { o.runner = r } }

// maxOutputInData bounds how much of each stream the Result carries.
const maxOutputInData = 4 << 10

// RunCommandCheck runs a command and checks how it ended. Config:
//
//	command                   string, required: absolute path, no shell
//	args                      array of strings
//	env                       array of "KEY=VALUE" (the host passes only granted names)
//	dir                       string: working directory
//	expected_exit_code        integer, default 0
//	expected_stdout_contains  string
//	timeout_seconds           number, default 30
//
// Data: command, exit_code, stdout and stderr (first 4 KiB each),
// duration_ms, timed_out. A different exit code, missing output or a
// timeout is a failure; a command the host refuses is an error.
func RunCommandCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	var o options
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	cmd, err := config.MustGetString(cfg, "command")
	if err != nil {
		return nil, configError(err)
	}
	req := ports.CommandRequest{Command: cmd, Dir: config.GetStringDefault(cfg, "dir", "")}
	for _, key := range []string{"args", "env"} {
		if _, ok := cfg[key]; !ok {
			continue
		}
		list, err := config.MustGetStringSlice(cfg, key)
		if err != nil {
			return nil, configError(err)
		}
		if key == "args" {
			req.Args = list
		} else {
			req.Env = list
		}
	}
	want := 0
	if _, ok := cfg["expected_exit_code"]; ok {
		if want, err = config.MustGetInt(cfg, "expected_exit_code"); err != nil {
			return nil, configError(err)
		}
	}
	contains := config.GetStringDefault(cfg, "expected_stdout_contains", "")
	timeout, err := checkcfg.Timeout(cfg, 30*time.Second)
	if err != nil {
		return nil, err
	}
	req.Timeout = timeout
	runner := o.runner
	if runner == nil {
		var ok bool
		if runner, ok = plugin.TryGetClient[ports.CommandRunner](ctx); !ok {
			return nil, entities.NewErrorDetail(entities.ErrorTypeInternal,
				"no ports.CommandRunner: pass exec.WithCommandRunner, or put one in the context with plugin.WithClient")
		}
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := runner.Run(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", cmd, err)
	}
	data := map[string]any{"command": cmd, "exit_code": res.ExitCode, "stdout": clip(res.Stdout), "stderr": clip(res.Stderr),
		"duration_ms": res.Duration.Milliseconds(), "timed_out": res.IsTimeout}
	switch {
	case res.IsTimeout:
		return entities.ResultFailure(fmt.Sprintf("%s timed out after %v", cmd, timeout), data), nil
	case res.ExitCode != want:
		return entities.ResultFailure(fmt.Sprintf("%s exited %d, want %d", cmd, res.ExitCode, want), data), nil
	case contains != "" && !strings.Contains(res.Stdout, contains):
		return entities.ResultFailure(fmt.Sprintf("%s output does not contain %q", cmd, contains), data), nil
	}
	return entities.ResultSuccess(fmt.Sprintf("%s exited %d", cmd, res.ExitCode), data), nil
}

// clip bounds one output stream in Result data, on a rune boundary.
func clip(s string) string { return textclip.Prefix(s, maxOutputInData) }

func configError(err error) error { return checkcfg.Error(err) }
