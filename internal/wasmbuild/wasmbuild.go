// Package wasmbuild compiles plugin packages to wasip1 c-shared modules with
// the go command, the way the SDK README tells plugin authors to:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm .
//
// The CLI, the test harness and the benchmarks use it. Builds are memoised
// per process; the go command's own cache makes repeated builds cheap.
//
// Inside a test whose result go test may cache, a build also declares its
// inputs to the test cache (DeclareInputs), so editing a plugin's source
// makes the tests that built it run again.
package wasmbuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// GoCommand finds the go command: $GOROOT/bin/go if GOROOT is set, then
// PATH, then /usr/local/go/bin/go.
func GoCommand() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); isFile(p) {
			return p
		}
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

var (
	mu    sync.Mutex
	built = map[string]*result{}
)

type result struct {
	once sync.Once
	wasm []byte
	err  error
}

// Bytes compiles the main package pkg (a directory, or an import path
// resolved from dir) and returns the module's bytes, leaving no file
// behind. Extra flags go to go build before the package (e.g.
// "-ldflags=-s -w"). The same (dir, pkg, flags) is built once per process.
func Bytes(ctx context.Context, dir, pkg string, flags ...string) ([]byte, error) {
	return buildOnce(ctx, dir, pkg, flags, append([]string{"bytes", dir, pkg}, flags...))
}

// buildOnce builds pkg with flags once per process per keyParts.
func buildOnce(ctx context.Context, dir, pkg string, flags, keyParts []string) ([]byte, error) {
	key := cacheKey(keyParts)
	mu.Lock()
	r, ok := built[key]
	if !ok {
		r = &result{}
		built[key] = r
	}
	mu.Unlock()
	r.once.Do(func() {
		tmp, err := os.MkdirTemp("", "reglet-wasm-")
		if err != nil {
			r.err = err
			return
		}
		defer os.RemoveAll(tmp)
		out := filepath.Join(tmp, "plugin.wasm")
		if r.err = goBuild(ctx, dir, pkg, out, flags); r.err == nil {
			r.wasm, r.err = os.ReadFile(out)
		}
		if r.err == nil && testCacheRecording() {
			r.err = DeclareInputs(ctx, dir, pkg)
		}
	})
	return r.wasm, r.err
}

func cacheKey(parts []string) string {
	h := sha256.New()
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// testCacheRecording reports whether this process is a test binary whose
// file accesses go test records for its result cache (it passes
// -test.testlogfile only when the result may be cached; -count=1 and
// uncacheable flags turn it off).
func testCacheRecording() bool {
	f := flag.Lookup("test.testlogfile")
	return f != nil && f.Value.String() != ""
}

// DeclareInputs tells go test's result cache what a wasm build of pkg
// (from dir) read. go test caches a test's result keyed by the test binary
// and by the files and environment the test touched through the os
// package; a build run by a child go command is invisible to it, so a test
// that builds a plugin would otherwise report a stale cached result after
// the plugin's source changed. DeclareInputs opens, through the os package,
// every directory holding a package the build compiles (go test then
// records each file's name, size and modification time there, so an edit,
// a new file or a removed one all count) and each module's go.mod and
// go.sum, skipping the standard library and the read-only module cache,
// whose content a module version pins.
//
// Bytes calls it when go test records; outside a test it costs a go list
// and changes nothing.
func DeclareInputs(ctx context.Context, dir, pkg string) error {
	paths, err := Inputs(ctx, dir, pkg)
	if err != nil {
		return err
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue // a go.sum that does not exist is recorded as such
		}
		f.Close()
	}
	return nil
}

// Inputs lists what DeclareInputs opens for a wasip1 build of pkg from
// dir: the directories of the packages the build compiles and the go.mod
// and go.sum of their modules, outside GOROOT and the module cache.
func Inputs(ctx context.Context, dir, pkg string) ([]string, error) {
	const format = `{{if not .Standard}}{{.Dir}}{{"\t"}}{{with .Module}}{{.GoMod}}{{end}}{{end}}`
	list, err := goOutput(ctx, dir, "list", "-deps", "-f", format, pkg)
	if err != nil {
		return nil, err
	}
	modCache, err := goOutput(ctx, dir, "env", "GOMODCACHE")
	if err != nil {
		return nil, err
	}
	cache := strings.TrimSpace(modCache)
	immutable := func(p string) bool {
		return cache != "" && (p == cache || strings.HasPrefix(p, cache+string(filepath.Separator)))
	}
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] && !immutable(p) {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, line := range strings.Split(list, "\n") {
		pkgDir, goMod, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		add(pkgDir)
		if goMod != "" {
			add(goMod)
			add(filepath.Join(filepath.Dir(goMod), "go.sum"))
		}
	}
	if work, err := goOutput(ctx, dir, "env", "GOWORK"); err == nil {
		if w := strings.TrimSpace(work); w != "" && w != "off" {
			add(w)
			add(w + ".sum")
		}
	}
	return out, nil
}

// goOutput runs the go command for wasip1 in dir and returns its stdout.
func goOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, GoCommand(), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.String(), nil
}

func goBuild(ctx context.Context, dir, pkg, out string, flags []string) error {
	args := append([]string{"build", "-buildmode=c-shared", "-o", out}, flags...)
	args = append(args, pkg)
	cmd := exec.CommandContext(ctx, GoCommand(), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building %s for wasip1: %w\n%s", pkg, err, stderr.Bytes())
	}
	return nil
}

// ModuleRoot returns the directory holding this SDK's go.mod, found by
// walking up from the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/reglet-dev/reglet-plugin-sdk\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("not inside the reglet-plugin-sdk module")
		}
		dir = parent
	}
}
