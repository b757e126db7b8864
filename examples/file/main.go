// Command file is the Reglet file plugin written with the SDK: a typed
// operation whose engine is the SDK's ready-made file check (package
// files).
//
//	{"path": "/etc/hosts", "hash": true}
//
// It reports what WASI can tell: existence, type (a symlink as a symlink,
// with its target), size, modification time, content and SHA-256. Mode and
// owner are "unknown": WASI preview 1 carries neither, and the values Go
// shows for them are invented.
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o file.wasm ./examples/file
package main

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/files"
)

// Plugin is the file plugin's definition; its config is the file check's.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:        "file",
	Version:     "1.0.0",
	Description: "File existence, type, content and hash checking",
	Config:      &files.Config{},
	Capabilities: entities.GrantSet{
		FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: []string{"/etc/**"}}}},
	},
})

// FileService looks at files.
type FileService struct {
	plugin.Service `name:"file" desc:"File checking"`
	Check          plugin.Op[files.Config, files.Result] `desc:"Look at a path" method:"CheckHandler"`
}

func init() {
	plugin.RegisterOp[files.Config, files.Result]("Check",
		plugin.Example[files.Config, files.Result]{
			Name:           "exists",
			Description:    "A file that exists, with its hash",
			Input:          files.Config{Path: "/etc/hosts", Hash: true},
			ExpectedOutput: &files.Result{Path: "/etc/hosts", Exists: true, Readable: true},
		},
	)
	plugin.MustRegisterService(Plugin, &FileService{})
}

// CheckHandler runs the file check.
func (s *FileService) CheckHandler(ctx context.Context, in *files.Config) (*files.Result, error) {
	return files.Check(ctx, in)
}

func main() {
	plugin.Register(Plugin)
}
