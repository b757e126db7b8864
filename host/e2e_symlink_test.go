package host_test

import (
	"os"
	"path/filepath"
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
