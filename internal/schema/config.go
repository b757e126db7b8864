package schema

import (
	"bytes"
	"strconv"
)

// Branch is one way an observation's config can be accepted: the
// operation's input type and the plugin-level config type (Config, nil when
// there is none or it is Input itself) each validate the config's other
// members, and the routing keys select the operation.
type Branch struct {
	// Title names the branch in the document, e.g. "http/check".
	Title  string
	Input  *Type
	Config *Type
	// Keys are the routing keys the config may hold, each with the only
	// value that selects this branch, in order.
	Keys []RouteKey
	// Require lists the routing keys that must be present; RequireOne
	// says at least one of Keys must be (when no single one is needed).
	Require    []string
	RequireOne bool
}

// RouteKey is a routing key and the value that selects a branch.
type RouteKey struct {
	Name, Value string
}

// ConfigDocument returns a JSON Schema (2020-12) document that accepts
// exactly the config objects one of the branches accepts: a config a host
// validates against it is one the plugin will route and decode (Decode of
// the branch's Input and Config, each given the members the other does not
// declare). With one branch the document is a plain object schema; with
// several it is a oneOf of them (they never overlap: the routing keys
// tell them apart), under a top level that names every routing value.
//
// Members that both types declare must satisfy both schemas (an allOf when
// they differ); unknown members are refused; an optional member may be null
// (Decode takes null as absent); sized integers carry their range; and
// recursive types are defined once under the document's $defs.
func ConfigDocument(branches []Branch) []byte {
	e := &emitter{exact: true, refs: map[*node]string{}}
	var defs []*node
	seen := map[*node]bool{}
	used := map[string]bool{}
	for _, b := range branches {
		for _, t := range []*Type{b.Input, b.Config} {
			if t == nil {
				continue
			}
			var found []*node
			collectRecursive(t.root, seen, &found)
			for _, n := range found {
				e.refs[n] = uniqueDefName(n, used)
				defs = append(defs, n)
			}
		}
	}

	e.buf = append(e.buf, '{')
	m := members{e: e}
	m.str("$schema", draft)
	m.str("type", "object")
	if len(branches) == 1 {
		e.branch(&m, branches[0])
	} else {
		// Name every routing value at the top, for the message a host
		// gives when none matches.
		m.key("properties")
		e.buf = append(e.buf, '{')
		pm := members{e: e}
		for _, key := range []string{"service", "operation"} {
			var vals [][]byte
			have := map[string]bool{}
			for _, b := range branches {
				for _, k := range b.Keys {
					if k.Name == key && !have[k.Value] {
						have[k.Value] = true
						vals = append(vals, appendString(nil, k.Value))
					}
				}
			}
			if vals != nil {
				pm.key(key)
				e.buf = append(e.buf, `{"type":"string"`...)
				vm := members{e: e, n: 1}
				vm.list("enum", vals)
				e.buf = append(e.buf, '}')
			}
		}
		e.buf = append(e.buf, '}')
		m.key("oneOf")
		e.buf = append(e.buf, '[')
		for i, b := range branches {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.buf = append(e.buf, '{')
			bm := members{e: e}
			e.branch(&bm, b)
			e.buf = append(e.buf, '}')
		}
		e.buf = append(e.buf, ']')
	}
	if len(defs) > 0 {
		m.key("$defs")
		e.buf = append(e.buf, '{')
		dm := members{e: e}
		for _, d := range defs {
			dm.key(e.refs[d])
			e.buf = append(e.buf, '{')
			inner := members{e: e}
			e.members(&inner, d, nil, nil, true, false)
			e.buf = append(e.buf, '}')
		}
		e.buf = append(e.buf, '}')
	}
	return append(e.buf, '}')
}

// branch writes the members of one branch's object schema.
func (e *emitter) branch(m *members, b Branch) {
	if b.Title != "" {
		m.str("title", b.Title)
	}
	var in, cfg []*field
	if b.Input != nil {
		in = b.Input.root.fields
	}
	if b.Config != nil && b.Config != b.Input {
		cfg = b.Config.root.fields
	}
	inIndex := map[string]*field{}
	for _, f := range in {
		inIndex[f.name] = f
	}
	cfgIndex := map[string]*field{}
	for _, f := range cfg {
		cfgIndex[f.name] = f
	}

	var req [][]byte
	m.key("properties")
	e.buf = append(e.buf, '{')
	pm := members{e: e}
	for _, k := range b.Keys {
		pm.key(k.Name)
		e.buf = append(e.buf, `{"const":`...)
		e.buf = appendString(e.buf, k.Value)
		e.buf = append(e.buf, '}')
	}
	for _, k := range b.Require {
		req = append(req, appendString(nil, k))
	}
	for _, f := range in {
		pm.key(f.name)
		if g := cfgIndex[f.name]; g != nil {
			e.both(f, g)
		} else {
			e.field(f)
		}
		if f.required || (cfgIndex[f.name] != nil && cfgIndex[f.name].required) {
			req = append(req, appendString(nil, f.name))
		}
	}
	for _, f := range cfg {
		if inIndex[f.name] != nil {
			continue
		}
		pm.key(f.name)
		e.field(f)
		if f.required {
			req = append(req, appendString(nil, f.name))
		}
	}
	e.buf = append(e.buf, '}')
	if req != nil {
		m.list("required", req)
	}
	m.raw("additionalProperties", []byte("false"))
	var rules []rule
	if b.Input != nil {
		rules = b.Input.root.rules
	}
	if b.Config != nil && b.Config != b.Input {
		rules = append(rules[:len(rules):len(rules)], b.Config.root.rules...)
	}
	e.rulesSchema(m, rules)
	if b.RequireOne && len(b.Keys) > 0 {
		m.key("anyOf")
		e.buf = append(e.buf, '[')
		for i, k := range b.Keys {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.buf = append(e.buf, `{"required":[`...)
			e.buf = appendString(e.buf, k.Name)
			e.buf = append(e.buf, "]}"...)
		}
		e.buf = append(e.buf, ']')
	}
}

// both writes the schema of a member the input (f) and Config (g) both
// declare: the value must satisfy each.
func (e *emitter) both(f, g *field) {
	start := len(e.buf)
	e.field(f)
	a := append([]byte(nil), e.buf[start:]...)
	e.buf = e.buf[:start]
	e.field(g)
	if bytes.Equal(a, e.buf[start:]) {
		return
	}
	b := append([]byte(nil), e.buf[start:]...)
	e.buf = append(e.buf[:start], `{"allOf":[`...)
	e.buf = append(e.buf, a...)
	e.buf = append(e.buf, ',')
	e.buf = append(e.buf, b...)
	e.buf = append(e.buf, "]}"...)
}

// collectRecursive lists, in first-met order, the recursive objects
// reachable from n (n included).
func collectRecursive(n *node, seen map[*node]bool, out *[]*node) {
	if seen[n] {
		return
	}
	seen[n] = true
	if n.kind == kObject && n.recursive {
		*out = append(*out, n)
	}
	if n.elem != nil {
		collectRecursive(n.elem, seen, out)
	}
	for _, f := range n.fields {
		collectRecursive(f.n, seen, out)
	}
}

// uniqueDefName names a $defs entry after its Go type, keeping letters,
// digits and '_' so the name needs no escaping in a JSON pointer.
func uniqueDefName(n *node, used map[string]bool) string {
	var b []byte
	for _, c := range []byte(n.rt.Name()) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' {
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		b = append(b, 'T')
	}
	name := string(b)
	for i := 2; used[name]; i++ {
		name = string(b) + strconv.Itoa(i)
	}
	used[name] = true
	return name
}
