package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestMain points the CLI's default cache at a temporary directory, so the
// tests never write compiled code into the user's real cache. (It changes
// no environment variable: the go commands the tests run keep their own
// caches.)
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "reglet-plugin-cli-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	userCacheDir = func() (string, error) { return dir, nil }
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// withUserCacheDir makes dir the user's cache directory for one test.
func withUserCacheDir(t *testing.T, dir string) {
	prev := userCacheDir
	userCacheDir = func() (string, error) { return dir, nil }
	t.Cleanup(func() { userCacheDir = prev })
}

// cacheEntries lists the files under dir: wazero's compiled modules, and
// any temporary file a write left behind.
func cacheEntries(t *testing.T, dir string) map[string]os.FileInfo {
	t.Helper()
	out := map[string]os.FileInfo{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[path] = fi
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// By default run keeps the compiled module in the user's cache directory,
// and a second run reads it back instead of compiling: the entry's file is
// the same file (a compilation would write a new one and rename it over).
func TestRunUsesPersistentCacheByDefault(t *testing.T) {
	user := t.TempDir()
	withUserCacheDir(t, user)
	dir := defaultCacheDir()
	if dir != filepath.Join(user, "reglet-plugin", "compiled") {
		t.Fatalf("default cache dir %q is not under the user's cache directory", dir)
	}
	wasm := writeWasm(t, "./examples/hello")
	if _, errOut, code := cli(t, "run", "-c", `{"name":"a"}`, wasm); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	first := cacheEntries(t, dir)
	if len(first) != 1 {
		t.Fatalf("want one compiled module in %s, got %v", dir, first)
	}
	for path := range first {
		if !strings.Contains(path, "wazero-") {
			t.Errorf("cache entry %s is not in a wazero-version directory", path)
		}
	}
	if out, errOut, code := cli(t, "run", "-c", `{"name":"b"}`, wasm); code != 0 || !strings.Contains(out, "hello, b") {
		t.Fatalf("second run: exit %d: %s %s", code, out, errOut)
	}
	second := cacheEntries(t, dir)
	if len(second) != 1 {
		t.Fatalf("second run changed the cache: %v", second)
	}
	for path, fi := range first {
		if !os.SameFile(fi, second[path]) {
			t.Errorf("second run rewrote %s: it compiled again instead of using the cache", path)
		}
	}
	// manifest and test use it too; -grant-declared compiles nothing more.
	if _, errOut, code := cli(t, "manifest", wasm); code != 0 {
		t.Fatalf("manifest: %s", errOut)
	}
	if _, errOut, code := cli(t, "run", "-grant-declared", "-c", `{"name":"c"}`, wasm); code != 0 {
		t.Fatalf("run -grant-declared: %s", errOut)
	}
	if got := cacheEntries(t, dir); len(got) != 1 {
		t.Errorf("manifest or -grant-declared compiled another variant: %v", got)
	}
}

// -cache off (or an empty value) asks the host for no persistent cache.
func TestCacheOff(t *testing.T) {
	for _, dir := range []string{"off", ""} {
		if opts := cacheOptions(dir); len(opts) != 0 {
			t.Errorf("cacheOptions(%q) = %d options", dir, len(opts))
		}
	}
	if opts := cacheOptions(t.TempDir()); len(opts) != 1 {
		t.Errorf("a directory gives %d options", len(opts))
	}
}

// Runs that start together on an empty cache (-cache dir) all succeed and
// leave one whole entry (each writes a temporary file and renames it into
// place).
func TestCacheConcurrentRuns(t *testing.T) {
	wasm := writeWasm(t, "./examples/hello")
	dir := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]string, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, errOut, code := cli(t, "run", "-cache", dir, "-c", fmt.Sprintf(`{"name":"r%d"}`, i), wasm)
			var r struct{ Status string }
			if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.Status != "success" {
				errs[i] = fmt.Sprintf("run %d: exit %d: %s %s", i, code, out, errOut)
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Error(e)
		}
	}
	entries := cacheEntries(t, dir)
	if len(entries) != 1 {
		t.Fatalf("want one entry, got %v", entries)
	}
	for path := range entries {
		if strings.HasSuffix(path, ".tmp") {
			t.Errorf("temporary file left: %s", path)
		}
	}
	// And the entry serves a later run.
	if out, errOut, code := cli(t, "run", "-cache", dir, "-c", `{"name":"z"}`, wasm); code != 0 || !strings.Contains(out, "hello, z") {
		t.Fatalf("run after the race: exit %d %s %s", code, out, errOut)
	}
}
