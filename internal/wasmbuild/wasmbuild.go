// Package wasmbuild compiles plugin packages to wasip1 c-shared modules with
// the go command, the way the SDK README tells plugin authors to:
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o plugin.wasm .
//
// The CLI, the test harness and the benchmarks use it. Builds are memoised
// per process; the go command's own cache makes repeated builds cheap.
package wasmbuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	key := cacheKey(append([]string{"bytes", dir, pkg}, flags...))
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
