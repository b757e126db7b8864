package host

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// fsTree makes files under a temp dir and returns the dir.
func fsTree(t testing.TB, files ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range files {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("content of "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestPlanMounts(t *testing.T) {
	root := fsTree(t, "etc/hosts", "etc/ssl/a.pem", "data/out/x", "logs/a.log")
	fsr := func(read, write []string) *entities.FileSystemCapability {
		return &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: read, Write: write}}}
	}
	j := func(p string) string { return filepath.Join(root, p) }
	tests := []struct {
		name string
		c    *entities.FileSystemCapability
		want []fsMount
	}{
		{"read dir", fsr([]string{j("etc")}, nil), []fsMount{{root: j("etc"), whole: true, pats: []string{j("etc/**")}}}},
		{"read dir/**", fsr([]string{j("etc/**")}, nil), []fsMount{{root: j("etc"), whole: true, pats: []string{j("etc/**")}}}},
		{"read file", fsr([]string{j("etc/hosts")}, nil), []fsMount{{root: j("etc"), pats: []string{j("etc/hosts")}}}},
		{"read glob", fsr([]string{j("logs/*.log")}, nil), []fsMount{{root: j("logs"), pats: []string{j("logs/*.log")}}}},
		{"nested reads merge outward", fsr([]string{j("etc/ssl/a.pem"), j("etc/hosts")}, nil),
			[]fsMount{{root: j("etc"), pats: []string{j("etc/hosts"), j("etc/ssl/a.pem")}}}},
		{"write dir", fsr(nil, []string{j("data/out")}), []fsMount{{root: j("data/out"), write: true}}},
		{"read inside write dropped", fsr([]string{j("data/out/x")}, []string{j("data")}), []fsMount{{root: j("data"), write: true}}},
		{"write file downgraded to read", fsr(nil, []string{j("data/out/x")}), []fsMount{{root: j("data/out"), pats: []string{j("data/out/x")}}}},
		{"relative ignored", fsr([]string{"etc/hosts", ""}, nil), nil},
	}
	for _, tt := range tests {
		got := planMounts(tt.c)
		for i := range got {
			sort.Strings(got[i].pats)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestGlobFS(t *testing.T) {
	root := fsTree(t, "hosts", "passwd", "ssl/a.pem", "ssl/b.key", "ssl/deep/c.pem", "logs/x.log")
	pats := []string{filepath.Join(root, "hosts"), filepath.Join(root, "ssl/**/*.pem")}
	g := newGlobFS(root, pats, pats)
	for _, ok := range []string{"hosts", "ssl/a.pem", "ssl/deep/c.pem"} {
		b, err := fs.ReadFile(g, ok)
		if err != nil || string(b) != "content of "+ok {
			t.Errorf("read %s: %q %v", ok, b, err)
		}
	}
	for _, no := range []string{"passwd", "ssl/b.key", "logs/x.log", "logs", "missing"} {
		if _, err := fs.ReadFile(g, no); !errors.Is(err, fs.ErrPermission) {
			t.Errorf("read %s: want permission error, got %v", no, err)
		}
	}
	list := func(dir string) []string {
		es, err := fs.ReadDir(g, dir)
		if err != nil {
			t.Fatalf("readdir %s: %v", dir, err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	if got := list("."); !reflect.DeepEqual(got, []string{"hosts", "ssl"}) {
		t.Errorf("root listing %v", got)
	}
	if got := list("ssl"); !reflect.DeepEqual(got, []string{"a.pem", "deep"}) {
		t.Errorf("ssl listing %v", got)
	}
	if _, err := g.Open("../x"); err == nil {
		t.Error("invalid path opened")
	}
}

func TestGlobFSSymlinks(t *testing.T) {
	outside := fsTree(t, "secret", "public")
	root := fsTree(t, "dir/real.txt")
	for link, target := range map[string]string{
		"dir/to-secret.txt": filepath.Join(outside, "secret"),
		"dir/to-public.txt": filepath.Join(outside, "public"),
		"dir/to-real.txt":   filepath.Join(root, "dir/real.txt"),
		"dir/outdir":        outside,
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skip("symlinks unsupported:", err)
		}
	}
	pats := []string{filepath.Join(root, "dir/**")}
	all := append(pats, filepath.Join(outside, "public"))
	g := newGlobFS(filepath.Join(root, "dir"), pats, all)
	for name, want := range map[string]bool{
		"real.txt": true, "to-real.txt": true, "to-public.txt": true,
		"to-secret.txt": false, "outdir/secret": false,
	} {
		_, err := fs.ReadFile(g, name)
		if (err == nil) != want {
			t.Errorf("read %s: err %v, want allowed=%v", name, err, want)
		}
		if err != nil && !errors.Is(err, fs.ErrPermission) {
			t.Errorf("read %s: want a permission error, got %v", name, err)
		}
	}
}
