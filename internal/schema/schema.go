package schema

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"sync"
)

// Type is the compiled schema of one Go type: its JSON Schema document and
// what Decode needs to validate input against it. A Type is immutable and
// safe for concurrent use.
type Type struct {
	rt   reflect.Type
	root *node

	once sync.Once
	doc  []byte // the full document; Schema is doc without the "$schema" member
	body int    // offset in doc where the body after "$schema" starts
}

// cacheEntry is what the cache keeps per type: the Type or the error that
// building it produced.
type cacheEntry struct {
	t   *Type
	err error
}

var cache sync.Map // reflect.Type -> *cacheEntry

// For returns the compiled schema of struct type t (pointer types are
// dereferenced). It is built once per type and cached; For is safe for
// concurrent use. A map type with string keys is accepted as well and
// describes an object of arbitrary members.
//
// Errors name the offending Go field: unsupported types (chan, func,
// complex, maps with non-string keys, unsafe pointers), malformed
// `jsonschema` tags (an unknown keyword, a keyword that does not apply to
// the field's type, a default, enum or example value that does not parse as
// the field's type, a bad pattern) and defaults or examples that break the
// field's own constraints.
func For(t reflect.Type) (*Type, error) {
	if t == nil {
		return nil, errors.New("schema: nil type")
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if e, ok := cache.Load(t); ok {
		ce := e.(*cacheEntry)
		return ce.t, ce.err
	}
	st, err := build(t)
	e, _ := cache.LoadOrStore(t, &cacheEntry{st, err})
	ce := e.(*cacheEntry)
	return ce.t, ce.err
}

// Document returns the schema as a standalone JSON Schema document, starting
// {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",...}.
// It suits a manifest's config_schema. The caller owns the returned bytes.
func (t *Type) Document() json.RawMessage {
	t.encode()
	return slices.Clone(t.doc)
}

// Schema returns the same schema as Document without the "$schema" member,
// for embedding (a manifest operation's input_schema or output_schema). The
// caller owns the returned bytes.
//
// Only recursive types use references: "$ref":"#" for the type itself and
// "#/$defs/Name" for others, with "$defs" in the same object. They resolve
// against this schema taken as a document of its own.
func (t *Type) Schema() json.RawMessage {
	t.encode()
	out := make([]byte, 0, len(t.doc)-t.body+1)
	out = append(out, '{')
	return append(out, t.doc[t.body:]...)
}

// Fields returns the top-level JSON member names of the type, in the order
// the Go fields are declared (promoted fields of embedded structs in place of
// the embedded field). It is nil for a map type.
func (t *Type) Fields() []string {
	if t.root.kind != kObject {
		return nil
	}
	names := make([]string, len(t.root.fields))
	for i, f := range t.root.fields {
		names[i] = f.name
	}
	return names
}

// Shared lists the top-level fields that t and u decode identically, so a
// caller decoding one config into both can decode them once, into t, and
// copy them into u (DecodeObject's leave, then Copy). A field qualifies
// when, in both types, it is a direct (not promoted) non-pointer field of
// a bool, number or string kind, with the same JSON name, Go type and
// struct tag, and u's object has no rules between members (which would
// need to see it given). Copies of such values share nothing.
func (t *Type) Shared(u *Type) *Shared {
	if t.root.kind != kObject || u.root.kind != kObject || u.root.rules != nil {
		return nil
	}
	var sh Shared
	for _, g := range u.root.fields {
		f := t.root.index[g.name]
		if f == nil || !copyable(f) || !copyable(g) || f.n.rt != g.n.rt ||
			t.rt.Field(f.index[0]).Tag != u.rt.Field(g.index[0]).Tag {
			continue
		}
		sh.Names = append(sh.Names, g.name)
		sh.from = append(sh.from, f.index[0])
		sh.to = append(sh.to, g.index[0])
	}
	if len(sh.Names) == 0 {
		return nil
	}
	return &sh
}

// copyable reports whether f is a direct (not promoted) scalar field.
func copyable(f *field) bool { return scalar(f) && len(f.index) == 1 }

// scalar reports whether f is a non-pointer bool, number or string, whose
// value a copy shares nothing with.
func scalar(f *field) bool {
	switch f.n.kind {
	case kBool, kInt, kUint, kFloat, kString:
		return !f.ptr
	}
	return false
}

// Shared is the fields two types decode identically (Type.Shared).
type Shared struct {
	// Names are the fields' JSON names, for DecodeObject's leave.
	Names    []string
	from, to []int // Go field indexes in the source and destination structs
}

// Copy copies the shared fields from src, a pointer to the first type's Go
// value, to dst, a pointer to the second's.
func (sh *Shared) Copy(src, dst any) {
	s, d := reflect.ValueOf(src).Elem(), reflect.ValueOf(dst).Elem()
	for i, from := range sh.from {
		d.Field(sh.to[i]).Set(s.Field(from))
	}
}

func (t *Type) encode() {
	t.once.Do(func() {
		t.doc, t.body = encodeDocument(t.root)
	})
}
