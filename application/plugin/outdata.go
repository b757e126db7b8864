package plugin

import (
	"encoding/json"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
)

// A wrapper Plugin (the seed README's myPlugin) returns what
// PluginDefinition.Check returns, whose Data is the typed handler's output
// decoded into a map; the lifecycle then encodes that map again. This file
// keeps both steps cheap and exact:
//
//   - decodeData decodes the output JSON (json.Marshal's, so valid and
//     compact) into exactly the map json.Unmarshal would produce, without
//     reflection, falling back to json.Unmarshal on anything unusual;
//   - Check remembers the Result and the JSON it decoded (rememberOutput),
//     and the lifecycle splices that JSON into the encoded Result instead of
//     encoding Data (splicedOutput) only if the Result is the same one and
//     its Data still equals that JSON, value for value (sameData: a walk of
//     the JSON against the map, without allocating). A wrapper that changed
//     anything in Data therefore gets its Data encoded; one that did not
//     gets the bytes that decode to exactly its Data.

// outputSlot is the last Result PluginDefinition.Check returned with data.
var outputSlot struct {
	mu   sync.Mutex
	res  *entities.Result
	data []byte
}

// spliceOutput is splicedOutput once DefinePlugin has run (in package
// initialization, before any call), else nil: a plugin without a
// PluginDefinition does not link the splice check.
var spliceOutput atomic.Pointer[func(*entities.Result) []byte]

// enableSplice sets spliceOutput.
func enableSplice() {
	if spliceOutput.Load() == nil {
		f := splicedOutput
		spliceOutput.Store(&f)
	}
}

// rememberOutput records that res.Data was decoded from data.
func rememberOutput(res *entities.Result, data []byte) {
	outputSlot.mu.Lock()
	outputSlot.res, outputSlot.data = res, data
	outputSlot.mu.Unlock()
}

// splicedOutput returns the JSON res.Data was decoded from, when res is
// the Result Check last returned and its Data is unchanged; else nil. It
// forgets the remembered Result either way.
func splicedOutput(res *entities.Result) []byte {
	outputSlot.mu.Lock()
	r, data := outputSlot.res, outputSlot.data
	outputSlot.res, outputSlot.data = nil, nil
	outputSlot.mu.Unlock()
	if res == nil || r != res || len(res.Data) == 0 || !sameData(res.Data, data) {
		return nil
	}
	return data
}

// maxDataDepth bounds the nesting decodeData and sameData follow; deeper
// data goes to encoding/json.
const maxDataDepth = 1000

// decodeData decodes data, a JSON object, into the map json.Unmarshal
// produces: objects as map[string]any, arrays as []any, numbers as float64.
// The map's strings share data's bytes, which must not change afterwards.
// splicable says data may stand for the map (sameData can judge it): it was
// decoded here, and no object in it repeats a key.
func decodeData(data []byte) (m map[string]any, splicable bool, err error) {
	d := dataReader{b: data}
	d.ws()
	if d.peek() == '{' {
		if v, ok := d.value(0); ok {
			if d.ws(); d.i == len(d.b) {
				return v.(map[string]any), !d.dup, nil
			}
		}
	}
	err = json.Unmarshal(data, &m)
	return m, false, err
}

// sameData reports whether m is exactly the value data decodes to.
func sameData(m map[string]any, data []byte) bool {
	d := dataReader{b: data}
	d.ws()
	if !d.same(m, 0) {
		return false
	}
	d.ws()
	return d.i == len(d.b)
}

// dataReader reads JSON; every method reports false on anything it does
// not handle, and the caller then falls back or declines.
type dataReader struct {
	b   []byte
	i   int
	dup bool // an object repeated a key (decoding)
}

func (d *dataReader) ws() { d.i = jsonscan.SkipSpace(d.b, d.i) }

func (d *dataReader) peek() byte {
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *dataReader) lit(s string) bool {
	if len(d.b)-d.i >= len(s) && string(d.b[d.i:d.i+len(s)]) == s {
		d.i += len(s)
		return true
	}
	return false
}

// value decodes one value.
func (d *dataReader) value(depth int) (any, bool) {
	if depth > maxDataDepth {
		return nil, false
	}
	d.ws()
	switch c := d.peek(); {
	case c == '{':
		d.i++
		m := map[string]any{}
		d.ws()
		if d.peek() == '}' {
			d.i++
			return m, true
		}
		for n := 1; ; n++ {
			d.ws()
			k, ok := d.str()
			if !ok {
				return nil, false
			}
			key := d.alias(k)
			if d.ws(); d.peek() != ':' {
				return nil, false
			}
			d.i++
			v, ok := d.value(depth + 1)
			if !ok {
				return nil, false
			}
			m[key] = v
			if more, ok := d.next('}'); !ok || !more {
				d.dup = d.dup || n != len(m)
				return m, ok
			}
		}
	case c == '[':
		d.i++
		a := []any{}
		d.ws()
		if d.peek() == ']' {
			d.i++
			return a, true
		}
		for {
			v, ok := d.value(depth + 1)
			if !ok {
				return nil, false
			}
			a = append(a, v)
			if more, ok := d.next(']'); !ok || !more {
				return a, ok
			}
		}
	case c == '"':
		s, ok := d.str()
		return d.alias(s), ok
	case c == 't':
		return true, d.lit("true")
	case c == 'f':
		return false, d.lit("false")
	case c == 'n':
		return nil, d.lit("null")
	default:
		return d.number()
	}
}

// next consumes the separator after a member or element: more is true
// after a comma, false after the closing byte; ok is false after anything
// else.
func (d *dataReader) next(closing byte) (more, ok bool) {
	d.ws()
	if d.i >= len(d.b) {
		return false, false
	}
	c := d.b[d.i]
	d.i++
	switch c {
	case ',':
		return true, true
	case closing:
		return false, true
	}
	return false, false
}

// number reads a JSON number as float64, as encoding/json does into any.
func (d *dataReader) number() (any, bool) {
	f, ok := d.float()
	if !ok {
		return nil, false
	}
	return f, true
}

func (d *dataReader) float() (float64, bool) {
	end := jsonscan.NumberEnd(d.b, d.i)
	if end < 0 {
		return 0, false
	}
	num := d.b[d.i:end]
	d.i = end
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(num), len(num)), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// str reads a JSON string and returns its content, unescaped as
// encoding/json does (jsonscan.String); the bytes may alias d.b.
// alias returns s as a string sharing its bytes: decodeData's input is
// the handler's output JSON, which nothing writes to after encoding it, so
// the map's keys and strings can point into it (a string that needed
// unescaping is already a buffer of its own) instead of each being copied.
func (d *dataReader) alias(s []byte) string {
	if len(s) == 0 {
		return ""
	}
	return unsafe.String(&s[0], len(s))
}

func (d *dataReader) str() ([]byte, bool) {
	s, end, _ := jsonscan.String(d.b, d.i)
	if end < 0 {
		return nil, false
	}
	d.i = end
	return s, true
}

// same reports whether the next value equals v exactly: the same JSON
// types as json.Unmarshal produces into any, the same keys and elements,
// strings equal, numbers with the same float64 bits.
func (d *dataReader) same(v any, depth int) bool {
	if depth > maxDataDepth {
		return false
	}
	d.ws()
	switch c := d.peek(); {
	case c == '{':
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		d.i++
		n := 0
		d.ws()
		if d.peek() == '}' {
			d.i++
			return len(m) == 0
		}
		for {
			d.ws()
			k, ok := d.str()
			if !ok {
				return false
			}
			mv, found := m[string(k)]
			if !found {
				return false
			}
			if d.ws(); d.peek() != ':' {
				return false
			}
			d.i++
			if !d.same(mv, depth+1) {
				return false
			}
			n++
			if more, ok := d.next('}'); !ok || !more {
				// data has no repeated key (decodeData), so n distinct
				// keys of m matched.
				return ok && n == len(m)
			}
		}
	case c == '[':
		a, ok := v.([]any)
		if !ok {
			return false
		}
		d.i++
		d.ws()
		if d.peek() == ']' {
			d.i++
			return len(a) == 0
		}
		for n := 0; ; n++ {
			if n >= len(a) || !d.same(a[n], depth+1) {
				return false
			}
			if more, ok := d.next(']'); !ok || !more {
				return ok && n+1 == len(a)
			}
		}
	case c == '"':
		s, ok := v.(string)
		if !ok {
			return false
		}
		b, ok := d.str()
		return ok && string(b) == s
	case c == 't':
		b, ok := v.(bool)
		return ok && b && d.lit("true")
	case c == 'f':
		b, ok := v.(bool)
		return ok && !b && d.lit("false")
	case c == 'n':
		return v == nil && d.lit("null")
	default:
		f, ok := v.(float64)
		if !ok {
			return false
		}
		g, ok := d.float()
		return ok && math.Float64bits(g) == math.Float64bits(f)
	}
}
