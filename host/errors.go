package host

import (
	"errors"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

var (
	// ErrTimeout: the call's context ended (deadline or cancellation) while
	// the guest was running; the guest was stopped.
	ErrTimeout = errors.New("plugin call stopped: context done")
	// ErrTrap: the guest trapped (a Go fatal error, out of memory, an
	// unreachable instruction). Its instance was discarded.
	ErrTrap = errors.New("plugin trapped")
	// ErrIncompatible: the module does not speak the Reglet wire contract
	// (an import from another module, or a missing or mistyped export).
	ErrIncompatible = errors.New("module is not a Reglet plugin")
	// ErrBadOutput: the guest returned something that is not a valid packed
	// JSON Manifest or Result.
	ErrBadOutput = errors.New("plugin returned invalid output")
	// ErrClosed: the Host or Plugin was closed.
	ErrClosed = errors.New("host closed")
)

// ManifestError is a failure the plugin itself reported from _manifest.
type ManifestError struct {
	Detail *entities.ErrorDetail
}

func (e *ManifestError) Error() string {
	return fmt.Sprintf("plugin could not produce its manifest: %s", e.Detail.Error())
}

// Unwrap returns the plugin's ErrorDetail.
func (e *ManifestError) Unwrap() error { return e.Detail }
