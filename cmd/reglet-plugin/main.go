// Command reglet-plugin is a workbench for Reglet plugins: it builds them,
// shows their manifest and schema, runs observations in the SDK's local host
// with explicit grants, and runs the examples a manifest declares as tests.
//
// Usage:
//
//	reglet-plugin build    [-o plugin.wasm] [-ldflags flags] [-trimpath] [package]
//	reglet-plugin manifest [-schema] plugin.wasm
//	reglet-plugin run      [grant flags] [-timeout 30s] [-config file.json | -c '{...}'] plugin.wasm
//	reglet-plugin test     [grant flags] plugin.wasm
//	reglet-plugin size     [-n 25] plugin.wasm
//	reglet-plugin demo
//	reglet-plugin help     [command]
//
// Grant flags (what the operator allows; nothing is allowed by default):
//
//	-grants file.json   a GrantSet as JSON, the shape of a manifest's "capabilities"
//	-grant-declared     allow exactly what the plugin's manifest declares
//	-net host:port      allow a host (glob) and port ("443", "8000-9000", "*"); repeatable
//	-exec /path         allow a command (glob); repeatable
//	-env NAME           make an environment variable visible (NAME, PREFIX_*, *); repeatable
//	-read path          preopen a path read-only; repeatable
//	-write path         preopen a path read-write; repeatable
//
// Trust (run, test): -ca file.pem trusts the CA certificates in the PEM file
// for TLS, in addition to the system roots; repeatable.
//
// manifest, run and test keep compiled plugins in the user's cache directory
// (-cache dir to choose another, -cache off for none), so only the first run
// of a module pays for its compilation.
//
// run prints the Result as JSON and exits 0 for success, 1 for failure and 2
// for error. test prints one line per example and "N passed, M failed".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// exitCode lets a subcommand choose the process's exit status.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	var code exitCode
	switch {
	case err == nil:
	case errors.As(err, &code):
		os.Exit(int(code))
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "reglet-plugin:", err)
		os.Exit(2)
	}
}

const usage = `usage: reglet-plugin <command> [flags] [args]

commands:
  build     build a plugin package to a .wasm (GOOS=wasip1 GOARCH=wasm -buildmode=c-shared)
  manifest  print a plugin's manifest (or, with -schema, its config schema)
  run       run one observation and print the Result
  test      run the examples in a plugin's manifest as tests
  size      show how many bytes of a plugin's code each Go package takes
  demo      build this SDK's example plugins and run them in the local host

Run 'reglet-plugin help <command>' for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitCode(2)
	}
	// Every call the CLI makes can be canceled, so the host uses one kind
	// of compiled code (with termination checks) for all of them and
	// compiles a module once, not once per kind.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return cmdBuild(ctx, rest, stdout, stderr)
	case "manifest":
		return cmdManifest(ctx, rest, stdout, stderr)
	case "run":
		return cmdRun(ctx, rest, stdout, stderr)
	case "test":
		return cmdTest(ctx, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, rest, stdout, stderr)
	case "size":
		return cmdSize(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if cmd == "help" && len(rest) > 0 {
			return cmdHelp(ctx, rest, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "reglet-plugin: unknown command %q\n\n%s", cmd, usage)
	return exitCode(2)
}

// cmdHelp prints a command's usage line and flags to stdout: "help run" is
// "run -h", with the text on stdout and exit status 0.
func cmdHelp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		fmt.Fprint(stderr, "usage: reglet-plugin help [command]\n")
		return exitCode(2)
	}
	switch args[0] {
	case "build", "manifest", "run", "test", "demo", "size":
	case "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprintf(stderr, "reglet-plugin: unknown command %q\n\n%s", args[0], usage)
		return exitCode(2)
	}
	// Each command defines its flags when it runs; -h makes it print them
	// (to the writer given for errors) and stop before doing anything.
	err := run(ctx, []string{args[0], "-h"}, stdout, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}
