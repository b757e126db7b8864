package schemaconformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// The generator reads a manifest (as JSON) and makes observation configs
// for every operation: the examples, a synthesized valid config, then
// configs with one field, one routing key or several fields changed to
// values near every boundary the operation's input_schema states (and
// beyond: wrong types, nulls, unknown keys, other operations' fields,
// integers written as 1.0 or 1e2, out-of-range sized integers, invalid
// formats). Which of them are valid is for the two judges to say.

type object = map[string]any

type opInfo struct {
	service, name string
	input         object   // the operation's input_schema
	cfgProps      object   // PluginDef.Config's members that the input lacks, from config_schema
	cfgRoot       object   // config_schema, which their "$ref"s resolve against
	examples      []object // example inputs
}

// operations lists the operations of a manifest with what generation needs.
func operations(manifest []byte) ([]opInfo, object, error) {
	var m object
	dec := json.NewDecoder(bytes.NewReader(manifest))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, nil, err
	}
	cs, _ := m["config_schema"].(object)
	svcs, _ := m["services"].(object)
	names := make([]string, 0, len(svcs))
	for k := range svcs {
		names = append(names, k)
	}
	sort.Strings(names)
	var ops []opInfo
	for _, sn := range names {
		svc := svcs[sn].(object)
		list, _ := svc["operations"].([]any)
		for _, o := range list {
			op := o.(object)
			info := opInfo{service: sn, name: op["name"].(string)}
			info.input, _ = op["input_schema"].(object)
			if info.input == nil {
				info.input = object{}
			}
			exs, _ := op["examples"].([]any)
			for _, e := range exs {
				if in, ok := e.(object)["input"].(object); ok {
					info.examples = append(info.examples, in)
				}
			}
			info.cfgProps = configOnly(cs, sn+"/"+info.name, info.input)
			info.cfgRoot = cs
			ops = append(ops, info)
		}
	}
	return ops, cs, nil
}

// configOnly finds the branch of config_schema titled path (or the schema
// itself when it has no branches) and returns its members that are neither
// routing keys nor the input's.
func configOnly(cs object, path string, input object) object {
	branch := cs
	if one, ok := cs["oneOf"].([]any); ok {
		branch = nil
		for _, b := range one {
			if b.(object)["title"] == path {
				branch = b.(object)
			}
		}
	}
	out := object{}
	if branch == nil {
		return out
	}
	props, _ := branch["properties"].(object)
	inProps, _ := input["properties"].(object)
	for k, v := range props {
		if k == "service" || k == "operation" {
			continue
		}
		if _, ok := inProps[k]; !ok {
			out[k] = v
		}
	}
	return out
}

// raw is a JSON literal kept as written (1.0, 2e2).
func raw(s string) json.RawMessage { return json.RawMessage(s) }

var formatSamples = map[string][]string{
	"date-time":     {"2026-02-11T10:00:00Z", "2026-02-11T10:00:00.5+01:00", "2026-02-11t10:00:00z", "2016-12-31T23:59:60Z", "2026-02-11", "2026-02-30T10:00:00Z", "2026-02-11T10:00:00", "yesterday"},
	"date":          {"2026-02-11", "2024-02-29", "2023-02-29", "2026-13-01", "11/02/2026"},
	"time":          {"10:00:00Z", "10:00:00+02:00", "23:59:60Z", "10:00:00", "25:00:00Z"},
	"email":         {"ops@example.com", "a.b+c@x.io", `"a b"@example.com`, "u@[192.0.2.1]", "not an email", "a@", "@b.c", "a..b@c.d", "a@-b.c"},
	"hostname":      {"example.com", "localhost", "a-b.example.", "-x.com", "x_y.com", "a..b", "", strings.Repeat("a", 64)},
	"ipv4":          {"192.0.2.1", "0.0.0.0", "255.255.255.255", "256.0.0.1", "01.2.3.4", "1.2.3", "::1"},
	"ipv6":          {"::1", "2001:db8::1", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "1::2::3", "fe80::1%eth0", "192.0.2.1", "12345::"},
	"uri":           {"https://example.com/path?q=1#f", "mailto:a@b.c", "urn:isbn:1", "http://[::1]:8080/", "not a url", "/relative", "http://[::1", "http://a b.com/"},
	"uri-reference": {"/relative/path", "?q=1", "https://example.com", "", "http://[::1", "a%zz"},
	"uuid":          {"123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g"},
}

// gen makes candidate values for schemas; root resolves "$ref".
type gen struct {
	root object
	rnd  *rand.Rand
}

func (g *gen) resolve(s object) object {
	ref, ok := s["$ref"].(string)
	if !ok {
		return s
	}
	target := g.root
	if ref != "#" {
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			next, _ := target[part].(object)
			target = next
		}
	}
	if target == nil {
		return object{}
	}
	return target
}

func types(s object) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, x.(string))
		}
		return out
	}
	return nil
}

func num(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

// values returns candidate values for schema s, valid and not.
func (g *gen) values(s object, depth int) []any {
	s = g.resolve(s)
	var out []any
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		if subs, ok := s[key].([]any); ok {
			for _, sub := range subs {
				out = append(out, g.values(sub.(object), depth)...)
			}
		}
	}
	if c, ok := s["const"]; ok {
		out = append(out, c, "not-the-const")
	}
	if e, ok := s["enum"].([]any); ok {
		out = append(out, e...)
		out = append(out, "not-in-enum", raw("12345"))
	}
	if d, ok := s["default"]; ok {
		out = append(out, d)
	}
	if ex, ok := s["examples"].([]any); ok {
		out = append(out, ex...)
	}
	// Wrong kinds for every schema.
	out = append(out, "a string", raw("7"), true, nil, []any{}, object{})
	for _, t := range types(s) {
		switch t {
		case "string":
			out = append(out, "", "x", "example.com", "1.2.3", "v1.2.3", "1.0", "ünïcode")
			if f, ok := s["format"].(string); ok {
				for _, v := range formatSamples[f] {
					out = append(out, v)
				}
			}
			for _, k := range []string{"minLength", "maxLength"} {
				if n, ok := num(s[k]); ok {
					for _, l := range []int{int(n) - 1, int(n), int(n) + 1} {
						if l >= 0 {
							out = append(out, strings.Repeat("é", l))
						}
					}
				}
			}
			if _, ok := s["contentEncoding"]; ok {
				out = append(out, "aGVsbG8=", "aGVsbG8", "aGVs\nbG8=", "!!!!")
			}
		case "integer":
			out = append(out, raw("0"), raw("1"), raw("-1"), raw("1.0"), raw("2e2"), raw("1.5"), raw("-0"),
				raw("127"), raw("128"), raw("-129"), raw("255"), raw("256"), raw("65535"), raw("65536"), raw("300"), raw("1e400"), "5")
			for _, k := range []string{"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"} {
				if n, ok := s[k].(json.Number); ok {
					out = append(out, raw(string(n)))
					if i, err := n.Int64(); err == nil {
						out = append(out, raw(fmt.Sprint(i-1)), raw(fmt.Sprint(i+1)))
					}
				}
			}
		case "number":
			out = append(out, raw("0"), raw("0.5"), raw("-2.25"), raw("1e2"), raw("3.4e38"), raw("3.5e38"), raw("-1e39"), "0.5")
			for _, k := range []string{"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"} {
				if n, ok := s[k].(json.Number); ok {
					out = append(out, raw(string(n)))
				}
			}
		case "boolean":
			out = append(out, true, false, "true", raw("0"))
		case "array":
			items, _ := s["items"].(object)
			var iv []any
			if items != nil && depth < 3 {
				iv = g.values(items, depth+1)
			}
			out = append(out, []any{nil}, []any{"x", "y"}, []any{raw("1"), raw("2")})
			for i := 0; i < 6 && len(iv) > 0; i++ {
				out = append(out, []any{iv[g.rnd.IntN(len(iv))]})
				out = append(out, []any{iv[g.rnd.IntN(len(iv))], iv[g.rnd.IntN(len(iv))], iv[g.rnd.IntN(len(iv))]})
			}
			if v, ok := g.valid(items, depth+1); ok {
				out = append(out, []any{v}, []any{v, v}, []any{v, v, v}, []any{v, v, v, v})
			}
		case "object":
			out = append(out, g.objects(s, depth)...)
		}
	}
	return out
}

// objects makes candidate objects for an object schema.
func (g *gen) objects(s object, depth int) []any {
	if depth > 3 {
		return nil
	}
	var out []any
	props, _ := s["properties"].(object)
	base, _ := g.valid(s, depth)
	if b, ok := base.(object); ok {
		out = append(out, b)
		for k, ps := range props {
			vals := g.values(ps.(object), depth+1)
			for i := 0; i < 4 && len(vals) > 0; i++ {
				c := clone(b)
				c[k] = vals[g.rnd.IntN(len(vals))]
				out = append(out, c)
			}
			c := clone(b)
			delete(c, k)
			out = append(out, c)
		}
		c := clone(b)
		c["unknown_member"] = 1
		out = append(out, c)
	}
	if ap, ok := s["additionalProperties"].(object); ok {
		vals := g.values(ap, depth+1)
		for i := 0; i < 8 && len(vals) > 0; i++ {
			out = append(out, object{"k": vals[g.rnd.IntN(len(vals))]})
		}
	}
	return out
}

// valid synthesizes a value s probably accepts: from examples, defaults,
// enums, formats and bounds.
func (g *gen) valid(s object, depth int) (any, bool) {
	if s == nil {
		return nil, false
	}
	s = g.resolve(s)
	// An allOf that stands for the whole value (a member both types
	// declare), not the rules an object schema adds beside its type.
	if all, ok := s["allOf"].([]any); ok && len(all) > 0 && s["type"] == nil {
		return g.valid(all[0].(object), depth)
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0], true
	}
	if ex, ok := s["examples"].([]any); ok && len(ex) > 0 {
		return ex[0], true
	}
	if d, ok := s["default"]; ok {
		return d, true
	}
	ts := types(s)
	if len(ts) == 0 {
		return "anything", true
	}
	switch ts[0] {
	case "string":
		if f, ok := s["format"].(string); ok {
			return formatSamples[f][0], true
		}
		if p, ok := s["pattern"].(string); ok && strings.Contains(p, "[0-9]+") {
			return "1.2.3", true
		}
		if _, ok := s["contentEncoding"]; ok {
			return "aGVsbG8=", true
		}
		if n, ok := num(s["minLength"]); ok {
			return strings.Repeat("a", int(n)), true
		}
		return "value", true
	case "integer", "number":
		if n, ok := s["minimum"].(json.Number); ok {
			return raw(string(n)), true
		}
		if n, ok := s["maximum"].(json.Number); ok {
			return raw(string(n)), true
		}
		return raw("1"), true
	case "boolean":
		return true, true
	case "array":
		n := 0
		if m, ok := num(s["minItems"]); ok {
			n = int(m)
		}
		items, _ := s["items"].(object)
		arr := []any{}
		for i := 0; i < n; i++ {
			v, ok := g.valid(items, depth+1)
			if !ok {
				return nil, false
			}
			arr = append(arr, v)
		}
		return arr, true
	case "object":
		o := object{}
		props, _ := s["properties"].(object)
		req, _ := s["required"].([]any)
		for _, r := range req {
			ps, _ := props[r.(string)].(object)
			if depth > 4 {
				return nil, false
			}
			v, ok := g.valid(ps, depth+1)
			if !ok {
				return nil, false
			}
			o[r.(string)] = v
		}
		return o, true
	}
	return nil, false
}

func clone(o object) object {
	c := make(object, len(o))
	for k, v := range o {
		c[k] = v
	}
	return c
}

// configs makes the candidate configs of one plugin, deduplicated, in a
// stable order for a given seed.
func configs(ops []opInfo, seed uint64) [][]byte {
	rnd := rand.New(rand.NewPCG(seed, 1))
	seen := map[string]bool{}
	var out [][]byte
	add := func(c object) {
		b, err := json.Marshal(c)
		if err != nil {
			panic(err)
		}
		if !seen[string(b)] {
			seen[string(b)] = true
			out = append(out, b)
		}
	}
	for i, op := range ops {
		g := &gen{root: op.input, rnd: rnd}
		props, _ := op.input["properties"].(object)
		all := object{}
		for k, v := range props {
			all[k] = v
		}
		for k, v := range op.cfgProps {
			all[k] = v
		}
		keys := make([]string, 0, len(all))
		for k := range all {
			keys = append(keys, k)
		}
		sort.Strings(keys)

		bases := append([]object(nil), op.examples...)
		if v, ok := g.valid(op.input, 0); ok {
			bases = append(bases, v.(object))
		}
		if len(bases) == 0 {
			bases = append(bases, object{})
		}
		other := ops[(i+1)%len(ops)]
		routings := []object{
			{},
			{"operation": op.name},
			{"service": op.service},
			{"service": op.service, "operation": op.name},
			{"service": op.service, "operation": op.name + "x"},
			{"service": op.service + "x", "operation": op.name},
			{"service": other.service, "operation": op.name},
			{"operation": other.name},
			{"operation": raw("1")},
			{"service": nil},
			{"service": op.service, "operation": strings.ToUpper(op.name)},
		}
		with := func(r, body object) object {
			c := clone(body)
			for k, v := range r {
				c[k] = v
			}
			return c
		}
		full := routings[3]
		for _, b := range bases {
			for _, r := range routings {
				add(with(r, b))
			}
			// Every field, every candidate value.
			for _, k := range keys {
				g.root = op.input
				if _, ok := props[k]; !ok {
					g.root = op.cfgRoot
				}
				for _, v := range g.values(all[k].(object), 0) {
					c := with(full, b)
					c[k] = v
					add(c)
				}
				c := with(full, b)
				delete(c, k)
				add(c)
			}
			c := with(full, b)
			c["unknown_field"] = "x"
			add(c)
			if oprops, ok := other.input["properties"].(object); ok {
				for k := range oprops {
					c := with(full, b)
					c[k] = "x"
					add(c)
				}
			}
		}
		// Random combinations of several fields.
		for n := 0; n < 150; n++ {
			b := bases[rnd.IntN(len(bases))]
			c := with(routings[rnd.IntN(4)], b)
			for j := 0; j < 1+rnd.IntN(3) && len(keys) > 0; j++ {
				k := keys[rnd.IntN(len(keys))]
				if vals := g.values(all[k].(object), 0); len(vals) > 0 {
					c[k] = vals[rnd.IntN(len(vals))]
				}
			}
			add(c)
		}
	}
	return out
}
