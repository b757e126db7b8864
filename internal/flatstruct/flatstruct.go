// Package flatstruct encodes a flat struct (one whose fields are all
// booleans, numbers and strings) exactly as encoding/json does, and builds
// the map[string]any that decoding that JSON with encoding/json gives,
// without writing or reading the JSON for it.
//
// A typed operation's output is usually such a struct. On wasm, json.Marshal
// of a two-field output costs about 2.2 µs and decoding it into Result.Data
// (for a Plugin that wraps a PluginDefinition) 3.2 µs; field by field, with
// the layout worked out once per type, both cost a fraction of that
// (BENCHMARKS.md). Types that are not flat, or that encoding/json treats
// specially (a MarshalJSON or MarshalText method, an embedded field, the
// ",string" option, two fields with one name), get no Codec, and the caller
// uses encoding/json. The tests compare every result with encoding/json.
package flatstruct

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonappend"
)

// Codec is the layout of one flat struct type.
type Codec struct {
	fields []field
	size   int // a guess at the encoded size, for the caller's buffer
}

// SizeHint is a guess at the size of an encoded value: the keys and a
// short value each.
func (c *Codec) SizeHint() int { return c.size }

type field struct {
	name      string
	key       []byte // `"name":`, or `,"name":`: written before the value
	index     int
	kind      reflect.Kind
	omitEmpty bool
}

// special reports whether encoding/json encodes t (or *t) by a method.
// (The interface types are looked up here, not in package variables, so
// that a plugin that never encodes an output runs no initialization.)
func special(t reflect.Type) bool {
	jsonMarshaler := reflect.TypeFor[json.Marshaler]()
	textMarshaler := reflect.TypeFor[encoding.TextMarshaler]()
	p := reflect.PointerTo(t)
	return t.Implements(jsonMarshaler) || p.Implements(jsonMarshaler) ||
		t.Implements(textMarshaler) || p.Implements(textMarshaler)
}

// For returns the Codec of struct type t, or nil when t is not flat. It
// works the layout out on each call: callers keep the result (the plugin
// package, once per operation).
func For(t reflect.Type) *Codec {
	if t.Kind() != reflect.Struct || special(t) {
		return nil
	}
	c := &Codec{}
	seen := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			return nil // promotion rules: leave them to encoding/json
		}
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		} else if !plainName(name) {
			return nil // encoding/json's tag-name rules: not repeated here
		}
		omit := false
		for opts != "" {
			var o string
			o, opts, _ = strings.Cut(opts, ",")
			switch o {
			case "omitempty":
				omit = true
			case "":
			default:
				return nil // ",string", ",omitzero" and future options
			}
		}
		switch sf.Type.Kind() {
		case reflect.Bool, reflect.String,
			reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
			reflect.Float32, reflect.Float64:
		default:
			return nil
		}
		if special(sf.Type) || seen[name] {
			return nil
		}
		seen[name] = true
		c.fields = append(c.fields, field{name: name, index: i, kind: sf.Type.Kind(), omitEmpty: omit,
			key: append(jsonappend.String([]byte{','}, name), ':')})
		c.size += len(name) + 4 + 12
	}
	c.size += 2
	return c
}

// plainName reports whether a json tag name is ASCII letters, digits, '_'
// and '-', which encoding/json takes as written and needs no escaping.
func plainName(s string) bool {
	for _, r := range s {
		if r != '_' && r != '-' && !('a' <= r && r <= 'z') && !('A' <= r && r <= 'Z') && !('0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// empty reports whether omitempty drops v.
func empty(v reflect.Value, k reflect.Kind) bool {
	switch k {
	case reflect.Bool:
		return !boolOf(v)
	case reflect.String:
		return len(stringOf(v)) == 0
	case reflect.Float32, reflect.Float64:
		return floatOf(v) == 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intOf(v) == 0
	default:
		return uintOf(v) == 0
	}
}

// Append appends the JSON encoding of v (a value of the Codec's type, or a
// non-nil pointer to one) to b. ok is false when encoding/json would fail
// (a NaN or infinite float): the caller then calls it for its error.
func (c *Codec) Append(b []byte, v reflect.Value) (out []byte, ok bool) {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	b = append(b, '{')
	first := true
	for i := range c.fields {
		f := &c.fields[i]
		fv := v.Field(f.index)
		if f.omitEmpty && empty(fv, f.kind) {
			continue
		}
		if first {
			b = append(b, f.key[1:]...)
			first = false
		} else {
			b = append(b, f.key...)
		}
		switch f.kind {
		case reflect.Bool:
			b = strconv.AppendBool(b, boolOf(fv))
		case reflect.String:
			b = jsonappend.String(b, stringOf(fv))
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			b = strconv.AppendInt(b, intOf(fv), 10)
		case reflect.Float32:
			if b, ok = appendFloat(b, floatOf(fv), 32); !ok {
				return nil, false
			}
		case reflect.Float64:
			if b, ok = appendFloat(b, floatOf(fv), 64); !ok {
				return nil, false
			}
		default:
			b = strconv.AppendUint(b, uintOf(fv), 10)
		}
	}
	return append(b, '}'), true
}

// appendFloat writes f as encoding/json does: the shortest decimal that
// reads back as f at that bit size, in exponent form only below 1e-6 or
// from 1e21 on, with a two-digit negative exponent shortened (1e-07 is
// written 1e-7).
func appendFloat(b []byte, f float64, bits int) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		if n := len(b) - start; n >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
	}
	return b, true
}

// Map returns the map json.Unmarshal produces from v's JSON encoding:
// numbers as float64, the members omitempty drops left out. ok is false
// when the two could differ in a way Map does not reproduce (a string
// that is not valid UTF-8, which the encoding replaces, or a float
// encoding/json refuses); the caller then decodes the JSON.
func (c *Codec) Map(v reflect.Value) (m map[string]any, ok bool) {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	m = make(map[string]any, len(c.fields))
	for i := range c.fields {
		f := &c.fields[i]
		fv := v.Field(f.index)
		if f.omitEmpty && empty(fv, f.kind) {
			continue
		}
		switch f.kind {
		case reflect.Bool:
			m[f.name] = boolOf(fv)
		case reflect.String:
			s := stringOf(fv)
			if !utf8.ValidString(s) {
				return nil, false
			}
			m[f.name] = s
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			// Decoding the decimal and converting the integer both round
			// to the nearest float64.
			m[f.name] = float64(intOf(fv))
		case reflect.Float32:
			// Written as float32's shortest decimal, which read as a
			// float64 is not float64(x) in general: read it back.
			var buf [32]byte
			b, ok := appendFloat(buf[:0], floatOf(fv), 32)
			if !ok {
				return nil, false
			}
			x, err := strconv.ParseFloat(string(b), 64)
			if err != nil {
				return nil, false
			}
			m[f.name] = x
		case reflect.Float64:
			x := floatOf(fv)
			if math.IsInf(x, 0) || math.IsNaN(x) {
				return nil, false
			}
			m[f.name] = x
		default:
			m[f.name] = float64(uintOf(fv))
		}
	}
	return m, true
}

// The accessors are not inlined: each inlined copy of a reflect.Value
// method brings its kind switch and panics along, which cost the plugin
// about 6 KB here for no measurable time.

//go:noinline
func boolOf(v reflect.Value) bool { return v.Bool() }

//go:noinline
func stringOf(v reflect.Value) string { return v.String() }

//go:noinline
func intOf(v reflect.Value) int64 { return v.Int() }

//go:noinline
func uintOf(v reflect.Value) uint64 { return v.Uint() }

//go:noinline
func floatOf(v reflect.Value) float64 { return v.Float() }
