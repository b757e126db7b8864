package codec

import (
	"encoding/json"
	"errors"
)

var errNotObject = errors.New("config must be a JSON object")

// SplitObject returns the members of the JSON object b, each value as raw
// JSON. It is json.Unmarshal into map[string]json.RawMessage without the
// reflection, for the typed path's per-call decoding; b must be valid JSON
// (the lifecycle checks that first), or an error is returned. A later
// duplicate key wins, as with json.Unmarshal. Keys with escapes or
// non-ASCII bytes are decoded by encoding/json.
func SplitObject(b []byte) (map[string]json.RawMessage, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, errNotObject
	}
	fields := make(map[string]json.RawMessage, 8)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return fields, trailing(b, i+1)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, errNotObject
		}
		end, escaped := scanString(b, i)
		if end < 0 {
			return nil, errNotObject
		}
		var key string
		if escaped {
			if err := json.Unmarshal(b[i:end], &key); err != nil {
				return nil, err
			}
		} else {
			key = string(b[i+1 : end-1])
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, errNotObject
		}
		i = skipSpace(b, i+1)
		vend := scanValue(b, i)
		if vend < 0 {
			return nil, errNotObject
		}
		fields[key] = json.RawMessage(b[i:vend:vend])
		i = skipSpace(b, vend)
		if i >= len(b) {
			return nil, errNotObject
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return fields, trailing(b, i+1)
		default:
			return nil, errNotObject
		}
	}
}

func trailing(b []byte, i int) error {
	if skipSpace(b, i) != len(b) {
		return errNotObject
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString returns the index after the string starting at b[i] (a '"')
// and whether it needs encoding/json to decode it (escapes, or non-ASCII
// bytes, which may be invalid UTF-8 that json replaces), or -1.
func scanString(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			return j + 1, escaped
		case c >= 0x80:
			escaped = true
		}
	}
	return -1, false
}

// scanValue returns the index after the value starting at b[i], or -1. It
// trusts b to be valid JSON: it tracks only strings and nesting.
func scanValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		end, _ := scanString(b, i)
		return end
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end, _ := scanString(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
			j++
		}
		return j
	}
}
