// Command command is the Reglet command plugin written with the SDK: a
// typed operation whose engine is the SDK's ready-made command check
// (package exec).
//
//	{"command": "/usr/bin/systemctl", "args": ["is-active", "sshd"], "expected_stdout_contains": "active"}
//	{"run": "uname -r", "timeout": 5}
//
// command runs a program without a shell; run gives a line to /bin/sh -c,
// so the operator must grant /bin/sh for it.
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o command.wasm ./examples/command
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	sdkexec "github.com/reglet-dev/reglet-plugin-sdk/exec"
)

// Plugin is the command plugin's definition; its config is the command
// check's.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "command",
	Version:     "1.0.0",
	Description: "Run commands and check their exit code and output",
	Config:      &sdkexec.CommandConfig{},
	Capabilities: entities.GrantSet{
		Exec: &entities.ExecCapability{Commands: []string{"/usr/bin/*", "/bin/*"}},
	},
})

// CommandService runs commands.
type CommandService struct {
	plugin.Service `name:"command" desc:"Command execution"`
	Run            plugin.Op[sdkexec.CommandConfig, sdkexec.CommandResult] `desc:"Run a command" method:"RunHandler"`
}

func init() {
	plugin.RegisterOp[sdkexec.CommandConfig, sdkexec.CommandResult]("Run",
		plugin.Example[sdkexec.CommandConfig, sdkexec.CommandResult]{
			Name:           "direct",
			Description:    "A program with arguments, no shell",
			Input:          sdkexec.CommandConfig{Command: "/bin/echo", Args: []string{"hello"}},
			ExpectedOutput: &sdkexec.CommandResult{Command: "/bin/echo", Stdout: "hello\n", ExecMode: "direct"},
		},
		plugin.Example[sdkexec.CommandConfig, sdkexec.CommandResult]{
			Name:        "shell",
			Description: "A shell line (grant /bin/sh)",
			Input:       sdkexec.CommandConfig{Run: "echo hello | tr a-z A-Z"},
		},
	)
	plugin.MustRegisterService(Plugin, &CommandService{})
}

// RunHandler runs the command check.
func (s *CommandService) RunHandler(ctx context.Context, in *sdkexec.CommandConfig) (*sdkexec.CommandResult, error) {
	return sdkexec.CheckCommand(ctx, in)
}

func main() {
	plugin.Register(Plugin)
}
