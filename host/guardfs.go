package host

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/sys"
)

// guardFS is the WASI file system of a read-only mount: wazero's
// directory file system over the host directory g.root, with every path
// checked against the read grants first (globFS's rules). Unlike a mount
// of an fs.FS, it answers lstat and readlink, so a symlink reads as a
// symlink through a read grant:
//   - lstat and readlink look at the link itself: allowed when the link's
//     path is granted (or leads to a grant), and the directories on the way
//     are not symlinks leading outside the grants;
//   - stat and open follow links: allowed only when the target is granted
//     too (globFS.viaGrantedLinks), so a link never exposes an ungranted
//     file;
//   - a granted path that does not exist is ENOENT; anything else is
//     EPERM, whether or not it exists.
//
// It is mounted through sysfs.ReadFS, which refuses every write.
type guardFS struct {
	experimentalsys.FS
	g *globFS
}

// newGuardFS returns the read-only WASI mount of root letting through
// pats; all is every granted pattern (for symlink targets).
func newGuardFS(root string, pats, all []string) experimentalsys.FS {
	g := newGlobFS(root, pats, all)
	return &sysfs.ReadFS{FS: &guardFS{FS: sysfs.DirFS(root), g: g}}
}

// rel cleans a path wazero passes (relative to the mount, "" or "." for
// the root) into an fs.FS-style name.
func rel(p string) string {
	if p == "" {
		return "."
	}
	return path.Clean(p)
}

// checkFollow checks an operation that follows symlinks (open, stat).
func (f *guardFS) checkFollow(p string) experimentalsys.Errno {
	name := rel(p)
	if name == "." {
		return 0 // the mount's root: a preopen, listed with only what is granted
	}
	if !fs.ValidPath(name) {
		return experimentalsys.EPERM
	}
	match, lead := f.g.allowed(path.Join(f.g.root, name))
	if !match && !lead {
		return experimentalsys.EPERM
	}
	st, err := os.Stat(filepath.Join(f.g.root, filepath.FromSlash(name)))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if f.parentEscapes(name) {
				return experimentalsys.EPERM
			}
			return experimentalsys.ENOENT
		}
		return 0 // let the operation report its own error
	}
	if !f.g.viaGrantedLinks(name, st.IsDir()) {
		return experimentalsys.EPERM
	}
	if !st.IsDir() && !match {
		return experimentalsys.EPERM
	}
	return 0
}

// parentEscapes reports whether the directory holding name is reached
// through a symlink that leads outside the grants.
func (f *guardFS) parentEscapes(name string) bool {
	dir := path.Dir(name)
	if dir == "." {
		return false
	}
	if _, err := os.Stat(filepath.Join(f.g.root, filepath.FromSlash(dir))); err != nil {
		return false // a missing directory leads nowhere
	}
	return !f.g.viaGrantedLinks(dir, true)
}

// checkNoFollow checks an operation on the last path component itself
// (lstat, readlink).
func (f *guardFS) checkNoFollow(p string) experimentalsys.Errno {
	name := rel(p)
	if name == "." {
		return 0
	}
	if !fs.ValidPath(name) {
		return experimentalsys.EPERM
	}
	match, lead := f.g.allowed(path.Join(f.g.root, name))
	if !match && !lead {
		return experimentalsys.EPERM
	}
	if f.parentEscapes(name) {
		return experimentalsys.EPERM
	}
	if !match {
		// Only leading to a grant: a directory on the way, never a file or
		// a link.
		st, err := os.Lstat(filepath.Join(f.g.root, filepath.FromSlash(name)))
		if err == nil && !st.IsDir() {
			return experimentalsys.EPERM
		}
	}
	return 0
}

// OpenFile opens a granted path; a directory's listing is filtered.
func (f *guardFS) OpenFile(p string, flag experimentalsys.Oflag, perm fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	if e := f.checkFollow(p); e != 0 {
		return nil, e
	}
	file, e := f.FS.OpenFile(p, flag, perm)
	if e != 0 {
		return nil, e
	}
	if isDir, _ := file.IsDir(); isDir {
		return &guardDir{File: file, g: f.g, abs: path.Join(f.g.root, rel(p))}, 0
	}
	return file, 0
}

// Stat stats a granted path, following symlinks.
func (f *guardFS) Stat(p string) (st sys.Stat_t, e experimentalsys.Errno) {
	if e := f.checkFollow(p); e != 0 {
		return st, e
	}
	return f.FS.Stat(p)
}

// Lstat stats a granted path without following a final symlink.
func (f *guardFS) Lstat(p string) (st sys.Stat_t, e experimentalsys.Errno) {
	if e := f.checkNoFollow(p); e != 0 {
		return st, e
	}
	return f.FS.Lstat(p)
}

// Readlink reads a granted symlink.
func (f *guardFS) Readlink(p string) (string, experimentalsys.Errno) {
	if e := f.checkNoFollow(p); e != 0 {
		return "", e
	}
	return f.FS.Readlink(p)
}

// guardDir is an open directory of a guardFS whose listing shows only
// entries that match or lead to a match. It keeps no state of its own, so
// rewinding the directory (wazero seeks it to 0) rewinds the listing.
type guardDir struct {
	experimentalsys.File
	g   *globFS
	abs string
}

// Readdir returns up to n of the filtered entries (all when n <= 0); fewer
// than n only at the end of the directory.
func (d *guardDir) Readdir(n int) ([]experimentalsys.Dirent, experimentalsys.Errno) {
	var out []experimentalsys.Dirent
	for {
		want := -1
		if n > 0 {
			want = n - len(out)
		}
		batch, e := d.File.Readdir(want)
		if e != 0 {
			return out, e
		}
		for _, de := range batch {
			m, lead := d.g.allowed(path.Join(d.abs, de.Name))
			if m || (lead && de.Type.IsDir()) {
				out = append(out, de)
			}
		}
		if n <= 0 || len(out) >= n || len(batch) < want {
			return out, 0
		}
	}
}
