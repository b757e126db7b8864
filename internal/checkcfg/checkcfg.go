// Package checkcfg reads the config keys the ready-made checks (net, exec)
// share and reports config mistakes the one way they all do: an
// ErrorDetail of type config with code INVALID_CONFIG.
package checkcfg

import (
	"fmt"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Error turns a config problem (typically a config.FieldError) into the
// config ErrorDetail with code INVALID_CONFIG.
func Error(err error) *entities.ErrorDetail {
	return entities.NewErrorDetail(entities.ErrorTypeConfig, err.Error()).WithCode(wire.CodeInvalidConfig)
}

// TimeoutKey is the config key of a check's time limit, in seconds.
const TimeoutKey = "timeout_seconds"

// Timeout reads timeout_seconds (a positive number of seconds; def when
// absent).
func Timeout(cfg map[string]any, def time.Duration) (time.Duration, error) {
	if _, ok := cfg[TimeoutKey]; !ok {
		return def, nil
	}
	secs, err := config.MustGetFloat(cfg, TimeoutKey)
	if err != nil || secs <= 0 {
		return 0, Error(fmt.Errorf("config field %q must be a positive number of seconds", TimeoutKey))
	}
	return time.Duration(secs * float64(time.Second)), nil
}
