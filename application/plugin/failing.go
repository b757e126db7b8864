package plugin

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// failing is a Plugin that reports one error from both methods; the exports
// use it when there is no working plugin to call.
type failing struct{ err *entities.ErrorDetail }

func (f failing) Manifest(context.Context) (*entities.Manifest, error) { return nil, f.err }
func (f failing) Check(context.Context, []byte) (*entities.Result, error) {
	return nil, f.err
}
