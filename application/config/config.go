// Package config reads typed values from a config decoded into
// map[string]any, as plugins that implement Check by hand receive it:
//
//	hostname, err := config.MustGetString(cfg, "hostname") // error if missing
//	port := config.GetIntDefault(cfg, "port", 443)           // default if missing
//	verbose, ok := config.GetBool(cfg, "verbose")            // ok=false if missing
//
// Values are what encoding/json produces (float64 for numbers), and also the
// Go types a test might put in a map directly (int, int64, []string...).
// Get* return ok=false when the key is missing, null, or of the wrong type;
// MustGet* return an error saying which; Get*Default return the default in
// those cases. Errors are *FieldError, matching ErrMissing or ErrWrongType
// with errors.Is, so a plugin can turn them into config errors.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
)

var (
	// ErrMissing: the key is absent or null.
	ErrMissing = errors.New("missing")
	// ErrWrongType: the value is not of the requested type.
	ErrWrongType = errors.New("wrong type")
)

// FieldError says which field could not be read and why.
type FieldError struct {
	Field string
	Want  string // the type asked for, e.g. "string"
	Got   any    // the value found (nil when missing)
	Err   error  // ErrMissing or ErrWrongType
}

func (e *FieldError) Error() string {
	if errors.Is(e.Err, ErrMissing) {
		return fmt.Sprintf("config field %q is required (%s)", e.Field, e.Want)
	}
	return fmt.Sprintf("config field %q must be %s, got %s", e.Field, article(e.Want), describe(e.Got))
}

// Unwrap returns ErrMissing or ErrWrongType.
func (e *FieldError) Unwrap() error { return e.Err }

// ErrorType is "config": a FieldError that Check returns (wrapped or not)
// becomes an error Result of type config, code INVALID_CONFIG, as a typed
// plugin's validation errors are.
func (e *FieldError) ErrorType() string { return "config" }

func article(t string) string {
	switch t[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + t
	}
	return "a " + t
}

func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("string %q", v)
	case float64, int, int64, json.Number:
		return fmt.Sprintf("number %v", v)
	case bool:
		return fmt.Sprintf("boolean %v", v)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// lookup returns the value at key, or a FieldError for a missing one.
func lookup(cfg map[string]any, key, want string) (any, error) {
	v, ok := cfg[key]
	if !ok || v == nil {
		return nil, &FieldError{Field: key, Want: want, Err: ErrMissing}
	}
	return v, nil
}

func wrongType(key, want string, got any) error {
	return &FieldError{Field: key, Want: want, Got: got, Err: ErrWrongType}
}

// MustGetString returns the string at key, or an error if it is missing or
// not a string.
func MustGetString(cfg map[string]any, key string) (string, error) {
	v, err := lookup(cfg, key, "string")
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", wrongType(key, "string", v)
	}
	return s, nil
}

// GetString returns the string at key; ok is false if it is missing or not
// a string.
func GetString(cfg map[string]any, key string) (string, bool) {
	s, err := MustGetString(cfg, key)
	return s, err == nil
}

// GetStringDefault returns the string at key, or def.
func GetStringDefault(cfg map[string]any, key, def string) string {
	if s, ok := GetString(cfg, key); ok {
		return s
	}
	return def
}

// MustGetInt returns the integer at key. JSON numbers arrive as float64; a
// value with a fraction, or outside int's range, is a wrong type.
func MustGetInt(cfg map[string]any, key string) (int, error) {
	v, err := lookup(cfg, key, "integer")
	if err != nil {
		return 0, err
	}
	switch n := v.(type) {
	case int:
		return n, nil
	case int32:
		return int(n), nil
	case int64:
		if n >= math.MinInt && n <= math.MaxInt {
			return int(n), nil
		}
	case float64:
		if n == math.Trunc(n) && n >= math.MinInt && n < math.MaxInt {
			return int(n), nil
		}
	case json.Number:
		if i, err := n.Int64(); err == nil && i >= math.MinInt && i <= math.MaxInt {
			return int(i), nil
		}
	}
	return 0, wrongType(key, "integer", v)
}

// GetInt returns the integer at key; ok is false if it is missing or not an
// integer.
func GetInt(cfg map[string]any, key string) (int, bool) {
	n, err := MustGetInt(cfg, key)
	return n, err == nil
}

// GetIntDefault returns the integer at key, or def.
func GetIntDefault(cfg map[string]any, key string, def int) int {
	if n, ok := GetInt(cfg, key); ok {
		return n
	}
	return def
}

// MustGetFloat returns the number at key.
func MustGetFloat(cfg map[string]any, key string) (float64, error) {
	v, err := lookup(cfg, key, "number")
	if err != nil {
		return 0, err
	}
	switch n := v.(type) {
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	case int:
		return float64(n), nil
	case int64:
		return float64(n), nil
	case json.Number:
		if f, err := n.Float64(); err == nil {
			return f, nil
		}
	}
	return 0, wrongType(key, "number", v)
}

// GetFloat returns the number at key; ok is false if it is missing or not a
// number.
func GetFloat(cfg map[string]any, key string) (float64, bool) {
	f, err := MustGetFloat(cfg, key)
	return f, err == nil
}

// GetFloatDefault returns the number at key, or def.
func GetFloatDefault(cfg map[string]any, key string, def float64) float64 {
	if f, ok := GetFloat(cfg, key); ok {
		return f
	}
	return def
}

// MustGetBool returns the boolean at key.
func MustGetBool(cfg map[string]any, key string) (bool, error) {
	v, err := lookup(cfg, key, "boolean")
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, wrongType(key, "boolean", v)
	}
	return b, nil
}

// GetBool returns the boolean at key; ok is false if it is missing or not a
// boolean.
func GetBool(cfg map[string]any, key string) (bool, bool) {
	b, err := MustGetBool(cfg, key)
	return b, err == nil
}

// GetBoolDefault returns the boolean at key, or def.
func GetBoolDefault(cfg map[string]any, key string, def bool) bool {
	if b, ok := GetBool(cfg, key); ok {
		return b
	}
	return def
}

// MustGetStringSlice returns the array of strings at key.
func MustGetStringSlice(cfg map[string]any, key string) ([]string, error) {
	v, err := lookup(cfg, key, "array of strings")
	if err != nil {
		return nil, err
	}
	switch s := v.(type) {
	case []string:
		return s, nil
	case []any:
		out := make([]string, len(s))
		for i, e := range s {
			str, ok := e.(string)
			if !ok {
				return nil, wrongType(fmt.Sprintf("%s[%d]", key, i), "string", e)
			}
			out[i] = str
		}
		return out, nil
	}
	return nil, wrongType(key, "array of strings", v)
}

// GetStringSlice returns the array of strings at key; ok is false if it is
// missing or not an array of strings.
func GetStringSlice(cfg map[string]any, key string) ([]string, bool) {
	s, err := MustGetStringSlice(cfg, key)
	return s, err == nil
}

// MustGetDuration returns the duration at key, written as a Go duration
// string ("1m30s") or as a number of seconds.
func MustGetDuration(cfg map[string]any, key string) (time.Duration, error) {
	v, err := lookup(cfg, key, "duration")
	if err != nil {
		return 0, err
	}
	if s, ok := v.(string); ok {
		d, err := time.ParseDuration(s)
		if err != nil {
			return 0, wrongType(key, "duration", v)
		}
		return d, nil
	}
	secs, err := MustGetFloat(cfg, key)
	if err != nil || math.IsInf(secs*1e9, 0) || math.Abs(secs*1e9) > math.MaxInt64 {
		return 0, wrongType(key, "duration", v)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// GetDurationDefault returns the duration at key, or def.
func GetDurationDefault(cfg map[string]any, key string, def time.Duration) time.Duration {
	if d, err := MustGetDuration(cfg, key); err == nil {
		return d
	}
	return def
}
