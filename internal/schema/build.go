package schema

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// kind is the JSON shape a node describes.
type kind uint8

const (
	kAny    kind = iota // anything: interfaces, json.RawMessage, custom JSON (un)marshalers
	kString             // a Go string
	kText               // a string parsed by the type's UnmarshalText
	kTime               // time.Time: an RFC 3339 date-time string
	kBool
	kInt   // signed integer of bits bits
	kUint  // unsigned integer of bits bits
	kFloat // floating point of bits bits
	kBytes // []byte: a base64 string
	kArray // slices and arrays
	kMap   // maps with string keys
	kObject
)

// node is the schema of one Go type, without what a field's tag adds.
type node struct {
	kind     kind
	rt       reflect.Type
	bits     int
	fixedLen int   // for Go arrays, the length; else -1
	elem     *node // array items, map values
	elemNull bool  // a null item or map value is allowed: the Go element is nillable

	// Objects.
	fields    []*field
	index     map[string]*field
	recursive bool   // referenced from inside itself: emitted once under $defs
	defName   string // its name under $defs ("" for the root)
	building  bool
	defObj    []byte // the object of its defaults, nil when it has none
	defDone   bool
	rules     []rule // rules between its members (rules.go)
}

// field is one JSON member of an object.
type field struct {
	name     string
	n        *node
	ptr      bool
	required bool
	c        *constraints   // the tag's keywords for the value; nil when none
	items    *constraints   // for arrays, the tag's keywords for each item
	at       int            // its position in the object's fields
	index    []int          // the Go field's index path (through embedded structs)
	ruleTags []ruleTag      // its tag's rule keywords, until the object resolves them
	goName   string         // the Go field's name, for registration errors
	defVal   *reflect.Value // c.def decoded, for a non-pointer scalar field; else nil
}

// constraints are the keywords a tag sets on one value.
type constraints struct {
	title, description, format string
	pattern                    string
	re                         *matcher
	formatOK                   func(string) bool // the format's check
	enum                       [][]byte
	enumKeys                   []string
	def                        json.RawMessage
	examples                   [][]byte
	min, max, exMin, exMax     *bound
	minLen, maxLen             int // -1 when unset
	minItems, maxItems         int // -1 when unset
}

func newConstraints() *constraints {
	return &constraints{minLen: -1, maxLen: -1, minItems: -1, maxItems: -1}
}

// bound is a numeric limit: lit is its JSON text, i or f its value.
type bound struct {
	lit string
	i   intVal
	f   float64
}

var (
	timeType             = reflect.TypeFor[time.Time]()
	jsonMarshalerType    = reflect.TypeFor[json.Marshaler]()
	jsonUnmarshalerType  = reflect.TypeFor[json.Unmarshaler]()
	textMarshalerType    = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType  = reflect.TypeFor[encoding.TextUnmarshaler]()
	errTypeNotSupported  = errors.New("unsupported type")
	errNotApplicable     = errors.New("does not apply to")
	errRootNotAnObject   = errors.New("is not a struct or a map with string keys")
	errCommaStringOption = errors.New(`the json ",string" option is not supported`)
)

// nillable reports whether a JSON null decodes to a distinct Go value (nil)
// of type t, rather than to a zero value that may break the schema.
func nillable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		return true
	}
	return false
}

func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || reflect.PointerTo(t).Implements(iface)
}

type builder struct {
	structs map[reflect.Type]*node
	order   []*node // struct nodes in the order first met
}

func build(t reflect.Type) (*Type, error) {
	b := &builder{structs: map[reflect.Type]*node{}}
	root, err := b.node(t, typeLabel(t))
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if root.kind != kObject && root.kind != kMap {
		return nil, fmt.Errorf("schema: %s %w", typeLabel(t), errRootNotAnObject)
	}
	// Name the recursive types that need a $defs entry.
	used := map[string]bool{}
	for _, n := range b.order {
		if !n.recursive || n == root {
			continue
		}
		name := n.rt.Name()
		if name == "" {
			name = "T"
		}
		base := name
		for i := 2; used[name]; i++ {
			name = base + strconv.Itoa(i)
		}
		used[name] = true
		n.defName = name
	}
	for _, n := range b.order {
		defaultsOf(n)
	}
	return &Type{rt: t, root: root}, nil
}

func typeLabel(t reflect.Type) string {
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

// node builds the schema of t; where names the Go field for errors.
func (b *builder) node(t reflect.Type, where string) (*node, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return &node{kind: kTime, rt: t, fixedLen: -1}, nil
	case implements(t, jsonMarshalerType) || implements(t, jsonUnmarshalerType):
		return &node{kind: kAny, rt: t, fixedLen: -1}, nil
	case implements(t, textMarshalerType) || implements(t, textUnmarshalerType):
		return &node{kind: kText, rt: t, fixedLen: -1}, nil
	}
	n := &node{rt: t, fixedLen: -1}
	switch t.Kind() {
	case reflect.Bool:
		n.kind = kBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n.kind, n.bits = kInt, t.Bits()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n.kind, n.bits = kUint, t.Bits()
	case reflect.Float32, reflect.Float64:
		n.kind, n.bits = kFloat, t.Bits()
	case reflect.String:
		n.kind = kString
	case reflect.Interface:
		n.kind = kAny
	case reflect.Slice, reflect.Array:
		et := t.Elem()
		if t.Kind() == reflect.Slice && et.Kind() == reflect.Uint8 &&
			!implements(et, jsonMarshalerType) && !implements(et, jsonUnmarshalerType) &&
			!implements(et, textMarshalerType) && !implements(et, textUnmarshalerType) {
			n.kind = kBytes
			break
		}
		elem, err := b.node(et, where+"[]")
		if err != nil {
			return nil, err
		}
		n.kind, n.elem, n.elemNull = kArray, elem, nillable(et)
		if t.Kind() == reflect.Array {
			n.fixedLen = t.Len()
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("%s: %w %s: map keys must be strings", where, errTypeNotSupported, t)
		}
		elem, err := b.node(t.Elem(), where+"[]")
		if err != nil {
			return nil, err
		}
		n.kind, n.elem, n.elemNull = kMap, elem, nillable(t.Elem())
	case reflect.Struct:
		return b.object(t, where)
	default:
		return nil, fmt.Errorf("%s: %w %s", where, errTypeNotSupported, t)
	}
	return n, nil
}

// candidate is a struct field that may become a JSON member.
type candidate struct {
	sf     reflect.StructField
	name   string
	opts   string
	index  []int
	tagged bool
}

// object builds the schema of struct type t, promoting the fields of
// embedded structs the way encoding/json does.
func (b *builder) object(t reflect.Type, where string) (*node, error) {
	if n, ok := b.structs[t]; ok {
		if n.building {
			n.recursive = true
		}
		return n, nil
	}
	n := &node{kind: kObject, rt: t, fixedLen: -1, building: true, index: map[string]*field{}}
	b.structs[t] = n
	b.order = append(b.order, n)
	// Every mistake in the struct's tags is reported, not only the first:
	// a plugin author fixes them in one edit instead of one test run each.
	var errs []error
	for _, c := range visibleFields(t) {
		fw := where + "." + c.sf.Name
		fn, err := b.node(c.sf.Type, fw)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f := &field{name: c.name, n: fn, ptr: c.sf.Type.Kind() == reflect.Pointer, at: len(n.fields), index: c.index, goName: c.sf.Name}
		if hasOpt(c.opts, "string") && fn.kind >= kString && fn.kind <= kFloat {
			errs = append(errs, fmt.Errorf("%s: %w", fw, errCommaStringOption))
		}
		if err := applyTag(f, c.sf.Tag.Get("jsonschema")); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fw, err))
		}
		// Kept even when its tag is wrong, so a rule naming it resolves.
		n.fields = append(n.fields, f)
		n.index[f.name] = f
	}
	if err := resolveRules(n, where); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	n.building = false
	return n, nil
}

func hasOpt(opts, name string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == name {
			return true
		}
	}
	return false
}

// visibleFields lists the JSON members of struct type t in declaration
// order, applying encoding/json's rules: unexported and `json:"-"` fields
// are skipped, untagged embedded structs are flattened, and among fields
// with one name the shallowest wins, then the tagged one; a tie hides them
// all.
func visibleFields(t reflect.Type) []candidate {
	var all []candidate
	type level struct {
		t     reflect.Type
		index []int
	}
	current := []level{{t, nil}}
	visited := map[reflect.Type]bool{}
	for len(current) > 0 {
		var next []level
		for _, lv := range current {
			if visited[lv.t] {
				continue
			}
			visited[lv.t] = true
			for i := 0; i < lv.t.NumField(); i++ {
				sf := lv.t.Field(i)
				if sf.Anonymous {
					ft := sf.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" || sf.Tag.Get("jsonschema") == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				index := append(slices.Clip(lv.index), i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if name != "" || !sf.Anonymous || ft.Kind() != reflect.Struct {
					c := candidate{sf: sf, name: name, opts: opts, index: index, tagged: name != ""}
					if name == "" {
						c.name = sf.Name
					}
					all = append(all, c)
					continue
				}
				next = append(next, level{ft, index})
			}
		}
		current = next
	}
	// Keep the dominant field of each name.
	byName := map[string][]candidate{}
	for _, c := range all {
		byName[c.name] = append(byName[c.name], c)
	}
	var out []candidate
	for _, c := range all {
		group := byName[c.name]
		if group == nil {
			continue
		}
		byName[c.name] = nil
		if d, ok := dominant(group); ok {
			out = append(out, d)
		}
	}
	// Back to declaration order. The list is short and nearly sorted, so an
	// insertion sort keeps a generic sort's instantiation out of plugins.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && slices.Compare(out[j].index, out[j-1].index) < 0; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func dominant(group []candidate) (candidate, bool) {
	depth := len(group[0].index)
	for _, c := range group {
		depth = min(depth, len(c.index))
	}
	var top []candidate
	for _, c := range group {
		if len(c.index) == depth {
			top = append(top, c)
		}
	}
	if len(top) == 1 {
		return top[0], true
	}
	var tagged []candidate
	for _, c := range top {
		if c.tagged {
			tagged = append(tagged, c)
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	return candidate{}, false
}

// defaultsOf returns the JSON object holding the defaults of object node n
// (and of its non-pointer struct fields, recursively), or nil when there
// are none.
func defaultsOf(n *node) []byte {
	if n.kind != kObject || n.defDone {
		return n.defObj
	}
	n.defDone = true
	var out []byte
	for _, f := range n.fields {
		var v []byte
		switch {
		case f.c != nil && f.c.def != nil:
			v = f.c.def
		case f.n.kind == kObject && !f.ptr:
			v = defaultsOf(f.n)
		}
		if v == nil {
			continue
		}
		if out == nil {
			out = append(out, '{')
		} else {
			out = append(out, ',')
		}
		out = appendString(out, f.name)
		out = append(out, ':')
		out = append(out, v...)
	}
	if out != nil {
		out = append(out, '}')
	}
	n.defObj = out
	return out
}
