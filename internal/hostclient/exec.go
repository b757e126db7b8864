package hostclient

import (
	"context"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// commandRunner implements ports.CommandRunner over
// reglet_host.exec_command.
type commandRunner struct{ T *Transport }

var _ ports.CommandRunner = commandRunner{}

// encodeExecRequest builds the wire request. Args is always present (an
// empty array when there are none), as the contract requires.
func encodeExecRequest(c wire.Context, req ports.CommandRequest) wire.ExecRequest {
	args := req.Args
	if args == nil {
		args = []string{}
	}
	return wire.ExecRequest{Command: req.Command, Args: args, Env: req.Env, Dir: req.Dir, Context: c, TimeoutMs: c.TimeoutMs}
}

// decodeExecResponse converts a wire response to the ports type.
func decodeExecResponse(r *wire.ExecResponse) *ports.CommandResult {
	return &ports.CommandResult{
		Stdout:    r.Stdout,
		Stderr:    r.Stderr,
		ExitCode:  r.ExitCode,
		Duration:  time.Duration(r.DurationMs) * time.Millisecond,
		IsTimeout: r.IsTimeout,

		StdoutTruncated: r.StdoutTruncated,
		StderrTruncated: r.StderrTruncated,
	}
}

// Run runs req on the host and waits for it to end. req.Timeout, when set,
// shortens the deadline the host is given (the wire request has no timeout
// of its own). A non-zero exit code is not an error, nor is a command the
// host killed at its deadline (IsTimeout, with the output read so far).
func (c commandRunner) Run(ctx context.Context, req ports.CommandRequest) (*ports.CommandResult, error) {
	const fn = wire.ExecCommandFn
	if req.Command == "" {
		return nil, invalidRequest(fn, "empty command")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if req.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, req.Timeout)
		defer cancel()
	}
	send := pick(c.T).Exec
	wctx, err := begin(ctx, fn, send)
	if err != nil {
		return nil, err
	}
	w := encodeExecRequest(wctx, req)
	raw, err := exchange(fn, send, appendExecRequest(make([]byte, 0, reqBufSize), &w), maxExecResponse)
	if err != nil {
		return nil, err
	}
	var resp wire.ExecResponse
	derr := decodeExec(reader{b: raw, alias: true}, &resp)
	if derr == nil && resp.IsTimeout {
		// The host killed the command at its deadline: an outcome (with the
		// output so far), like a non-zero exit, not a failed call.
		return decodeExecResponse(&resp), nil
	}
	if err := finish(ctx, fn, derr, resp.Error); err != nil {
		return nil, err
	}
	return decodeExecResponse(&resp), nil
}
