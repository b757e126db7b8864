package wasmbuild_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

// The typed test plugin (two services, seven operations: success, failure,
// typed and plain errors, a panic, no output) built the plain way and with
// generated bindings gives the same Manifest and the same Results through
// the .wasm, and the bound module is smaller: without MethodByName the
// linker drops the exported methods no handler needs.
func TestBoundBuildMatchesReflective(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds plugins")
	}
	ctx := context.Background()
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	const pkg = "./internal/testplugins/typed"
	plain, err := wasmbuild.Bytes(ctx, root, pkg)
	if err != nil {
		t.Fatal(err)
	}
	bound, note, err := wasmbuild.BoundBytes(ctx, root, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if note != "" {
		t.Fatalf("the typed plugin fell back to reflection: %s", note)
	}
	// Measured: 1.10 MB on the seed's typed HTTP plugin, 1.03 MB on
	// examples/http (Go 1.26); the bound is loose so toolchains agree.
	if saved := len(plain) - len(bound); saved < 700_000 {
		t.Errorf("bound build is %d bytes, plain %d: saved %d, want at least 700,000", len(bound), len(plain), saved)
	}
	t.Logf("plain %d bytes, bound %d bytes (-%d)", len(plain), len(bound), len(plain)-len(bound))

	h, err := host.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	pp, err := h.Load(ctx, plain)
	if err != nil {
		t.Fatal(err)
	}
	bp, err := h.Load(ctx, bound)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := pp.ManifestJSON(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bm, err := bp.ManifestJSON(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pm, bm) {
		t.Errorf("manifests differ:\nplain %s\nbound %s", pm, bm)
	}
	for _, cfg := range []string{
		`{"service":"probe","operation":"echo","name":"abc"}`,
		`{"service":"probe","operation":"echo","name":"a"}`, // invalid input
		`{"operation":"panic","n":1}`,
		`{"operation":"typed_error","n":1}`,
		`{"operation":"plain_error","n":1}`,
		`{"operation":"nothing","n":1}`,
		`{"operation":"limit","n":11}`,
		`{"operation":"limit","n":3}`,
		`{"service":"other","operation":"echo","n":7}`,
		`{"operation":"echo","n":7}`, // ambiguous
		`{"operation":"nope"}`,
	} {
		want := observe(t, pp, cfg)
		got := observe(t, bp, cfg)
		if want != got {
			t.Errorf("config %s:\nplain %s\nbound %s", cfg, want, got)
		}
		if !strings.Contains(want, `"status"`) {
			t.Errorf("config %s: no status in %s", cfg, want)
		}
	}
}

// observe runs config and returns the Result as JSON without what differs
// between two runs: times, and the stack of a panic (addresses).
func observe(t *testing.T, p *host.Plugin, config string) string {
	t.Helper()
	r, err := p.Observe(context.Background(), []byte(config))
	if err != nil {
		t.Fatalf("config %s: %v", config, err)
	}
	r.Timestamp, r.Metadata = time.Time{}, nil
	if r.Error != nil {
		r.Error.Stack = nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// What the generator writes for a service, and what it refuses to bind
// statically (so the build falls back to reflection rather than produce a
// plugin that cannot start): a handler promoted from an embedded type.
func TestGenerateBindings(t *testing.T) {
	ctx := context.Background()
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := wasmbuild.GenerateBindings(ctx, root, "./examples/http")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Unresolved) > 0 || len(b.Files) != 1 {
		t.Fatalf("unresolved %q, %d files", b.Unresolved, len(b.Files))
	}
	for path, src := range b.Files {
		if filepath.Dir(path) != filepath.Join(root, "examples", "http", "services") {
			t.Errorf("generated file at %s", path)
		}
		for _, want := range []string{
			"//go:build reglet_bound\n",
			"package services\n",
			`"CheckHandler": func(s *HTTPService) any { return s.CheckHandler },`,
		} {
			if !bytes.Contains(src, []byte(want)) {
				t.Errorf("generated file lacks %q:\n%s", want, src)
			}
		}
	}

	b, err = wasmbuild.GenerateBindings(ctx, root, "./internal/wasmbuild/testdata/promoted")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Unresolved) != 1 || !strings.Contains(b.Unresolved[0], "Svc has no method RunHandler") {
		t.Errorf("unresolved %q; want RunHandler reported", b.Unresolved)
	}
	for _, src := range b.Files {
		if !bytes.Contains(src, []byte(`"Own": func(s *Svc) any { return s.Own },`)) {
			t.Errorf("generated file lacks Own:\n%s", src)
		}
	}
}

// A module built with the reglet_bound tag but without the generated
// bindings does not guess: registration fails at start-up naming the
// handler and why.
func TestBoundTagWithoutBindings(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds plugins")
	}
	ctx := context.Background()
	root, err := wasmbuild.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := wasmbuild.Bytes(ctx, root, "./examples/http", "-tags="+wasmbuild.BoundTag)
	if err != nil {
		t.Fatal(err)
	}
	h, err := host.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	var stderr bytes.Buffer
	p, err := h.Load(ctx, wasm, host.WithStderr(&stderr))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ManifestJSON(ctx); err == nil || !strings.Contains(err.Error(), "_initialize") {
		t.Errorf("manifest error %v; want the start-up to fail", err)
	}
	for _, want := range []string{"field Check", "method CheckHandler", "-tags reglet_bound", "reglet-plugin build"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("start-up error lacks %q:\n%s", want, stderr.String())
		}
	}
}
