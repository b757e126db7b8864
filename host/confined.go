package host

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/experimental/sysfs"
	"github.com/tetratelabs/wazero/sys"
)

// confinedFS is a read-write WASI mount of a granted directory that does
// not let symlinks lead outside the granted write roots. wazero's own
// directory mount follows symlinks wherever they point, so a link planted in
// a writable directory (by the plugin through WASI symlink, or by anyone on
// the host) would open, chmod or create files elsewhere. Every path
// operation is checked first on the host: the operation's path (for
// operations that follow the last component) or its parent directory (for
// those that do not), with symlinks resolved, must stay inside a write
// root. Checks and operations are not atomic; a process on the host racing
// the plugin could still swap a directory for a link between the two.
type confinedFS struct {
	experimentalsys.FS
	root  string   // the host directory mounted
	roots []string // every write root, symlinks resolved
}

func newConfinedFS(root string, writeRoots []string) *confinedFS {
	c := &confinedFS{FS: sysfs.DirFS(root), root: root}
	for _, r := range writeRoots {
		if real, err := filepath.EvalSymlinks(r); err == nil {
			c.roots = append(c.roots, real)
		}
	}
	return c
}

func (c *confinedFS) inside(real string) bool {
	for _, r := range c.roots {
		if within(filepath.ToSlash(real), filepath.ToSlash(r)) {
			return true
		}
	}
	return false
}

// checkFollow checks an operation that follows the last path component.
func (c *confinedFS) checkFollow(rel string) experimentalsys.Errno {
	host := filepath.Join(c.root, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(host)
	if err == nil {
		if c.inside(real) {
			return 0
		}
		return experimentalsys.EPERM
	}
	if st, lerr := os.Lstat(host); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
		return experimentalsys.EPERM // a dangling link: O_CREAT would create its target
	}
	if errors.Is(err, fs.ErrNotExist) {
		return c.checkParent(rel)
	}
	return 0 // let the operation report its own error
}

// checkParent checks an operation on the last path component itself
// (unlink, rename, mkdir, lstat...): its directory must be inside.
func (c *confinedFS) checkParent(rel string) experimentalsys.Errno {
	dir := filepath.Dir(filepath.Join(c.root, filepath.FromSlash(rel)))
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return 0 // the directory does not exist: the operation fails by itself
	}
	if c.inside(real) {
		return 0
	}
	return experimentalsys.EPERM
}

func (c *confinedFS) OpenFile(path string, flag experimentalsys.Oflag, perm fs.FileMode) (experimentalsys.File, experimentalsys.Errno) {
	if e := c.checkFollow(path); e != 0 {
		return nil, e
	}
	return c.FS.OpenFile(path, flag, perm)
}

func (c *confinedFS) Stat(path string) (sys.Stat_t, experimentalsys.Errno) {
	if e := c.checkFollow(path); e != 0 {
		return sys.Stat_t{}, e
	}
	return c.FS.Stat(path)
}

func (c *confinedFS) Lstat(path string) (sys.Stat_t, experimentalsys.Errno) {
	if e := c.checkParent(path); e != 0 {
		return sys.Stat_t{}, e
	}
	return c.FS.Lstat(path)
}

func (c *confinedFS) Mkdir(path string, perm fs.FileMode) experimentalsys.Errno {
	if e := c.checkParent(path); e != 0 {
		return e
	}
	return c.FS.Mkdir(path, perm)
}

func (c *confinedFS) Chmod(path string, perm fs.FileMode) experimentalsys.Errno {
	if e := c.checkFollow(path); e != 0 {
		return e
	}
	return c.FS.Chmod(path, perm)
}

func (c *confinedFS) Rename(from, to string) experimentalsys.Errno {
	if e := c.checkParent(from); e != 0 {
		return e
	}
	if e := c.checkParent(to); e != 0 {
		return e
	}
	return c.FS.Rename(from, to)
}

func (c *confinedFS) Rmdir(path string) experimentalsys.Errno {
	if e := c.checkParent(path); e != 0 {
		return e
	}
	return c.FS.Rmdir(path)
}

func (c *confinedFS) Unlink(path string) experimentalsys.Errno {
	if e := c.checkParent(path); e != 0 {
		return e
	}
	return c.FS.Unlink(path)
}

func (c *confinedFS) Link(oldPath, newPath string) experimentalsys.Errno {
	if e := c.checkParent(oldPath); e != 0 {
		return e
	}
	if e := c.checkParent(newPath); e != 0 {
		return e
	}
	return c.FS.Link(oldPath, newPath)
}

func (c *confinedFS) Symlink(oldPath, linkName string) experimentalsys.Errno {
	if e := c.checkParent(linkName); e != 0 {
		return e
	}
	return c.FS.Symlink(oldPath, linkName)
}

func (c *confinedFS) Readlink(path string) (string, experimentalsys.Errno) {
	if e := c.checkParent(path); e != 0 {
		return "", e
	}
	return c.FS.Readlink(path)
}

func (c *confinedFS) Utimens(path string, atim, mtim int64) experimentalsys.Errno {
	if e := c.checkFollow(path); e != 0 {
		return e
	}
	return c.FS.Utimens(path, atim, mtim)
}
