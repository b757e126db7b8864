package main

import (
	"strings"
	"testing"
)

// -dialect h runs the plugin as reglet-host-sdk does: wazero's fake clock
// (2022) shows in the Result's timestamps.
func TestRunCommandDialect(t *testing.T) {
	wasm := writeWasm(t, "./examples/hello")
	out, errOut, code := cli(t, "run", "-dialect", "h", "-c", `{"name":"h"}`, wasm)
	if code != 0 || !strings.Contains(out, `"greeting": "hello, h"`) || !strings.Contains(out, `"timestamp": "2022-01-01T`) {
		t.Fatalf("-dialect h: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	out, _, code = cli(t, "run", "-dialect", "w", "-c", `{"name":"w"}`, wasm)
	if code != 0 || strings.Contains(out, `"timestamp": "2022-01-01T`) {
		t.Fatalf("-dialect w: exit %d, stdout %q", code, out)
	}
	if _, errOut, code := cli(t, "run", "-dialect", "x", wasm); code == 0 || !strings.Contains(errOut, `unknown host dialect "x"`) {
		t.Fatalf("-dialect x: exit %d, stderr %q", code, errOut)
	}
}
