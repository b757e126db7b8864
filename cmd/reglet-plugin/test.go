package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

func cmdTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("test", "[grant flags] [-timeout d] plugin.wasm", stderr)
	l := &loader{stderr: stderr}
	l.grants.register(fs)
	timeout := fs.Duration("timeout", 30*time.Second, "limit for each example")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, err := onePlugin(fs)
	if err != nil {
		return err
	}
	h, p, err := l.load(ctx, path)
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
// wrong.
func runExample(ctx context.Context, p *host.Plugin, service, operation string, ex entities.ExampleInfo, timeout time.Duration) string {
	var input map[string]any
	if err := json.Unmarshal(ex.Input, &input); err != nil || input == nil {
		return fmt.Sprintf("example input is not a JSON object: %s", ex.Input)
	}
	input["operation"] = operation
	input["service"] = service
	config, _ := json.Marshal(input)
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	res, err := p.Observe(ctx, config)
	if err != nil {
		return err.Error()
	}
	if ex.ExpectedError != "" {
		// An expected error is met by an error Result or by a failed check
		// (plugin.Failf) whose message contains it.
		msg := res.Message
		if res.Error != nil {
			msg = res.Error.Message
		}
		if res.Status == entities.StatusSuccess {
			return fmt.Sprintf("want an error containing %q, got success", ex.ExpectedError)
		}
		if !strings.Contains(msg, ex.ExpectedError) {
			return fmt.Sprintf("want an error containing %q, got %s %q", ex.ExpectedError, res.Status, msg)
		}
		return ""
	}
	if res.Status != entities.StatusSuccess {
		msg := res.Message
		if res.Error != nil {
			msg = res.Error.Message
		}
		return fmt.Sprintf("status %s: %s", res.Status, msg)
	}
	if len(ex.ExpectedOutput) == 0 {
		return ""
	}
	var want any
	if err := json.Unmarshal(ex.ExpectedOutput, &want); err != nil {
		return fmt.Sprintf("expected_output is not JSON: %v", err)
	}
	got := map[string]any(res.Data)
	if path, ok := subset(want, normalise(got), "$"); !ok {
		gotJSON, _ := json.Marshal(got)
		return fmt.Sprintf("output differs at %s: got %s, want %s", path, gotJSON, ex.ExpectedOutput)
	}
	return ""
}

// normalise turns v into the shapes json.Unmarshal produces.
func normalise(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// subset reports whether every member of want is present and equal in got
// (objects may have extra members in got; arrays must match element-wise).
func subset(want, got any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path, false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return path + "." + k, false
			}
			if p, ok := subset(wv, gv, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path, false
		}
		for i := range w {
			if p, ok := subset(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	}
	return path, reflect.DeepEqual(want, got)
}
