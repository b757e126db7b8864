package codec

import (
	"encoding/json"
	"errors"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
)

var errNotObject = errors.New("config must be a JSON object")

// SplitObject returns the members of the JSON object b, each value as raw
// JSON. It is json.Unmarshal into map[string]json.RawMessage without the
// reflection, for the typed path's per-call decoding; b must be valid JSON
// (the lifecycle checks that first), or an error is returned. A later
// duplicate key wins, as with json.Unmarshal; keys are decoded as
// encoding/json decodes them (escapes, invalid UTF-8 as U+FFFD).
func SplitObject(b []byte) (map[string]json.RawMessage, error) {
	fields := make(map[string]json.RawMessage, 8)
	ok := jsonscan.Members(b, func(k, v []byte) bool {
		key, end, _ := jsonscan.String(k, 0)
		if end != len(k) {
			return false
		}
		fields[string(key)] = json.RawMessage(v)
		return true
	})
	if !ok {
		return nil, errNotObject
	}
	return fields, nil
}
