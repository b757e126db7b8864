// Package checkcfg decodes and reads the config the ready-made checks (net, exec, files)
// share and reports config mistakes the one way they all do: an
// ErrorDetail of type config with code INVALID_CONFIG.
package checkcfg

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/schema"
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

// Decode validates a config map against T's JSON Schema and decodes it,
// defaults filled. The routing keys "operation" and "service" are ignored.
// norm, when not nil, rewrites a value before it is validated (for
// example a port given as a decimal string).
func Decode[T any](cfg map[string]any, norm func(key string, v any) any) (*T, error) {
	st, err := schema.For(reflect.TypeFor[T]())
	if err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeInternal, err.Error())
	}
	fields := make(map[string]json.RawMessage, len(cfg))
	for k, v := range cfg {
		if k == "operation" || k == "service" {
			continue
		}
		if norm != nil {
			v = norm(k, v)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, Error(fmt.Errorf("%s: %v", k, err))
		}
		fields[k] = b
	}
	out := new(T)
	if err := st.Decode(fields, out); err != nil {
		return nil, Error(err)
	}
	return out, nil
}

// Data is v's JSON as a map, as a typed handler's Result data would be.
func Data(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	var m map[string]any
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeInternal, "encoding the check's data: "+err.Error())
	}
	return m, nil
}
