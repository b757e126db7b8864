package schema

import (
	"strconv"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonappend"
)

const draft = "https://json-schema.org/draft/2020-12/schema"

// emitter writes schema JSON with a fixed key order, so documents are
// byte-for-byte stable.
type emitter struct {
	buf  []byte
	root *node
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
	e.members(&m, root, nil, nil, true)
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
			e.members(&inner, d, nil, nil, true)
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
// (and, for arrays, item constraints ic).
func (e *emitter) value(n *node, c, ic *constraints) {
	e.buf = append(e.buf, '{')
	m := members{e: e}
	e.members(&m, n, c, ic, false)
	e.buf = append(e.buf, '}')
}

// members writes the members of n's schema; inline forces a recursive
// object to be written out rather than referenced.
func (e *emitter) members(m *members, n *node, c, ic *constraints, inline bool) {
	switch {
	case n.kind == kObject && n.recursive && !inline:
		if n == e.root {
			m.str("$ref", "#")
		} else {
			m.str("$ref", "#/$defs/"+n.defName)
		}
	case n.kind == kAny:
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
			e.value(f.n, f.c, f.items)
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
	case kMap:
		m.key("additionalProperties")
		e.value(n.elem, nil, nil)
	case kArray:
		m.key("items")
		e.value(n.elem, ic, nil)
	case kTime:
		m.str("format", "date-time")
	case kBytes:
		m.str("contentEncoding", "base64")
	}
	if c != nil {
		e.annotations(m, c)
	}
	lo, hi := itemBounds(n, c)
	if lo >= 0 {
		m.int("minItems", lo)
	}
	if hi >= 0 {
		m.int("maxItems", hi)
	}
}

// annotations writes the keywords of a field's tag.
func (e *emitter) annotations(m *members, c *constraints) {
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
		m.list("enum", c.enum)
	}
	if c.def != nil {
		m.raw("default", c.def)
	}
	if c.examples != nil {
		m.list("examples", c.examples)
	}
	bounds := []struct {
		k string
		b *bound
	}{{"minimum", c.min}, {"exclusiveMinimum", c.exMin}, {"maximum", c.max}, {"exclusiveMaximum", c.exMax}}
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
