package main

import (
	"flag"
	"os"
	"path/filepath"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// userCacheDir is os.UserCacheDir; the tests point it elsewhere.
var userCacheDir = os.UserCacheDir

// cacheOff is the -cache value that turns the persistent cache off.
const cacheOff = "off"

// defaultCacheDir is where compiled plugins are kept between runs: the
// user's cache directory ($XDG_CACHE_HOME or ~/.cache on Linux,
// ~/Library/Caches on macOS, %LocalAppData% on Windows) under
// reglet-plugin/compiled. It is "" when the system has no such directory;
// the CLI then compiles every time.
func defaultCacheDir() string {
	dir, err := userCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "reglet-plugin", "compiled")
}

// registerCacheFlag adds -cache to a command that loads plugins. Compiling a
// 6 MB plugin takes seconds; with the cache a later run of the same module
// loads the machine code instead (BENCHMARKS.md, "The CLI").
//
// wazero keeps the entries: one directory per wazero version (and target),
// one file per module hash and CPU features, each written to a temporary
// file and renamed into place, so concurrent runs never see a partial
// entry and a changed module or a new wazero never reads a stale one.
func registerCacheFlag(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "cache", defaultCacheDir(),
		"keep compiled plugins in `dir` so later runs skip compilation (\"off\": compile every time)")
}

// cacheOptions returns the host options for the -cache value dir.
func cacheOptions(dir string) []host.HostOption {
	if dir == "" || dir == cacheOff {
		return nil
	}
	return []host.HostOption{host.WithCompilationCacheDir(dir)}
}
