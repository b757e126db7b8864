package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/exampletest"
)

func cmdTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("test", "[grant flags] [-dialect w|h] [-timeout d] plugin.wasm", stderr)
	l := newObservingLoader(fs, stderr)
	timeout := fs.Duration("timeout", 30*time.Second, "limit for each example")
	h, p, err := l.loadArgs(ctx, fs, args, nil)
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	passed, failed, err := runExamples(ctx, p, *timeout, stdout)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 || passed == 0 {
		if passed == 0 && failed == 0 {
			fmt.Fprintln(stderr, "the manifest declares no examples")
		}
		return exitCode(1)
	}
	return nil
}

// runExamples runs every example of every operation in p's manifest and
// prints a PASS or FAIL line for each.
func runExamples(ctx context.Context, p *host.Plugin, timeout time.Duration, w io.Writer) (passed, failed int, err error) {
	m, err := p.Manifest(ctx)
	if err != nil {
		return 0, 0, err
	}
	names := make([]string, 0, len(m.Services))
	for name := range m.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, svcName := range names {
		svc := m.Services[svcName]
		for _, op := range svc.Operations {
			for _, ex := range op.Examples {
				label := fmt.Sprintf("%s/%s %s", svcName, op.Name, ex.Name)
				start := time.Now()
				problem := runExample(ctx, p, svcName, op.Name, ex, timeout)
				took := time.Since(start).Round(time.Millisecond)
				if problem == "" {
					passed++
					fmt.Fprintf(w, "PASS %s (%v)\n", label, took)
				} else {
					failed++
					fmt.Fprintf(w, "FAIL %s (%v): %s\n", label, took, problem)
				}
			}
		}
	}
	return passed, failed, nil
}

// runExample returns "" when the example's expectation holds, or what went
// wrong, judged as plugintest.RunExamples judges it (package exampletest).
func runExample(ctx context.Context, p *host.Plugin, service, operation string, ex entities.ExampleInfo, timeout time.Duration) string {
	config, err := exampletest.Config(service, operation, ex)
	if err != nil {
		return err.Error()
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	res, err := p.Observe(ctx, config)
	if err != nil {
		return err.Error()
	}
	return exampletest.Check(ex, res)
}
