package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

func newFlagSet(name, args string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: reglet-plugin %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// onePlugin returns the single positional argument, the .wasm path.
func onePlugin(fs *flag.FlagSet) (string, error) {
	if fs.NArg() != 1 {
		fs.Usage()
		return "", exitCode(2)
	}
	return fs.Arg(0), nil
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("build", "[-o plugin.wasm] [-ldflags flags] [-trimpath] [package]", stderr)
	out := fs.String("o", "plugin.wasm", "output `file`")
	ldflags := fs.String("ldflags", "", "linker `flags` passed to go build (e.g. \"-s -w\")")
	trimpath := fs.Bool("trimpath", false, "pass -trimpath to go build")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pkg := "."
	if fs.NArg() > 1 {
		fs.Usage()
		return exitCode(2)
	} else if fs.NArg() == 1 {
		pkg = fs.Arg(0)
	}
	// Handlers are bound by generated code, not MethodByName: about 1 MB
	// smaller (RATIONALE.md, "Binding handlers without MethodByName").
	var flags []string
	if *ldflags != "" {
		flags = append(flags, "-ldflags="+*ldflags)
	}
	if *trimpath {
		flags = append(flags, "-trimpath")
	}
	wasm, note, err := wasmbuild.BoundBytes(ctx, "", pkg, flags...)
	if err != nil {
		return err
	}
	if note != "" {
		fmt.Fprintf(stderr, "reglet-plugin build: %s\n", note)
		// A handler the generated binding could not name may be a typo in
		// a method tag, which makes the plugin panic when it starts: load
		// it once (its panic goes to stderr) rather than write a module
		// that no host can run.
		l := &loader{stderr: stderr, cacheDir: defaultCacheDir()}
		h, p, err := l.loadBytes(ctx, wasm)
		if err == nil {
			_, err = p.Manifest(ctx)
			h.Close(ctx)
		}
		if err != nil {
			return fmt.Errorf("the built plugin does not start, %s not written: %w", *out, err)
		}
	}
	if err := os.WriteFile(*out, wasm, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %s (%d bytes)\n", *out, len(wasm))
	return nil
}

// loader loads a plugin with the grants its flags describe.
type loader struct {
	grants  grantFlags
	dialect dialectFlag
	stderr  io.Writer
	// cacheDir is the -cache value: where compiled code is kept between
	// runs ("" or "off": nowhere).
	cacheDir string
}

// newObservingLoader is the loader of a command that observes (run,
// test), with its flags registered in fs: grants, -cache and -dialect.
func newObservingLoader(fs *flag.FlagSet, stderr io.Writer) *loader {
	l := &loader{stderr: stderr}
	l.grants.register(fs)
	registerCacheFlag(fs, &l.cacheDir)
	l.dialect.register(fs)
	return l
}

// loadArgs parses the command's flags, runs prepare (if any: what the
// command checks or reads before the plugin is compiled), and loads the one
// plugin the arguments name. The caller closes the Host.
func (l *loader) loadArgs(ctx context.Context, fs *flag.FlagSet, args []string, prepare func() error) (*host.Host, *host.Plugin, error) {
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	path, err := onePlugin(fs)
	if err != nil {
		return nil, nil, err
	}
	if prepare != nil {
		if err := prepare(); err != nil {
			return nil, nil, err
		}
	}
	return l.load(ctx, path)
}

func (l *loader) load(ctx context.Context, path string) (*host.Host, *host.Plugin, error) {
	wasm, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return l.loadBytes(ctx, wasm)
}

func (l *loader) loadBytes(ctx context.Context, wasm []byte) (*host.Host, *host.Plugin, error) {
	logger := slog.New(slog.NewTextHandler(l.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cas, err := l.grants.caCerts()
	if err != nil {
		return nil, nil, err
	}
	opts := append([]host.HostOption{host.WithStdout(l.stderr), host.WithStderr(l.stderr), host.WithLogger(logger),
		host.WithExtraRootCAs(cas...), host.WithDialect(l.dialect.d)}, cacheOptions(l.cacheDir)...)
	h, err := host.New(ctx, opts...)
	if err != nil {
		return nil, nil, err
	}
	p, err := h.Load(ctx, wasm)
	if err != nil {
		h.Close(ctx)
		return nil, nil, err
	}
	var declared entities.GrantSet
	if l.grants.declared {
		m, err := p.Manifest(ctx)
		if err != nil {
			h.Close(ctx)
			return nil, nil, err
		}
		declared = m.Capabilities
	}
	grants, err := l.grants.build(declared)
	if err != nil {
		h.Close(ctx)
		return nil, nil, err
	}
	if !grants.IsEmpty() {
		p.Close(ctx)
		if p, err = h.Load(ctx, wasm, host.WithGrants(grants)); err != nil {
			h.Close(ctx)
			return nil, nil, err
		}
	}
	return h, p, nil
}

func cmdManifest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("manifest", "[-schema] plugin.wasm", stderr)
	schemaOnly := fs.Bool("schema", false, "print only the config schema")
	l := &loader{stderr: stderr}
	registerCacheFlag(fs, &l.cacheDir)
	h, p, err := l.loadArgs(ctx, fs, args, nil)
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	return printManifest(ctx, p, stdout, *schemaOnly)
}

// printManifest prints p's manifest, or with schemaOnly its config schema
// only, after checking that it decodes.
func printManifest(ctx context.Context, p *host.Plugin, w io.Writer, schemaOnly bool) error {
	raw, err := p.ManifestJSON(ctx)
	if err != nil {
		return err
	}
	if _, err := p.Manifest(ctx); err != nil {
		return err
	}
	if schemaOnly {
		var m struct {
			ConfigSchema json.RawMessage `json:"config_schema"`
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return err
		}
		raw = m.ConfigSchema
	}
	return printJSON(w, raw)
}

// printJSON writes raw indented, with the HTML escapes Go's encoder puts in
// strings (\u003c for <) turned back into the characters they stand for.
func printJSON(w io.Writer, raw []byte) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return fmt.Errorf("plugin output is not JSON: %w", err)
	}
	out := unescapeHTML(buf.Bytes())
	out = append(out, '\n')
	_, err := w.Write(out)
	return err
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", "[grant flags] [-dialect w|h] [-timeout d] [-config file | -c json] plugin.wasm", stderr)
	l := newObservingLoader(fs, stderr)
	configFile := fs.String("config", "", "read the observation's config from `file` (- for standard input)")
	inline := fs.String("c", "", "the observation's config as inline `json`")
	timeout := fs.Duration("timeout", 30*time.Second, "stop the observation after this long (0: no limit)")
	config := []byte("{}")
	h, p, err := l.loadArgs(ctx, fs, args, func() (err error) {
		switch {
		case *configFile != "" && *inline != "":
			return fmt.Errorf("give -config or -c, not both")
		case *configFile == "-":
			config, err = io.ReadAll(os.Stdin)
		case *configFile != "":
			config, err = os.ReadFile(*configFile)
		case *inline != "":
			config = []byte(*inline)
		}
		return err
	})
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	raw, err := p.ObserveJSON(ctx, config)
	if err != nil {
		return err
	}
	res, err := decodeResult(raw)
	if err != nil {
		return err
	}
	if err := printJSON(stdout, raw); err != nil {
		return err
	}
	switch res.Status {
	case entities.StatusSuccess:
		return nil
	case entities.StatusFailure:
		return exitCode(1)
	}
	return exitCode(2)
}

func decodeResult(raw []byte) (*entities.Result, error) {
	var r entities.Result
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("plugin returned an invalid Result: %w", err)
	}
	return &r, nil
}

// moduleRoot finds this SDK's source tree, for build and demo.
func moduleRoot() (string, error) {
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		return "", fmt.Errorf("demo runs inside a checkout of reglet-plugin-sdk: %w", err)
	}
	return filepath.Clean(root), nil
}
