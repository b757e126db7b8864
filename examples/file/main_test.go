package main

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/files"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/exampletable"
)

func TestFile(t *testing.T) {
	if err := Plugin.Validate(); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	os.WriteFile(secret, []byte("s3cr3t"), 0o600)
	dir := t.TempDir()
	conf := filepath.Join(dir, "app.conf")
	content := []byte("listen 8080\n")
	os.WriteFile(conf, content, 0o640)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if err := os.Symlink(conf, filepath.Join(dir, "link")); err != nil {
		t.Skip("no symlinks:", err)
	}
	os.Symlink(secret, filepath.Join(dir, "outlink"))
	missing := filepath.Join(t.TempDir(), "no", "such", "file") // granted exactly, does not exist
	sum := sha256.Sum256(content)
	read := host.WithGrants(entities.GrantSet{FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{
		{Read: []string{dir, missing}},
	}}})
	opts := []host.Option{read}
	exampletable.Run(t, Plugin, "./examples/file", []exampletable.Case{
		{Name: "file with content and hash", Config: map[string]any{"path": conf, "read_content": true, "hash": true}, Opts: opts, Native: true,
			Status: entities.StatusSuccess, Data: map[string]any{"exists": true, "readable": true, "is_dir": false, "is_symlink": false,
				"size": len(content), "sha256": hex.EncodeToString(sum[:]), "content_b64": base64.StdEncoding.EncodeToString(content),
				"mod_time": exampletable.Present}},
		{Name: "no invented mode or owner", Config: map[string]any{"path": conf}, Opts: opts, WasmOnly: true,
			Status: entities.StatusSuccess, Data: map[string]any{"mode": files.Unknown, "owner": files.Unknown}},
		{Name: "native mode is real", Config: map[string]any{"path": conf}, NativeOnly: true,
			Status: entities.StatusSuccess, Data: map[string]any{"mode": "0640"}},
		{Name: "directory", Config: map[string]any{"path": filepath.Join(dir, "sub")}, Opts: opts, Native: true,
			Status: entities.StatusSuccess, Data: map[string]any{"exists": true, "is_dir": true, "readable": true}},
		{Name: "symlink inside the grant", Config: map[string]any{"path": filepath.Join(dir, "link"), "hash": true}, Opts: opts, Native: true,
			Status: entities.StatusSuccess, Data: map[string]any{"exists": true, "is_symlink": true, "symlink_target": conf,
				"readable": true, "size": len(content), "sha256": hex.EncodeToString(sum[:])}},
		{Name: "symlink leading outside the grant", Config: map[string]any{"path": filepath.Join(dir, "outlink"), "read_content": true},
			Opts: opts, WasmOnly: true, Status: entities.StatusSuccess,
			Data: map[string]any{"exists": true, "is_symlink": true, "symlink_target": secret, "readable": false, "content_b64": exampletable.Absent}},
		{Name: "missing under a granted directory", Config: map[string]any{"path": filepath.Join(dir, "nope")}, Opts: opts, Native: true,
			Status: entities.StatusSuccess, Data: map[string]any{"exists": false, "readable": false}},
		{Name: "exact grant of a missing path", Config: map[string]any{"path": missing}, Opts: opts, Native: true,
			Status: entities.StatusSuccess, Data: map[string]any{"exists": false}},
		{Name: "outside every grant", Config: map[string]any{"path": secret}, Opts: opts, WasmOnly: true,
			Status: entities.StatusError, ErrType: "capability", Message: "outside the plugin's file grants"},
		{Name: "no grants at all", Config: map[string]any{"path": "/etc/hostname"}, WasmOnly: true,
			Status: entities.StatusError, ErrType: "capability", Message: "permission denied: /etc/hostname"},
		{Name: "path required", Config: map[string]any{}, Native: true, Status: entities.StatusError, ErrType: "config", Message: "path"},
	})
}
