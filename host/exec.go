package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// cappedBuffer keeps the first limit bytes written and discards the rest,
// still reporting success so the child never blocks on a full pipe.
type cappedBuffer struct {
	mu        sync.Mutex
	buf       []byte
	limit     int
	truncated bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.limit - len(b.buf); room > 0 {
		if len(p) > room {
			b.buf = append(b.buf, p[:room]...)
			b.truncated = true
		} else {
			b.buf = append(b.buf, p...)
		}
	} else if len(p) > 0 {
		b.truncated = true
	}
	return len(p), nil
}

// text is what the plugin receives of the stream: as much of it as
// encodes within MaxExecOutputJSONBytes of JSON (invalid UTF-8 as U+FFFD),
// and whether any of the output was left out.
func (b *cappedBuffer) text() (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, cut := fitJSONString(b.buf, MaxExecOutputJSONBytes, b.truncated)
	return s, cut || b.truncated
}

// resolveCommand returns the cleaned absolute path of cmd. A bare name
// ("echo") is looked up in the host's PATH first; the grant is always
// checked on the resulting absolute path.
func resolveCommand(cmd string) (string, error) {
	if cmd == "" {
		return "", errors.New("command is empty")
	}
	if !strings.ContainsRune(cmd, '/') {
		p, err := exec.LookPath(cmd)
		if err != nil {
			return "", err
		}
		cmd = p
	}
	if !filepath.IsAbs(cmd) {
		return "", fmt.Errorf("command %q is not an absolute path", cmd)
	}
	return cleanCommand(cmd), nil
}

func serveExec(ctx context.Context, hc *hostCall, req *wire.ExecRequest) any {
	resp := &wire.ExecResponse{ExitCode: -1}
	cmdPath, err := resolveCommand(req.Command)
	if err != nil {
		// Not resolvable: still a denial when nothing grants it, so a
		// plugin cannot probe the host's PATH.
		if derr := allowExec(hc.grants, cleanCommand(req.Command)); derr != nil {
			resp.Error = derr.(*denyError).detail()
			return resp
		}
		resp.Error = &entities.ErrorDetail{Type: entities.ErrorTypeExecution, Code: wire.CodeCommandNotFound, Message: "exec_command: " + err.Error(), IsNotFound: true}
		return resp
	}
	if err := allowExec(hc.grants, cmdPath); err != nil {
		resp.Error = err.(*denyError).detail()
		return resp
	}
	// The child's environment: granted host variables, then the request's
	// own K=V entries, which must name granted variables too.
	env := grantedEnviron(hc.grants, os.Environ())
	for _, kv := range req.Env {
		k, _, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			resp.Error = validationErr("exec_command: env entry %q is not K=V", kv)
			return resp
		}
		if !allowEnv(hc.grants, k) {
			resp.Error = denied("env %s for exec not granted; add env {vars: [%q]}", k, k).detail()
			return resp
		}
		env = append(env, kv)
	}
	if env == nil {
		env = []string{}
	}
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	cmd := exec.CommandContext(ctx, cmdPath, req.Args...)
	cmd.Env = env // never nil: nil would mean "inherit the host's environment"
	cmd.Dir = req.Dir
	stdout := &cappedBuffer{limit: MaxExecOutputBytes}
	stderr := &cappedBuffer{limit: MaxExecOutputBytes}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = ExecWaitDelay // grandchildren holding the pipes cannot hang the host
	start := time.Now()
	err = cmd.Run()
	resp.DurationMs = time.Since(start).Milliseconds()
	resp.Stdout, resp.StdoutTruncated = stdout.text()
	resp.Stderr, resp.StderrTruncated = stderr.text()
	if cmd.ProcessState != nil {
		resp.ExitCode = cmd.ProcessState.ExitCode()
	}
	if ctx.Err() != nil {
		resp.IsTimeout = errors.Is(ctx.Err(), context.DeadlineExceeded)
		d := &entities.ErrorDetail{Type: entities.ErrorTypeTimeout, Code: wire.CodeTimeout, IsTimeout: resp.IsTimeout,
			Message: fmt.Sprintf("exec_command %s: stopped after %v: %v", cmdPath, time.Since(start).Round(time.Millisecond), ctx.Err())}
		if !resp.IsTimeout {
			d.Code = wire.CodeCanceled
		}
		resp.Error = d
		return resp
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		resp.Error = &entities.ErrorDetail{Type: entities.ErrorTypeExecution, Code: wire.CodeExecFailed, Message: fmt.Sprintf("exec_command %s: %v", cmdPath, err),
			IsNotFound: errors.Is(err, os.ErrNotExist)}
	}
	return resp
}
