//go:build wasip1

package files

import "io/fs"

// modeOwner: WASI preview 1 carries neither permission bits nor owners;
// what os.Stat shows of them is synthesized by Go's runtime.
func modeOwner(fs.FileInfo) (mode, owner string) { return Unknown, Unknown }
