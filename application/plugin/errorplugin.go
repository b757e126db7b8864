package plugin

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// errorPlugin is a Plugin whose Manifest and Check both return one error;
// ManifestJSON and ObserveJSON turn that into an error document. The
// exports use it when there is no working plugin to call (none registered,
// main panicked, the config block is unreadable, the manifest does not
// encode).
type errorPlugin struct{ err *entities.ErrorDetail }

func (p errorPlugin) Manifest(context.Context) (*entities.Manifest, error) { return nil, p.err }
func (p errorPlugin) Check(context.Context, []byte) (*entities.Result, error) {
	return nil, p.err
}
