package codec

import (
	"encoding/json"
	"slices"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
)

// AppendManifest appends m as JSON, byte for byte what json.Marshal writes
// for the Manifest's fields (not its MarshalJSON method: the caller fills
// the defaults), without reflection.
//
// The Manifest is encoded once per instance, so the time saved per byte is
// not the point; the first use is. encoding/json builds an encoder for
// every type it meets by reflection the first time it meets it, and a
// Manifest has ten struct types: on wasm that was 0.7-1.1 ms of a raw
// plugin's 2.9-4.1 ms start-up on a host without interrupts and 2.6 ms
// under close-on-context-done (RATIONALE.md, "Performance against upstream
// v0.6.2"). A raw plugin encodes nothing else by reflection, so after this
// its start-up builds no encoder at all.
//
// Schemas and examples (json.RawMessage) are copied as they are when they
// are valid, compact and hold nothing encoding/json would escape, which is
// what the SDK's own schema generator writes; anything else goes through
// json.Marshal, which compacts, escapes and reports an invalid one exactly
// as it did inside the whole Manifest.
func AppendManifest(b []byte, m *entities.Manifest) ([]byte, error) {
	w := &manifestWriter{b: b}
	w.str(`{"name":`, m.Name)
	w.str(`,"version":`, m.Version)
	w.str(`,"description":`, m.Description)
	w.str(`,"sdk_version":`, m.SDKVersion)
	w.strOmit(`,"min_host_version":`, m.MinHostVersion)
	w.raw(`,"config_schema":`, m.ConfigSchema)
	w.grants(&m.Capabilities)
	if m.Services == nil {
		w.lit(`,"services":null`)
	} else {
		names := make([]string, 0, len(m.Services))
		for k := range m.Services {
			names = append(names, k)
		}
		slices.Sort(names)
		w.lit(`,"services":{`)
		for i, k := range names {
			w.str(sep(i, ""), k)
			w.service(m.Services[k])
		}
		w.lit("}")
	}
	w.lit("}")
	if w.err != nil {
		return nil, w.err
	}
	return w.b, nil
}

// A manifestWriter appends a Manifest's parts to b and keeps the first
// error. Its methods are not inlined on purpose: the Manifest is encoded
// once per instance, so a call per part costs nothing measurable, while
// inlining every append grew the encoder from about 12 KB to 33 KB of wasm.
type manifestWriter struct {
	b   []byte
	err error
}

// sep is the separator before element i of a list or object: none before
// the first, a comma before the others, followed by prefix.
func sep(i int, prefix string) string {
	if i == 0 {
		return prefix
	}
	return "," + prefix
}

//go:noinline
func (w *manifestWriter) lit(s string) { w.b = append(w.b, s...) }

// str writes key (a literal ending in ':' or a separator) and s as a JSON
// string.
//
//go:noinline
func (w *manifestWriter) str(key, s string) {
	w.b = appendString(append(w.b, key...), s)
}

// strOmit is str for an omitempty member.
func (w *manifestWriter) strOmit(key, s string) {
	if s != "" {
		w.str(key, s)
	}
}

// strs writes key and a string list, null when nil.
//
//go:noinline
func (w *manifestWriter) strs(key string, list []string) {
	w.lit(key)
	if list == nil {
		w.lit("null")
		return
	}
	w.lit("[")
	for i, s := range list {
		w.str(sep(i, ""), s)
	}
	w.lit("]")
}

// raw writes key and a json.RawMessage (appendRaw).
//
//go:noinline
func (w *manifestWriter) raw(key string, r json.RawMessage) {
	if w.err != nil {
		return
	}
	w.b, w.err = appendRaw(append(w.b, key...), r)
}

// rawOmit is raw for an omitempty member.
func (w *manifestWriter) rawOmit(key string, r json.RawMessage) {
	if len(r) > 0 {
		w.raw(key, r)
	}
}

func (w *manifestWriter) service(s entities.ServiceInfo) {
	w.str(`:{"name":`, s.Name)
	w.str(`,"description":`, s.Description)
	if s.Operations == nil {
		w.lit(`,"operations":null}`)
		return
	}
	w.lit(`,"operations":[`)
	for i := range s.Operations {
		op := &s.Operations[i]
		w.str(sep(i, `{"name":`), op.Name)
		w.str(`,"description":`, op.Description)
		if len(op.InputFields) > 0 {
			w.strs(`,"input_fields":`, op.InputFields)
		}
		w.rawOmit(`,"input_schema":`, op.InputSchema)
		w.rawOmit(`,"output_schema":`, op.OutputSchema)
		if len(op.Examples) > 0 {
			w.lit(`,"examples":[`)
			for j := range op.Examples {
				ex := &op.Examples[j]
				w.str(sep(j, `{"name":`), ex.Name)
				w.strOmit(`,"description":`, ex.Description)
				w.raw(`,"input":`, ex.Input)
				w.rawOmit(`,"expected_output":`, ex.ExpectedOutput)
				w.strOmit(`,"expected_error":`, ex.ExpectedError)
				w.lit("}")
			}
			w.lit("]")
		}
		w.lit("}")
	}
	w.lit("]}")
}

// grants writes a GrantSet: each capability omitted when nil, a nil list
// inside one written as null (no omitempty there), as encoding/json does.
func (w *manifestWriter) grants(g *entities.GrantSet) {
	w.lit(`,"capabilities":{`)
	n := 0 // capabilities written so far
	open := func(name string) {
		w.lit(sep(n, name))
		n++
	}
	rules := func(count int, isNil bool, rule func(i int)) {
		if isNil {
			w.lit(`null}`)
			return
		}
		w.lit("[")
		for i := 0; i < count; i++ {
			if i > 0 {
				w.lit(",")
			}
			rule(i)
		}
		w.lit("]}")
	}
	if c := g.Network; c != nil {
		open(`"network":{"rules":`)
		rules(len(c.Rules), c.Rules == nil, func(i int) {
			w.strs(`{"hosts":`, c.Rules[i].Hosts)
			w.strs(`,"ports":`, c.Rules[i].Ports)
			w.lit("}")
		})
	}
	if c := g.FS; c != nil {
		open(`"fs":{"rules":`)
		rules(len(c.Rules), c.Rules == nil, func(i int) {
			r := c.Rules[i]
			w.lit("{")
			if len(r.Read) > 0 {
				w.strs(`"read":`, r.Read)
			}
			if len(r.Write) > 0 {
				w.strs(sep(len(r.Read), `"write":`), r.Write)
			}
			w.lit("}")
		})
	}
	if c := g.Env; c != nil {
		open(`"env":`)
		w.strs(`{"vars":`, c.Vars)
		w.lit("}")
	}
	if c := g.Exec; c != nil {
		open(`"exec":`)
		w.strs(`{"commands":`, c.Commands)
		w.lit("}")
	}
	if c := g.KV; c != nil {
		open(`"kv":{"rules":`)
		rules(len(c.Rules), c.Rules == nil, func(i int) {
			w.str(`{"op":`, c.Rules[i].Op)
			w.strs(`,"keys":`, c.Rules[i].Keys)
			w.lit("}")
		})
	}
	w.lit("}")
}

// appendRaw writes a json.RawMessage as json.Marshal does: null when nil,
// otherwise compacted with <, >, &, U+2028 and U+2029 escaped, and an
// error when it is not valid JSON (an empty, non-nil one included). The
// common case, a valid document with none of those, is copied without
// encoding/json.
func appendRaw(b []byte, raw json.RawMessage) ([]byte, error) {
	if raw == nil {
		return append(b, "null"...), nil
	}
	if verbatim(raw) && jsonscan.Valid(raw) {
		return append(b, raw...), nil
	}
	enc, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	return append(b, enc...), nil
}

// verbatim reports whether raw, if valid, is already what json.Marshal
// would write: no whitespace outside strings and nothing encoding/json
// escapes when it compacts (<, >, &, U+2028 and U+2029; other characters
// that start with 0xE2, such as "—" or "…" in a description, stay on the
// fast path).
func verbatim(raw []byte) bool {
	in := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '<', '>', '&':
			return false
		case 0xE2: // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
			if i+2 < len(raw) && raw[i+1] == 0x80 && raw[i+2]&^1 == 0xA8 {
				return false
			}
		case '"':
			in = !in
		case '\\':
			if in {
				i++ // the escaped byte cannot end the string
			}
		case ' ', '\t', '\n', '\r':
			if !in {
				return false
			}
		}
	}
	return true
}
