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
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
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
	// The file check needs no client: natively it reads the file system,
	// through the .wasm the preopened directories the grants allow, in both
	// host dialects with the same Results. What WASI cannot see (mode,
	// owner) or what only the host confines (a symlink out of a grant, a
	// path outside every grant) is a one-world case.
	cases := []plugintest.TestCase{
		{Name: "file with content and hash", Config: map[string]any{"path": conf, "read_content": true, "hash": true}, Host: opts,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"exists": true, "readable": true, "is_dir": false, "is_symlink": false,
				"size": len(content), "sha256": hex.EncodeToString(sum[:]), "content_b64": base64.StdEncoding.EncodeToString(content),
				"mod_time": plugintest.Present}}},
		{Name: "no invented mode or owner", Config: map[string]any{"path": conf}, Host: opts, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"mode": files.Unknown, "owner": files.Unknown}}},
		{Name: "native mode is real", Config: map[string]any{"path": conf}, NativeOnly: true,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"mode": "0640"}}},
		{Name: "directory", Config: map[string]any{"path": filepath.Join(dir, "sub")}, Host: opts,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"exists": true, "is_dir": true, "readable": true}}},
		{Name: "symlink inside the grant", Config: map[string]any{"path": filepath.Join(dir, "link"), "hash": true}, Host: opts,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"exists": true, "is_symlink": true, "symlink_target": conf,
				"readable": true, "size": len(content), "sha256": hex.EncodeToString(sum[:])}}},
		{Name: "symlink leading outside the grant", Config: map[string]any{"path": filepath.Join(dir, "outlink"), "read_content": true},
			Host: opts, WasmOnly: true, Want: plugintest.Want{Status: entities.StatusSuccess,
				Data: map[string]any{"exists": true, "is_symlink": true, "symlink_target": secret, "readable": false, "content_b64": plugintest.Absent}}},
		{Name: "missing under a granted directory", Config: map[string]any{"path": filepath.Join(dir, "nope")}, Host: opts,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"exists": false, "readable": false}}},
		{Name: "exact grant of a missing path", Config: map[string]any{"path": missing}, Host: opts,
			Want: plugintest.Want{Status: entities.StatusSuccess, Data: map[string]any{"exists": false}}},
		{Name: "outside every grant", Config: map[string]any{"path": secret}, Host: opts, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability", Message: "outside the plugin's file grants"}},
		{Name: "no grants at all", Config: map[string]any{"path": "/etc/hostname"}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability", Message: "permission denied: /etc/hostname"}},
		{Name: "path required", Config: map[string]any{},
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: "path"}},
	}
	plugintest.RunPluginTests(t, Plugin, cases, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The registered example reads /etc/hosts: natively from the file system,
// through the .wasm with /etc/hosts granted, in both host dialects.
func TestExamples(t *testing.T) {
	if _, err := os.Stat("/etc/hosts"); err != nil {
		t.Skip("no /etc/hosts:", err)
	}
	plugintest.RunExamples(t, Plugin,
		plugintest.ExampleHost("exists", host.WithGrants(entities.GrantSet{FS: &entities.FileSystemCapability{
			Rules: []entities.FileSystemRule{{Read: []string{"/etc/hosts"}}}}})),
		plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}
