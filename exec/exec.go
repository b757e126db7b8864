// Package exec provides a ready-made check that runs a command through the
// host and reports how it ended: the engine of examples/command, with the
// Reglet command plugin's fields. The command (or /bin/sh, for a shell
// line) must be granted by the operator (an exec capability naming its
// path).
//
//	import sdkexec "github.com/reglet-dev/reglet-plugin-sdk/exec"
//
//	out, err := sdkexec.CheckCommand(ctx, &sdkexec.CommandConfig{Command: "/usr/bin/systemctl", Args: []string{"is-active", "sshd"}})
//	result, err := sdkexec.RunCommandCheck(ctx, cfg)
//	result, err := sdkexec.RunCommandCheck(ctx, cfg, sdkexec.WithCommandRunner(mock))
package exec

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/checkcfg"
)

// Option configures the command check.
type Option func(*options)

type options struct{ runner ports.CommandRunner }

// WithCommandRunner makes the check use r instead of the context's runner
// (plugin.GetClient[ports.CommandRunner]).
func WithCommandRunner(r ports.CommandRunner) Option { return func(o *options) { o.runner = r } }

// Shell is the shell a CommandConfig.Run line is given to, as
// Shell -c line. The operator must grant it.
const Shell = "/bin/sh"

// CommandConfig is the config of the command check: the Reglet command
// plugin's fields (run, or command and args; dir, env, timeout), plus
// expectations.
type CommandConfig struct {
	Run                    string   `json:"run,omitempty" jsonschema:"requiredWithout=command,excludes=command,description=A shell command line run as /bin/sh -c (grant /bin/sh); or give command"`
	Command                string   `json:"command,omitempty" jsonschema:"description=Absolute path of the program to run without a shell"`
	Args                   []string `json:"args,omitempty" jsonschema:"excludes=run,description=Arguments of command (not with run)"`
	Dir                    string   `json:"dir,omitempty" jsonschema:"description=Working directory"`
	Env                    []string `json:"env,omitempty" jsonschema:"description=KEY=VALUE entries (the host passes only granted names)"`
	Timeout                int      `json:"timeout,omitempty" jsonschema:"minimum=1,maximum=86400,default=30,description=Seconds before the command is killed"`
	ExpectedExitCode       int      `json:"expected_exit_code,omitempty" jsonschema:"description=Exit code the command must end with (default 0)"`
	ExpectedStdoutContains string   `json:"expected_stdout_contains,omitempty" jsonschema:"description=Text the standard output must contain"`
}

// CommandResult is how the command ended: its whole output (the host keeps
// at most 10 MiB of each stream), exit code, duration, whether the host
// killed it at the timeout, and exec_mode: "shell" for run, "direct" for
// command.
type CommandResult struct {
	Command    string `json:"command"`
	Stdout     string `json:"stdout"`
	Stderr     string `json:"stderr"`
	ExitCode   int    `json:"exit_code"`
	DurationMs int64  `json:"duration_ms"`
	IsTimeout  bool   `json:"is_timeout"`
	ExecMode   string `json:"exec_mode"`
	// StdoutTruncated and StderrTruncated say the host kept only part of
	// the stream (its cap).
	StdoutTruncated bool `json:"stdout_truncated,omitempty"`
	StderrTruncated bool `json:"stderr_truncated,omitempty"`
}

// CheckCommand runs the command and checks how it ended: a timeout, an
// exit code other than expected_exit_code and stdout without
// expected_stdout_contains are failures (the result is returned with a
// *plugin.Failure); a command the host refuses or cannot start is the
// host's error, returned as is.
func CheckCommand(ctx context.Context, in *CommandConfig, opts ...Option) (*CommandResult, error) {
	var o options
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	if in == nil || (in.Run == "") == (in.Command == "") {
		return nil, configError(fmt.Errorf("give exactly one of run (a shell line) and command (a program)"))
	}
	req := ports.CommandRequest{Command: in.Command, Args: in.Args, Dir: in.Dir, Env: in.Env}
	mode := "direct"
	if in.Run != "" {
		if len(in.Args) > 0 {
			return nil, configError(fmt.Errorf("args: not used with run (put them in the shell line)"))
		}
		req.Command, req.Args, mode = Shell, []string{"-c", in.Run}, "shell"
	}
	timeout := time.Duration(in.Timeout) * time.Second
	if timeout <= 0 {
		timeout = 30 * time.Second
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
	ctx, cancel := context.WithTimeout(ctx, timeout+time.Second) // the host kills at timeout; its answer needs a moment
	defer cancel()
	res, err := runner.Run(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &CommandResult{Command: req.Command, Stdout: res.Stdout, Stderr: res.Stderr, ExitCode: res.ExitCode,
		DurationMs: res.Duration.Milliseconds(), IsTimeout: res.IsTimeout, ExecMode: mode,
		StdoutTruncated: res.StdoutTruncated, StderrTruncated: res.StderrTruncated}
	name := req.Command
	if in.Run != "" {
		name = fmt.Sprintf("%q", in.Run)
	}
	switch {
	case res.IsTimeout:
		return out, plugin.Failf("%s timed out after %v", name, timeout)
	case res.ExitCode != in.ExpectedExitCode:
		return out, plugin.Failf("%s exited %d, want %d", name, res.ExitCode, in.ExpectedExitCode)
	case in.ExpectedStdoutContains != "" && !strings.Contains(res.Stdout, in.ExpectedStdoutContains):
		return out, plugin.Failf("%s output does not contain %q", name, in.ExpectedStdoutContains)
	}
	return out, nil
}

// RunCommandCheck is CheckCommand for a config map (the keys of
// CommandConfig, validated against its schema): a success or failure
// Result with CommandResult as data, or an error.
func RunCommandCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	in, err := checkcfg.Decode[CommandConfig](cfg, nil)
	if err != nil {
		return nil, err
	}
	out, err := CheckCommand(ctx, in, opts...)
	if out == nil {
		return nil, err
	}
	data, merr := checkcfg.Data(out)
	if merr != nil {
		return nil, merr
	}
	if err != nil {
		if !plugin.IsFailure(err) {
			return nil, err
		}
		return entities.ResultFailure(err.Error(), data), nil
	}
	return entities.ResultSuccess(fmt.Sprintf("%s exited %d", out.Command, out.ExitCode), data), nil
}

func configError(err error) error { return checkcfg.Error(err) }
