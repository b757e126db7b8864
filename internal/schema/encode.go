package schema

import (
	"math"
	"strconv"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonappend"
)

const draft = "https://json-schema.org/draft/2020-12/schema"

// emitter writes schema JSON with a fixed key order, so documents are
// byte-for-byte stable.
type emitter struct {
	buf  []byte
	root *node
	// exact is set for a config_schema (see ConfigDocument): the schema
	// then states what Decode accepts that the plain one leaves out (a
	// null for an optional field, the range of sized integers), and refs
	// names the $defs entry of every recursive object.
	exact bool
	refs  map[*node]string
}

// members writes the members of one JSON object, adding commas.
type members struct {
	e *emitter
	n int
}

func (m *members) key(k string) {
	if m.n > 0 {
		m.e.buf = append(m.e.buf, ',')
	}
	m.n++
	m.e.buf = appendString(m.e.buf, k)
	m.e.buf = append(m.e.buf, ':')
}

func (m *members) raw(k string, v []byte) {
	m.key(k)
	m.e.buf = append(m.e.buf, v...)
}

func (m *members) str(k, v string) {
	m.key(k)
	m.e.buf = appendString(m.e.buf, v)
}

func (m *members) int(k string, v int) {
	m.key(k)
	m.e.buf = strconv.AppendInt(m.e.buf, int64(v), 10)
}

func (m *members) list(k string, vs [][]byte) {
	m.key(k)
	m.e.buf = append(m.e.buf, '[')
	for i, v := range vs {
		if i > 0 {
			m.e.buf = append(m.e.buf, ',')
		}
		m.e.buf = append(m.e.buf, v...)
	}
	m.e.buf = append(m.e.buf, ']')
}

// encodeDocument returns the document of root and the offset of the first
// byte after `{"$schema":"...",`.
func encodeDocument(root *node) ([]byte, int) {
	e := &emitter{root: root}
	e.buf = append(e.buf, '{')
	m := members{e: e}
	m.str("$schema", draft)
	e.buf = append(e.buf, ',')
	body := len(e.buf)
	m.n = 0
	e.members(&m, root, nil, nil, true, false)
	var defs []*node
	collectDefs(root, map[*node]bool{}, &defs)
	if len(defs) > 0 {
		m.key("$defs")
		e.buf = append(e.buf, '{')
		dm := members{e: e}
		for _, d := range defs {
			dm.key(d.defName)
			e.buf = append(e.buf, '{')
			inner := members{e: e}
			e.members(&inner, d, nil, nil, true, false)
			e.buf = append(e.buf, '}')
		}
		e.buf = append(e.buf, '}')
	}
	e.buf = append(e.buf, '}')
	return e.buf, body
}

// collectDefs lists, in first-met order, the recursive types below n that
// get a $defs entry.
func collectDefs(n *node, seen map[*node]bool, out *[]*node) {
	if seen[n] {
		return
	}
	seen[n] = true
	if n.defName != "" {
		*out = append(*out, n)
	}
	if n.elem != nil {
		collectDefs(n.elem, seen, out)
	}
	for _, f := range n.fields {
		collectDefs(f.n, seen, out)
	}
}

// value writes the schema object of a value of node n with constraints c
// (and, for arrays, item constraints ic). null says a JSON null is accepted
// as well (only ever set in exact mode).
func (e *emitter) value(n *node, c, ic *constraints, null bool) {
	if null && n.kind == kObject && (n.recursive || n.rules != nil) {
		// A $ref cannot be widened in place, and the rules between
		// members (an allOf beside the type) would judge a null too.
		e.buf = append(e.buf, `{"anyOf":[{"type":"null"},`...)
		e.value(n, c, ic, false)
		e.buf = append(e.buf, "]}"...)
		return
	}
	e.buf = append(e.buf, '{')
	m := members{e: e}
	e.members(&m, n, c, ic, false, null)
	e.buf = append(e.buf, '}')
}

// members writes the members of n's schema; inline forces a recursive
// object to be written out rather than referenced.
func (e *emitter) members(m *members, n *node, c, ic *constraints, inline, null bool) {
	switch {
	case n.kind == kObject && n.recursive && !inline:
		switch {
		case e.refs != nil:
			m.str("$ref", "#/$defs/"+e.refs[n])
		case n == e.root:
			m.str("$ref", "#")
		default:
			m.str("$ref", "#/$defs/"+n.defName)
		}
	case n.kind == kAny:
	case null:
		m.raw("type", []byte(`["`+kindName(n)+`","null"]`))
	default:
		m.str("type", kindName(n))
	}
	switch n.kind {
	case kObject:
		if n.recursive && !inline {
			break
		}
		m.key("properties")
		e.buf = append(e.buf, '{')
		pm := members{e: e}
		for _, f := range n.fields {
			pm.key(f.name)
			e.field(f)
		}
		e.buf = append(e.buf, '}')
		var req [][]byte
		for _, f := range n.fields {
			if f.required {
				req = append(req, appendString(nil, f.name))
			}
		}
		if req != nil {
			m.list("required", req)
		}
		m.raw("additionalProperties", []byte("false"))
		e.rulesSchema(m, n.rules)
	case kMap:
		m.key("additionalProperties")
		e.value(n.elem, nil, nil, e.exact && n.elemNull)
	case kArray:
		m.key("items")
		e.value(n.elem, ic, nil, e.exact && n.elemNull)
	case kTime:
		m.str("format", "date-time")
		if e.exact {
			// What time.Time's decoder accepts within RFC 3339: an
			// upper-case T and Z, and no leap second.
			m.str("pattern", timePattern)
		}
	case kBytes:
		m.str("contentEncoding", "base64")
		if e.exact {
			m.str("pattern", base64Pattern)
		}
	}
	if c != nil || e.exact {
		e.annotations(m, n, c, null)
	}
	lo, hi := itemBounds(n, c)
	if lo >= 0 {
		m.int("minItems", lo)
	}
	if hi >= 0 {
		m.int("maxItems", hi)
	}
}

// field writes the schema of an object member. In exact mode an optional
// member may be null: Decode takes a null as absent (or as a nil pointer).
func (e *emitter) field(f *field) {
	e.value(f.n, f.c, f.items, e.exact && !f.required)
}

// Patterns stating in exact mode what Decode checks beyond the type.
const (
	timePattern   = `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-5][0-9](\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$`
	base64Pattern = `^[\r\n]*(([A-Za-z0-9+/][\r\n]*){4})*(([A-Za-z0-9+/][\r\n]*){2}(=[\r\n]*=|[A-Za-z0-9+/][\r\n]*=)[\r\n]*)?$`
)

// annotations writes the keywords of a field's tag (c may be nil in exact
// mode, which adds the range of sized numbers).
func (e *emitter) annotations(m *members, n *node, c *constraints, null bool) {
	if c == nil {
		c = noConstraints
	}
	if c.format != "" {
		m.str("format", c.format)
	}
	if c.title != "" {
		m.str("title", c.title)
	}
	if c.description != "" {
		m.str("description", c.description)
	}
	if c.enum != nil {
		enum := c.enum
		if null {
			enum = append(enum[:len(enum):len(enum)], []byte("null"))
		}
		m.list("enum", enum)
	}
	if c.def != nil {
		m.raw("default", c.def)
	}
	if c.examples != nil {
		m.list("examples", c.examples)
	}
	lo, hi := c.min, c.max
	if e.exact {
		lo, hi = widthBounds(n, lo, hi)
	}
	bounds := []struct {
		k string
		b *bound
	}{{"minimum", lo}, {"exclusiveMinimum", c.exMin}, {"maximum", hi}, {"exclusiveMaximum", c.exMax}}
	for _, b := range bounds {
		if b.b != nil {
			m.raw(b.k, []byte(b.b.lit))
		}
	}
	if c.minLen >= 0 {
		m.int("minLength", c.minLen)
	}
	if c.maxLen >= 0 {
		m.int("maxLength", c.maxLen)
	}
	if c.pattern != "" {
		m.str("pattern", c.pattern)
	}
}

var noConstraints = newConstraints()

// widthBounds narrows the minimum and maximum of a number node to what its
// Go type holds, which Decode enforces: every integer type has a range
// (unsigned ones start at 0), float32 and float64 a largest magnitude. (A
// host that holds JSON numbers as float64 may misjudge integers within
// about 1,000 of ±2^63; no config has a reason to go there.)
func widthBounds(n *node, lo, hi *bound) (*bound, *bound) {
	var wlo, whi *bound
	switch n.kind {
	case kUint:
		v := intVal{mag: math.MaxUint64 >> (64 - n.bits)}
		wlo, whi = &bound{lit: "0"}, &bound{lit: v.String(), i: v}
	case kInt:
		a, b := intVal{neg: true, mag: 1 << (n.bits - 1)}, intVal{mag: 1<<(n.bits-1) - 1}
		wlo, whi = &bound{lit: a.String(), i: a}, &bound{lit: b.String(), i: b}
	case kFloat:
		max := math.MaxFloat64
		if n.bits == 32 {
			max = math.MaxFloat32
		}
		lit := strconv.FormatFloat(max, 'g', -1, 64)
		wlo, whi = &bound{lit: "-" + lit, f: -max}, &bound{lit: lit, f: max}
	default:
		return lo, hi
	}
	tighter := func(tag, w *bound, above bool) *bound {
		switch {
		case w == nil:
			return tag
		case tag == nil:
			return w
		case n.kind == kFloat:
			if (tag.f > w.f) == above {
				return tag
			}
			return w
		case (tag.i.cmp(w.i) > 0) == above:
			return tag
		}
		return w
	}
	return tighter(lo, wlo, true), tighter(hi, whi, false)
}

// itemBounds is the effective minItems and maxItems of an array value (-1
// when unbounded): the tag's, narrowed by a Go array's length.
func itemBounds(n *node, c *constraints) (lo, hi int) {
	lo, hi = -1, -1
	if c != nil {
		lo, hi = c.minItems, c.maxItems
	}
	if n.fixedLen >= 0 {
		if lo < 0 || lo < n.fixedLen {
			lo = n.fixedLen
		}
		if hi < 0 || hi > n.fixedLen {
			hi = n.fixedLen
		}
	}
	return lo, hi
}

// appendString appends s as a JSON string, as encoding/json writes it with
// SetEscapeHTML(false): schema documents keep <, > and & readable.
func appendString(buf []byte, s string) []byte { return jsonappend.StringNoHTML(buf, s) }
