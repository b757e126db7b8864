package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

// scenario is one example plugin the demo builds and runs.
type scenario struct {
	pkg   string
	about string
	// setup prepares the world the plugin observes (e.g. a loopback server)
	// and returns the observations to run, the grants flags, and a cleanup.
	setup func() (configs []string, grants grantFlags, cleanup func(), err error)
}

func demoScenarios() []scenario {
	return []scenario{
		{
			pkg:   "./examples/hello",
			about: "a plugin written by hand: Plugin, Manifest, Check, registered from main",
			setup: func() ([]string, grantFlags, func(), error) {
				return []string{`{"name":"Reglet"}`, `{}`, `{"name":`}, grantFlags{}, func() {}, nil
			},
		},
	}
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	for _, sc := range demoScenarios() {
		if err := demoOne(ctx, root, sc, stdout, stderr); err != nil {
			return fmt.Errorf("%s: %w", sc.pkg, err)
		}
	}
	return nil
}

func demoOne(ctx context.Context, root string, sc scenario, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "==> %s: %s\n", sc.pkg, sc.about)
	start := time.Now()
	wasm, err := wasmbuild.Bytes(ctx, root, sc.pkg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "    built with GOOS=wasip1 GOARCH=wasm -buildmode=c-shared: %d bytes in %v\n",
		len(wasm), time.Since(start).Round(time.Millisecond))
	configs, grants, cleanup, err := sc.setup()
	if err != nil {
		return err
	}
	defer cleanup()
	l := &loader{grants: grants, stderr: stderr}
	h, p, err := l.loadBytes(ctx, wasm)
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	raw, err := p.ManifestJSON(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "--- manifest")
	if err := printJSON(stdout, raw); err != nil {
		return err
	}
	for _, config := range configs {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		start := time.Now()
		raw, err := p.ObserveJSON(cctx, []byte(config))
		cancel()
		if err != nil {
			return err
		}
		var res entities.Result
		if err := json.Unmarshal(raw, &res); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "--- observe %s -> %s in %v\n", config, strings.ToUpper(string(res.Status)), time.Since(start).Round(time.Microsecond))
		if err := printJSON(stdout, raw); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout)
	return nil
}
