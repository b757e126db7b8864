// Command checks is a Reglet plugin built from the SDK's ready-made checks
// (packages net, exec and files) through their map API, instead of typed
// operations: its Check decodes the config into a map and hands it to the
// check the "operation" key names. The checks are the engines of the six
// typed examples (examples/http, dns, tcp, smtp, command, file): same
// fields, same validation (each config is checked against the typed
// config's JSON Schema), same data.
//
//	{"operation": "http", "url": "https://example.com", "expected_status": 200}
//	{"operation": "dns", "hostname": "example.com", "record_type": "MX"}
//	{"operation": "tcp", "host": "db.internal", "port": 5432, "tls": true, "timeout_ms": 3000}
//	{"operation": "smtp", "host": "mx.example.com", "port": 25, "starttls": true}
//	{"operation": "command", "command": "/usr/bin/systemctl", "args": ["is-active", "sshd"],
//	 "expected_stdout_contains": "active"}
//	{"operation": "file", "path": "/etc/hosts", "hash": true}
//
// It declares broad capabilities; the operator grants what a deployment
// needs (see the demo: reglet-plugin demo).
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o checks.wasm ./examples/checks
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	sdkexec "github.com/reglet-dev/reglet-plugin-sdk/exec"
	"github.com/reglet-dev/reglet-plugin-sdk/files"
	sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
)

// check is one ready-made check.
type check func(ctx context.Context, cfg map[string]any) (*entities.Result, error)

var checks = map[string]struct {
	run  check
	desc string
}{
	"http": {func(ctx context.Context, c map[string]any) (*entities.Result, error) {
		return sdknet.RunHTTPCheck(ctx, c)
	}, "Request a URL and check the status and body"},
	"dns": {func(ctx context.Context, c map[string]any) (*entities.Result, error) {
		return sdknet.RunDNSCheck(ctx, c)
	}, "Resolve a name and check its records"},
	"tcp": {func(ctx context.Context, c map[string]any) (*entities.Result, error) {
		return sdknet.RunTCPCheck(ctx, c)
	}, "Connect to host:port, optionally with TLS"},
	"smtp": {func(ctx context.Context, c map[string]any) (*entities.Result, error) {
		return sdknet.RunSMTPCheck(ctx, c)
	}, "Read a mail server's banner, optionally with TLS"},
	"command": {func(ctx context.Context, c map[string]any) (*entities.Result, error) {
		return sdkexec.RunCommandCheck(ctx, c)
	}, "Run a command and check its exit code and output"},
	"file": {files.RunFileCheck, "Look at a file: existence, type, size, content, hash"},
}

type checksPlugin struct{}

// Manifest describes one service whose operations are the checks.
func (checksPlugin) Manifest(context.Context) (*entities.Manifest, error) {
	svc := entities.ServiceInfo{Name: "checks", Description: "Ready-made network, command and file checks"}
	for _, name := range names() {
		svc.Operations = append(svc.Operations, entities.OperationInfo{Name: name, Description: checks[name].desc})
	}
	return &entities.Manifest{
		Name:        "checks",
		Version:     "1.0.0",
		Description: "HTTP, DNS, TCP, SMTP, command and file checks from the SDK's net, exec and files packages",
		Capabilities: entities.GrantSet{
			Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"*"}, Ports: []string{"*"}}}},
			Exec:    &entities.ExecCapability{Commands: []string{"/usr/bin/*", "/bin/*"}},
		},
		Services: map[string]entities.ServiceInfo{"checks": svc},
	}, nil
}

// Check runs the check the config's "operation" names.
func (checksPlugin) Check(ctx context.Context, raw []byte) (*entities.Result, error) {
	var cfg map[string]any
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeConfig, "config: "+err.Error())
	}
	op, _ := cfg["operation"].(string)
	c, ok := checks[op]
	if !ok {
		return nil, entities.NewErrorDetail(entities.ErrorTypeConfig,
			fmt.Sprintf("config \"operation\" must be one of %s, got %q", strings.Join(names(), ", "), op)).WithCode("UNKNOWN_OPERATION")
	}
	delete(cfg, "operation")
	delete(cfg, "service")
	return c.run(ctx, cfg)
}

func names() []string {
	out := make([]string, 0, len(checks))
	for n := range checks {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func main() { plugin.Register(checksPlugin{}) }
