package host_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Symlinks in granted directories must not lead outside the grants, for
// read-only and read-write mounts alike.
func TestE2ESymlinksConfined(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	os.WriteFile(secret, []byte("s"), 0o644)
	dir := t.TempDir()
	if err := os.Symlink(secret, filepath.Join(dir, "link")); err != nil {
		t.Skip(err)
	}
	os.Symlink(outside, filepath.Join(dir, "outdir"))
	os.Symlink(filepath.Join(outside, "created"), filepath.Join(dir, "dangling"))
	os.WriteFile(filepath.Join(dir, "inside"), []byte("in"), 0o644)
	os.Symlink(filepath.Join(dir, "inside"), filepath.Join(dir, "inlink"))
	cfg := map[string]any{
		"read":  []string{filepath.Join(dir, "link"), filepath.Join(dir, "outdir/secret"), filepath.Join(dir, "inlink")},
		"write": map[string]string{filepath.Join(dir, "dangling"): "x", filepath.Join(dir, "outdir/new"): "x", filepath.Join(dir, "ok"): "x"},
	}
	for name, g := range map[string]entities.GrantSet{
		"read":  {FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: []string{dir}}}}},
		"write": {FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Write: []string{dir}}}}},
	} {
		t.Run(name, func(t *testing.T) {
			data := wasiProbe(t, g, cfg)
			reads := data["read"].(map[string]any)
			for _, p := range []string{"link", "outdir/secret"} {
				if r := reads[filepath.Join(dir, p)].(map[string]any); r["error"] == nil {
					t.Errorf("read %s through a symlink out of the grant: %v", p, r)
				}
			}
			if r := reads[filepath.Join(dir, "inlink")].(map[string]any); r["content"] != "in" {
				t.Errorf("a symlink inside the grant must work: %v", r)
			}
			writes := data["write"].(map[string]any)
			for _, p := range []string{"dangling", "outdir/new"} {
				if w := writes[filepath.Join(dir, p)].(map[string]any); w["ok"] == true {
					t.Errorf("write %s through a symlink out of the grant succeeded", p)
				}
			}
			if _, err := os.Stat(filepath.Join(outside, "created")); err == nil {
				t.Error("a file was created outside the grant")
			}
			if _, err := os.Stat(filepath.Join(outside, "new")); err == nil {
				t.Error("a file was created outside the grant")
			}
			w := writes[filepath.Join(dir, "ok")].(map[string]any)
			if (name == "write") != (w["ok"] == true) {
				t.Errorf("write ok in %s mount: %v", name, w)
			}
		})
	}
}

// What a plugin sees of files through the grants, through the .wasm:
// symlinks as symlinks through a read grant (never followed outside the
// grants), granted paths that do not exist as "does not exist", anything
// outside every grant as a permission error (EPERM, not EBADF).
func TestE2EFileFacts(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	os.WriteFile(secret, []byte("s"), 0o644)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "inside"), []byte("in"), 0o644)
	if err := os.Symlink(filepath.Join(dir, "inside"), filepath.Join(dir, "inlink")); err != nil {
		t.Skip(err)
	}
	os.Symlink(secret, filepath.Join(dir, "outlink"))
	missing := filepath.Join(dir, "missing")                    // exact grant, parent exists
	deepMissing := filepath.Join(dir, "no", "such", "dir", "f") // exact grant, parent missing too
	g := entities.GrantSet{FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{
		{Read: []string{dir, missing, deepMissing}},
	}}}
	cfg := map[string]any{
		"lstat": []string{filepath.Join(dir, "inlink"), filepath.Join(dir, "outlink"), missing, deepMissing, secret, "/etc/hostname"},
		"stat":  []string{filepath.Join(dir, "inlink"), filepath.Join(dir, "outlink"), missing, deepMissing, secret},
	}
	data := wasiProbe(t, g, cfg)
	tests := []struct {
		op, path string
		want     map[string]any // keys that must have these values
	}{
		{"lstat", filepath.Join(dir, "inlink"), map[string]any{"is_symlink": true, "target": filepath.Join(dir, "inside")}},
		{"lstat", filepath.Join(dir, "outlink"), map[string]any{"is_symlink": true, "target": secret}},
		{"stat", filepath.Join(dir, "inlink"), map[string]any{"is_symlink": false, "is_dir": false}},
		{"stat", filepath.Join(dir, "outlink"), map[string]any{"permission": true}},
		{"lstat", missing, map[string]any{"not_exist": true}},
		{"stat", missing, map[string]any{"not_exist": true}},
		{"lstat", deepMissing, map[string]any{"not_exist": true}},
		{"stat", deepMissing, map[string]any{"not_exist": true}},
		{"lstat", secret, map[string]any{"permission": true}},
		{"stat", secret, map[string]any{"permission": true}},
		{"lstat", "/etc/hostname", map[string]any{"permission": true}},
	}
	for _, tt := range tests {
		got, _ := data[tt.op].(map[string]any)[tt.path].(map[string]any)
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s %s: %s = %v, want %v (all: %v)", tt.op, tt.path, k, got[k], v, got)
			}
		}
	}
	// No grants at all: still a permission error, naming the cause.
	data = wasiProbe(t, entities.GrantSet{}, map[string]any{"lstat": []string{"/etc/hostname"}})
	got := data["lstat"].(map[string]any)["/etc/hostname"].(map[string]any)
	if got["permission"] != true || !strings.Contains(strings.ToLower(got["error"].(string)), "operation not permitted") {
		t.Errorf("no grants: %v", got)
	}
}
