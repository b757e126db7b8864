package host_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// End-to-end bounds (issue 10): what a hostile peer or a command's output
// does to a plugin, through the compiled hostprobe plugin.

// TestE2EHostileSMTPBanner: a granted mail server that sends an endless
// banner line gets a clear error to the plugin (finding 1), and the host
// stops reading early.
func TestE2EHostileSMTPBanner(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a .wasm; runs without -short")
	}
	p, written := host.HostileSMTPForTest(t)
	r := probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", p)), map[string]any{"call": "smtp.connect", "host": "127.0.0.1", "port": p, "dial_timeout_ms": 20000})
	if r.Status != entities.StatusError || r.Error == nil || r.Error.Code != wire.CodeResponseTooLarge || r.Error.Type != entities.ErrorTypeNetwork ||
		!strings.Contains(r.Error.Message, "longer than the host's limit of 4096 bytes") || r.Data["network"] != true {
		t.Fatalf("want a network RESPONSE_TOO_LARGE error naming the limit, got %+v", r.Error)
	}
	if n := written(); n > 4<<20 {
		t.Fatalf("the host let the server push %d bytes", n)
	}
}

// TestE2EExecBinaryOutput: 50 MiB of NUL bytes on stdout (finding 2) reach
// the plugin as the first NUL bytes that fit its limit, flagged truncated,
// instead of a response the guest refuses.
func TestE2EExecBinaryOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a .wasm; runs without -short")
	}
	head, err := exec.LookPath("head")
	if err != nil {
		t.Skip("head not installed")
	}
	g := entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{head}}}
	resp := ok(t, probe(t, g, map[string]any{"call": "exec.run", "command": head, "args": []string{"-c", "52428800", "/dev/zero"}, "omit_output": true}))
	n, _ := resp["stdout_len"].(float64)
	if resp["stdout_truncated"] != true || resp["stderr_truncated"] != false || resp["exit_code"] != 0.0 ||
		int(n) != host.MaxExecOutputJSONBytes/6 || resp["stdout"] != strings.Repeat("\x00", 64) {
		t.Fatalf("want %d NUL bytes flagged truncated, got %v", host.MaxExecOutputJSONBytes/6, resp)
	}
	// Within the limit: whole, not flagged.
	resp = ok(t, probe(t, g, map[string]any{"call": "exec.run", "command": head, "args": []string{"-c", "1000", "/dev/zero"}}))
	if resp["stdout_truncated"] != false || resp["stdout_len"] != 1000.0 {
		t.Fatalf("small output: %v", resp)
	}
	if wire.MaxExecResponseBytes < 2*host.MaxExecOutputJSONBytes+64<<10 {
		t.Fatal("two streams of output do not fit the guest's limit")
	}
}
