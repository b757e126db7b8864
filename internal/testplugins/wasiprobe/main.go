// Command wasiprobe is a test plugin that reports what the host makes
// visible through WASI: environment variables and files. The host's env and
// fs grants are tested end to end with it.
//
// Config (all optional):
//
//	getenv   names to look up with os.LookupEnv
//	environ  if true, data.environ is os.Environ()
//	read     paths to read with os.ReadFile
//	list     directories to list with os.ReadDir
//	write    {path: content} to write with os.WriteFile
//	lstat    paths to look at with os.Lstat (and os.Readlink for a link)
//	stat     paths to look at with os.Stat
//
// The Result is always success; data holds, per key, the value or the
// error message:
//
//	env:   {name: value | null}
//	read:  {path: {"content": ...} | {"error": ...}}
//	list:  {dir: {"names": [...]} | {"error": ...}}
//	write: {path: {"ok": true} | {"error": ...}}
//	lstat, stat: {path: {"is_symlink", "is_dir", "target"} |
//	       {"error", "not_exist", "permission"}}
package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

type config struct {
	Getenv  []string          `json:"getenv"`
	Environ bool              `json:"environ"`
	Read    []string          `json:"read"`
	List    []string          `json:"list"`
	Write   map[string]string `json:"write"`
	Lstat   []string          `json:"lstat"`
	Stat    []string          `json:"stat"`
}

type probe struct{}

func (probe) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{
		Name:         "wasiprobe",
		Version:      "0.1.0",
		Description:  "Reports the environment and files visible through WASI (SDK test plugin)",
		ConfigSchema: json.RawMessage(`{}`),
		Capabilities: entities.GrantSet{
			Env: &entities.EnvCapability{Vars: []string{"*"}},
			FS:  &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: []string{"/**"}}}},
		},
	}, nil
}

func (probe) Check(_ context.Context, raw []byte) (*entities.Result, error) {
	var cfg config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeConfig, "decoding config: "+err.Error())
	}
	data := map[string]any{}
	env := map[string]any{}
	for _, k := range cfg.Getenv {
		if v, ok := os.LookupEnv(k); ok {
			env[k] = v
		} else {
			env[k] = nil
		}
	}
	data["env"] = env
	if cfg.Environ {
		data["environ"] = os.Environ()
	}
	reads := map[string]any{}
	for _, p := range cfg.Read {
		if b, err := os.ReadFile(p); err != nil {
			reads[p] = map[string]any{"error": err.Error()}
		} else {
			reads[p] = map[string]any{"content": string(b)}
		}
	}
	data["read"] = reads
	lists := map[string]any{}
	for _, d := range cfg.List {
		es, err := os.ReadDir(d)
		if err != nil {
			lists[d] = map[string]any{"error": err.Error()}
			continue
		}
		names := []string{}
		for _, e := range es {
			names = append(names, e.Name())
		}
		lists[d] = map[string]any{"names": names}
	}
	data["list"] = lists
	writes := map[string]any{}
	for p, content := range cfg.Write {
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			writes[p] = map[string]any{"error": err.Error()}
		} else {
			writes[p] = map[string]any{"ok": true}
		}
	}
	data["write"] = writes
	for key, list := range map[string][]string{"lstat": cfg.Lstat, "stat": cfg.Stat} {
		out := map[string]any{}
		for _, p := range list {
			stat := os.Stat
			if key == "lstat" {
				stat = os.Lstat
			}
			st, err := stat(p)
			if err != nil {
				out[p] = map[string]any{"error": err.Error(), "not_exist": errors.Is(err, fs.ErrNotExist),
					"permission": errors.Is(err, fs.ErrPermission)}
				continue
			}
			facts := map[string]any{"is_symlink": st.Mode()&fs.ModeSymlink != 0, "is_dir": st.IsDir()}
			if st.Mode()&fs.ModeSymlink != 0 {
				target, err := os.Readlink(p)
				if err != nil {
					target = "readlink: " + err.Error()
				}
				facts["target"] = target
			}
			out[p] = facts
		}
		data[key] = out
	}
	return entities.ResultSuccess("probed", data), nil
}

func main() {
	plugin.Register(probe{})
}
