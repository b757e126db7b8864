package host

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tetratelabs/wazero"
	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/experimental/sysfs"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// applyGrantsToModule exposes granted environment variables and paths
// through WASI.
//
// Env: each host variable whose name matches the env grant (NAME,
// PREFIX_*, *) is set in the module with its host value, read when the
// plugin is loaded. Nothing else is visible.
//
// FS: every granted path is mounted in the guest at the same path as on the
// host (a plugin reads "/etc/hosts" as it would natively). Grant patterns
// are cleaned absolute paths; a segment may use path.Match globs and "**"
// (any number of segments, zero included). Relative patterns are ignored.
//   - read grants (a dir, "dir/**", a file or any other glob): the longest
//     glob-free directory above the pattern is mounted read-only through a
//     filtering fs.FS (globFS) that opens only paths matching a pattern
//     (and the directories leading to them); anything else is EPERM,
//     whether or not it exists. A path reached through a symlink is opened
//     only when the symlink's target is granted too, so a link planted in a
//     granted directory cannot expose /etc/shadow. Reads under one mount
//     root are merged into the outermost root, so overlapping grants never
//     shadow each other.
//   - write "dir" or "dir/**": dir is mounted read-write (confinedFS:
//     wazero's directory file system, with symlinks kept inside the write
//     roots). A write grant on a
//     single file or another glob cannot be enforced file by file through
//     WASI, so it is mounted read-only like a read grant (never wider).
//   - reads inside a read-write mount are dropped (the mount already allows
//     them); a write mount inside a read mount stays separate, and the
//     guest (Go's wasip1 runtime picks the longest matching preopen) writes
//     through it.
func applyGrantsToModule(mc wazero.ModuleConfig, g entities.GrantSet) wazero.ModuleConfig {
	for _, kv := range grantedEnviron(g, os.Environ()) {
		k, v, _ := strings.Cut(kv, "=")
		mc = mc.WithEnv(k, v)
	}
	var mounts []fsMount
	if g.FS != nil {
		mounts = planMounts(g.FS)
	}
	// Symlink targets are checked against every granted pattern.
	var all, writeRoots []string
	rootMounted := false
	for _, m := range mounts {
		if m.write {
			all = append(all, path.Join(m.root, "**"))
			writeRoots = append(writeRoots, m.root)
		}
		all = append(all, m.pats...)
		rootMounted = rootMounted || m.root == "/"
	}
	fsc := wazero.NewFSConfig()
	mount := func(f experimentalsys.FS, at string) {
		fsc = fsc.(sysfs.FSConfig).WithSysFSMount(f, at)
	}
	for _, m := range mounts {
		switch {
		case m.write:
			mount(newConfinedFS(m.root, writeRoots), m.root)
		case isDir(m.root):
			mount(newGuardFS(m.root, m.pats, all), m.root)
		}
		// A read mount whose root does not exist is served by "/" below:
		// its granted paths read as "does not exist".
	}
	if !rootMounted {
		// "/" answers every absolute path no other mount holds: a path
		// leading to a grant, a granted path under a missing directory
		// (ENOENT), or EPERM, the permission error GRANTS.md promises,
		// instead of the EBADF a guest gets for a path under no preopen.
		mount(newGuardFS("/", all, all), "/")
	}
	return mc.WithFSConfig(fsc)
}

// isDir reports whether p is an existing directory (symlinks followed).
func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// fsMount is one WASI preopen planned from the fs grant.
type fsMount struct {
	root  string
	write bool     // read-write directory mount
	whole bool     // read-only directory mount of all of root
	pats  []string // otherwise: the patterns a globFS lets through
}

// splitPattern cleans a grant pattern and returns its mount root (the
// longest glob-free directory), the pattern, and whether it covers all of
// root.
func splitPattern(p string) (root, pat string, whole, ok bool) {
	p = strings.TrimSpace(p)
	if p == "" || !filepath.IsAbs(p) {
		return "", "", false, false
	}
	p = path.Clean(filepath.ToSlash(p))
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range segs {
		if strings.ContainsAny(s, "*?[") {
			root = "/" + strings.Join(segs[:i], "/")
			return root, p, p == path.Join(root, "**"), true
		}
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return p, path.Join(p, "**"), true, true
	}
	return path.Dir(p), p, false, true
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

func planMounts(c *entities.FileSystemCapability) []fsMount {
	type pp struct{ root, pat string }
	var writes []string
	var reads []pp
	for _, r := range c.Rules {
		for _, p := range r.Write {
			root, pat, whole, ok := splitPattern(p)
			if !ok {
				continue
			}
			if whole {
				writes = append(writes, root)
			} else {
				reads = append(reads, pp{root, pat})
			}
		}
		for _, p := range r.Read {
			if root, pat, _, ok := splitPattern(p); ok {
				reads = append(reads, pp{root, pat})
			}
		}
	}
	var out []fsMount
	sort.Strings(writes)
	for _, w := range writes {
		dup := false
		for _, m := range out {
			if within(w, m.root) {
				dup = true
			}
		}
		if !dup {
			out = append(out, fsMount{root: w, write: true})
		}
	}
	nw := len(out)
	sort.SliceStable(reads, func(i, j int) bool { return len(reads[i].root) < len(reads[j].root) })
next:
	for _, r := range reads {
		for _, m := range out[:nw] {
			if within(r.root, m.root) {
				continue next
			}
		}
		for i := nw; i < len(out); i++ {
			if within(r.root, out[i].root) {
				out[i].pats = append(out[i].pats, r.pat)
				continue next
			}
		}
		out = append(out, fsMount{root: r.root, pats: []string{r.pat}})
	}
	for i := nw; i < len(out); i++ {
		for _, p := range out[i].pats {
			if p == path.Join(out[i].root, "**") {
				out[i].whole = true
			}
		}
	}
	return out
}

// globFS is a read-only fs.FS over the host directory root that opens only
// paths matching one of pats (absolute, with ** globs) and the directories
// on the way to them; directory listings are filtered the same way.
type globFS struct {
	root     string
	realRoot string // root with symlinks resolved
	fsys     fs.FS
	pats     []string
	all      []string // every granted pattern, for symlink targets
}

func newGlobFS(root string, pats, all []string) *globFS {
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		real = root
	}
	return &globFS{root: root, realRoot: filepath.ToSlash(real), fsys: os.DirFS(root), pats: pats, all: all}
}

// viaGrantedLinks reports whether name, under root, is either reached
// without symlinks below root or resolves to a granted path.
func (g *globFS) viaGrantedLinks(name string, dir bool) bool {
	if g.realRoot == "" {
		return true
	}
	real, err := filepath.EvalSymlinks(filepath.Join(g.root, filepath.FromSlash(name)))
	if err != nil {
		return false
	}
	real = filepath.ToSlash(real)
	if real == path.Join(g.realRoot, name) {
		return true
	}
	s := segments(real)
	for _, p := range g.all {
		ps := segments(p)
		if matchSegs(ps, s) || (dir && leadsTo(ps, s)) {
			return true
		}
	}
	return false
}

func segments(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// matchSegs matches path segments against pattern segments ("**" = any
// number of segments).
func matchSegs(pat, s []string) bool {
	if len(pat) == 0 {
		return len(s) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(s); i++ {
			if matchSegs(pat[1:], s[i:]) {
				return true
			}
		}
		return false
	}
	if len(s) == 0 {
		return false
	}
	ok, err := path.Match(pat[0], s[0])
	return err == nil && ok && matchSegs(pat[1:], s[1:])
}

// leadsTo reports whether something below directory s could match pat.
func leadsTo(pat, s []string) bool {
	if len(s) == 0 {
		return len(pat) > 0
	}
	if len(pat) == 0 {
		return false
	}
	if pat[0] == "**" {
		return true
	}
	ok, err := path.Match(pat[0], s[0])
	return err == nil && ok && leadsTo(pat[1:], s[1:])
}

// matchFSPath reports whether the absolute path p matches glob pattern pat.
func matchFSPath(pat, p string) bool { return matchSegs(segments(pat), segments(p)) }

func (g *globFS) allowed(abs string) (match, lead bool) {
	s := segments(abs)
	for _, p := range g.pats {
		ps := segments(p)
		if matchSegs(ps, s) {
			return true, true
		}
		if leadsTo(ps, s) {
			lead = true
		}
	}
	return false, lead
}

func (g *globFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	abs := path.Join(g.root, name)
	match, lead := g.allowed(abs)
	if !match && !lead {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	f, err := g.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !g.viaGrantedLinks(name, st.IsDir()) {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	if !st.IsDir() {
		if !match {
			f.Close()
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return f, nil
	}
	return &globDir{File: f, g: g, abs: abs}, nil
}

// globDir is an open directory of a globFS whose listing shows only
// entries that match or lead to a match.
type globDir struct {
	fs.File
	g       *globFS
	abs     string
	entries []fs.DirEntry
	loaded  bool
}

func (d *globDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.loaded {
		rd, ok := d.File.(fs.ReadDirFile)
		if !ok {
			return nil, &fs.PathError{Op: "readdir", Path: d.abs, Err: fs.ErrInvalid}
		}
		all, err := rd.ReadDir(-1)
		if err != nil {
			return nil, err
		}
		for _, e := range all {
			m, lead := d.g.allowed(path.Join(d.abs, e.Name()))
			if m || (lead && e.IsDir()) {
				d.entries = append(d.entries, e)
			}
		}
		d.loaded = true
	}
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	if n > len(d.entries) {
		n = len(d.entries)
	}
	out := d.entries[:n]
	d.entries = d.entries[n:]
	return out, nil
}
