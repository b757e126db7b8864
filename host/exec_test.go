package host

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

func execGrant(cmds ...string) entities.GrantSet {
	return entities.GrantSet{Exec: &entities.ExecCapability{Commands: cmds}}
}

func doExec(t testing.TB, g entities.GrantSet, req wire.ExecRequest) wire.ExecResponse {
	t.Helper()
	if req.Args == nil {
		req.Args = []string{}
	}
	var resp wire.ExecResponse
	invoke(t, callCtx(cfgWith(WithGrants(g))), execHostFunc, req, &resp)
	return resp
}

// tool returns the absolute path of a command, skipping the test when the
// system lacks it.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed", name)
	}
	return filepath.Clean(p)
}

func TestExecEcho(t *testing.T) {
	echo := tool(t, "echo")
	resp := doExec(t, execGrant(echo), wire.ExecRequest{Command: echo, Args: []string{"hello", "$HOME", "a b"}})
	testkit.WantNoError(t, resp.Error)
	if resp.Stdout != "hello $HOME a b\n" || resp.ExitCode != 0 || resp.IsTimeout {
		t.Fatalf("response %+v", resp) // no shell: $HOME stays literal
	}
}

func TestExecGrants(t *testing.T) {
	echo := tool(t, "echo")
	dir, base := filepath.Dir(echo), filepath.Base(echo)
	dotted := dir + "/../" + filepath.Base(dir) + "/" + base // e.g. /usr/bin/../bin/echo
	tests := []struct {
		name  string
		g     entities.GrantSet
		cmd   string
		allow bool
	}{
		{"exact", execGrant(echo), echo, true},
		{"glob", execGrant(dir + "/*"), echo, true},
		{"dotted path cleaned", execGrant(echo), dotted, true},
		{"bare name resolved through PATH", execGrant(echo), "echo", true},
		{"other command", execGrant(dir + "/true"), echo, false},
		{"glob elsewhere", execGrant("/opt/*"), echo, false},
		{"dotted escape", execGrant(dir + "/*"), dir + "/../../" + strings.TrimPrefix(dir, "/") + "x/" + base, false},
		{"no grant", entities.GrantSet{}, echo, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := doExec(t, tt.g, wire.ExecRequest{Command: tt.cmd, Args: []string{"x"}})
			if tt.allow {
				testkit.WantNoError(t, resp.Error)
				if resp.Stdout != "x\n" {
					t.Fatalf("stdout %q", resp.Stdout)
				}
				return
			}
			testkit.WantDenied(t, resp.Error, "exec ", "add exec {commands:")
			if resp.Stdout != "" {
				t.Fatal("denied command ran")
			}
		})
	}
}

func TestExecEnvironment(t *testing.T) {
	env := tool(t, "env")
	t.Setenv("REGLET_TEST_A", "1")
	t.Setenv("REGLET_SECRET", "s3cr3t")
	// Without an env grant the child's environment is empty.
	resp := doExec(t, execGrant(env), wire.ExecRequest{Command: env})
	testkit.WantNoError(t, resp.Error)
	if resp.Stdout != "" {
		t.Fatalf("child saw %q", resp.Stdout)
	}
	g := execGrant(env)
	g.Env = &entities.EnvCapability{Vars: []string{"REGLET_TEST_*", "EXTRA"}}
	resp = doExec(t, g, wire.ExecRequest{Command: env, Env: []string{"EXTRA=2"}})
	testkit.WantNoError(t, resp.Error)
	if resp.Stdout != "REGLET_TEST_A=1\nEXTRA=2\n" {
		t.Fatalf("child saw %q", resp.Stdout)
	}
	resp = doExec(t, g, wire.ExecRequest{Command: env, Env: []string{"REGLET_SECRET=x"}})
	testkit.WantDenied(t, resp.Error, "env REGLET_SECRET", `add env {vars: ["REGLET_SECRET"]}`)
}

func TestExecExitDirTimeoutCap(t *testing.T) {
	fls, pwd, sleep, seq := tool(t, "false"), tool(t, "pwd"), tool(t, "sleep"), tool(t, "seq")
	g := execGrant(fls, pwd, sleep, seq, "/nonexistent/*")

	resp := doExec(t, g, wire.ExecRequest{Command: fls})
	if resp.Error != nil || resp.ExitCode != 1 {
		t.Fatalf("false: %+v", resp) // a non-zero exit is a result, not an error
	}
	dir := t.TempDir()
	resp = doExec(t, g, wire.ExecRequest{Command: pwd, Dir: dir})
	if resp.Error != nil || strings.TrimSpace(resp.Stdout) != dir {
		t.Fatalf("pwd: %+v", resp)
	}
	start := time.Now()
	resp = doExec(t, g, wire.ExecRequest{Command: sleep, Args: []string{"5"}, Context: wire.Context{TimeoutMs: 200}})
	if el := time.Since(start); el > 2*time.Second || !resp.IsTimeout || resp.Error == nil || resp.Error.Type != entities.ErrorTypeTimeout {
		t.Fatalf("sleep: %+v after %v", resp, el)
	}
	// seq prints ~20 MiB; the host keeps 10 MiB.
	resp = doExec(t, g, wire.ExecRequest{Command: seq, Args: []string{"1", "3000000"}})
	if resp.Error != nil || len(resp.Stdout) != wire.MaxBodyBytes || resp.ExitCode != 0 {
		t.Fatalf("seq: err %v len %d exit %d", resp.Error, len(resp.Stdout), resp.ExitCode)
	}
	resp = doExec(t, g, wire.ExecRequest{Command: "/nonexistent/tool"})
	if resp.Error == nil || resp.Error.Type != entities.ErrorTypeExecution || !resp.Error.IsNotFound {
		t.Fatalf("missing command: %+v", resp.Error)
	}
	resp = doExec(t, entities.GrantSet{}, wire.ExecRequest{Command: "no-such-command-anywhere"})
	testkit.WantDenied(t, resp.Error) // an ungranted name is denied, not looked up
	var r wire.ExecResponse
	invoke(t, callCtx(cfgWith(WithGrants(g))), execHostFunc, []byte(`{"command":5}`), &r)
	if r.Error == nil || r.Error.Type != entities.ErrorTypeValidation {
		t.Fatalf("malformed: %+v", r.Error)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}
