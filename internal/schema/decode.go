package schema

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
)

// This file is the one-pass decoder of the typed path: it walks a config's
// members once, checking each value against the schema and storing it in
// the Go value at the same time. Before, the members were validated, copied
// into a new object with the defaults filled in, and that object was given
// to json.Unmarshal, which scans its input twice with an indirect call per
// byte (RATIONALE.md, "Big configs").
//
// What it stores is what json.Unmarshal stored into the same Go value from
// that object, and the tests compare the two on every type a schema
// accepts. Values whose decoding is the type's own (json.Unmarshaler,
// encoding.TextUnmarshaler, interfaces) go through encoding/json, each
// value on its own; json.RawMessage is copied as is. Duplicate keys: the
// last one wins, whole (an earlier object under the same key is not
// merged), as the validation before did.

// Decode validates fields (a JSON object already split into members; the
// caller has removed routing keys) against t, fills defaults for absent
// fields (also inside nested objects), and decodes the result into dst,
// which must be a non-nil pointer to t's Go type. dst is reset to its zero
// value first.
//
// When the input is invalid, Decode returns a *[ValidationError] listing
// every problem, and dst is left unspecified. A JSON null for a non-pointer
// field counts as absent.
func (t *Type) Decode(fields map[string]json.RawMessage, dst any) error {
	if _, err := t.target(dst); err != nil {
		return err
	}
	// Members come from splitting a JSON object, so they should be valid
	// JSON; nested values are walked in place and need no check.
	for _, raw := range fields {
		if !jsonscan.Valid(raw) {
			var v validator
			for _, k := range sortedKeys(fields) {
				if raw := fields[k]; !jsonscan.Valid(raw) {
					v.add(member("", k), "not a JSON value: %s", show(raw))
				}
			}
			return &ValidationError{Problems: v.probs}
		}
	}
	return t.DecodeValid(fields, dst)
}

// DecodeValid is Decode for members the caller knows are valid JSON (split
// from a config that was checked whole): it skips Decode's check, a full
// pass over the bytes that matters for multi-megabyte configs.
func (t *Type) DecodeValid(fields map[string]json.RawMessage, dst any) error {
	root, err := t.target(dst)
	if err != nil {
		return err
	}
	root.SetZero()
	var v validator
	if t.root.kind == kObject {
		slots := make([][]byte, len(t.root.fields))
		var unknown []string
		for k, raw := range fields {
			if f, ok := t.root.index[k]; ok {
				slots[f.at] = raw
			} else {
				unknown = append(unknown, k)
			}
		}
		v.object("", t.root, slots, unknown, root)
	} else {
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		v.dict("", t.root, keys, fields, root)
	}
	if len(v.probs) > 0 {
		return &ValidationError{Problems: v.probs}
	}
	return nil
}

// DecodeObject is DecodeValid for a whole JSON object b, read in place: the
// members are decoded as they are scanned, with no map of them built
// first. b must be valid JSON (the lifecycle checks every config whole
// before a plugin sees it); it is an error for b not to be an object.
// Top-level keys listed in skip are ignored as if absent (the routing keys,
// and the keys that belong to another type decoded from the same config).
// Fields named in leave are neither decoded nor checked, present or not:
// the caller fills them (Shared.Copy from a type that decoded them).
func (t *Type) DecodeObject(b []byte, skip, leave []string, dst any) error {
	root, err := t.target(dst)
	if err != nil {
		return err
	}
	i := jsonscan.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return fmt.Errorf("schema: DecodeObject needs a JSON object, got %s", JSONType(b[i:]))
	}
	if t.root.kind != kObject {
		// A map type: its keys are data, so it takes the members whole.
		fields := make(map[string]json.RawMessage)
		jsonscan.Members(b[i:], func(k, val []byte) bool {
			key, end, _ := jsonscan.String(k, 0)
			if end == len(k) && !inList(skip, key) {
				fields[string(key)] = val
			}
			return end == len(k)
		})
		return t.DecodeValid(fields, dst)
	}
	root.SetZero()
	v := validator{skip: skip, leave: leave}
	v.strs.hint = len(b) - i
	v.objectAt("", t.root, b, i, root)
	if len(v.probs) > 0 {
		return &ValidationError{Problems: v.probs}
	}
	return nil
}

// lookup returns the field of object node n named key, or nil. Small
// objects are searched in order: on wasm, comparing a few short names
// costs less than hashing the key for the map.
func (n *node) lookup(key []byte) *field {
	if len(n.fields) <= 8 {
		for _, f := range n.fields {
			if f.name == string(key) {
				return f
			}
		}
		return nil
	}
	return n.index[string(key)]
}

// inList reports whether key is one of list, without converting key.
func inList(list []string, key []byte) bool {
	for _, s := range list {
		if s == string(key) {
			return true
		}
	}
	return false
}

// target returns the value dst points to, or why it cannot be decoded
// into: it must be a non-nil pointer to t's Go type.
func (t *Type) target(dst any) (reflect.Value, error) {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem() != t.rt {
		return reflect.Value{}, fmt.Errorf("schema: Decode needs a non-nil *%s, got %T", t.rt, dst)
	}
	return rv.Elem(), nil
}

// object validates the members of an object of node n and stores them
// into dst (a struct value, when valid): slots holds each field's raw
// value by position (nil when absent), unknown the other keys.
func (v *validator) object(path string, n *node, slots [][]byte, unknown []string, dst reflect.Value) {
	for i, f := range n.fields {
		raw := slots[i]
		if raw == nil || isNull(raw) {
			v.missing(path, f, raw != nil, dst)
			continue
		}
		if fv, ok := v.fieldOf(path, f, dst); ok {
			v.value(join(path, f.name), f.n, f.c, f.items, raw, fv)
		}
	}
	if n.rules != nil {
		given := make([]bool, len(n.fields))
		for i, f := range n.fields {
			given[i] = givenRaw(f, slots[i])
		}
		v.checkRules(path, n, given)
	}
	v.unknown(path, n, unknown)
}

// missing handles field f of an object when its member is absent or (null)
// null: a problem when the field is required, else its default, or the
// defaults of a struct field. A null pointer stays nil.
func (v *validator) missing(path string, f *field, null bool, dst reflect.Value) {
	switch {
	case null && f.required:
		if f.ptr {
			v.add(join(path, f.name), "required field is null")
		} else {
			v.add(join(path, f.name), "required field is missing")
		}
	case null && f.ptr:
		// Already nil; reaching the field allocates the embedded
		// structs on its way, as encoding/json does.
		v.fieldOf(path, f, dst)
	case f.required:
		v.add(join(path, f.name), "required field is missing")
	default:
		v.fillDefault(path, f, dst)
	}
}

// unknown lists the keys of an object that name no field, in order, with
// a suggestion where one is close.
func (v *validator) unknown(path string, n *node, unknown []string) {
	if len(unknown) == 0 {
		return
	}
	slices.Sort(unknown)
	for i, k := range unknown {
		if i > 0 && k == unknown[i-1] {
			continue // a repeated key
		}
		if s := suggest(k, n.fields); s != "" {
			v.add(member(path, k), "unknown field; did you mean %q?", s)
		} else {
			v.add(member(path, k), "unknown field")
		}
	}
}

// defaults stores the defaults of object node n (and of its non-pointer
// struct fields) into dst: what an absent object decodes to.
func (v *validator) defaults(path string, n *node, dst reflect.Value) {
	for _, f := range n.fields {
		v.fillDefault(path, f, dst)
	}
}

// fillDefault stores the default of absent field f, or the defaults of a
// struct field, into its place in dst.
func (v *validator) fillDefault(path string, f *field, dst reflect.Value) {
	switch {
	case f.defVal != nil:
		if fv, ok := v.fieldOf(path, f, dst); ok && fv.IsValid() {
			fv.Set(*f.defVal)
		}
	case f.c != nil && f.c.def != nil:
		if fv, ok := v.fieldOf(path, f, dst); ok {
			v.value(join(path, f.name), f.n, f.c, f.items, f.c.def, fv)
		}
	case f.n.kind == kObject && !f.ptr && f.n.defObj != nil:
		if fv, ok := v.fieldOf(path, f, dst); ok {
			v.defaults(join(path, f.name), f.n, fv)
		}
	}
}

// fieldOf returns field f of the struct value dst, allocating the embedded
// structs it is promoted through. It reports false, with a problem, when
// one of them is an unexported nil pointer (encoding/json refuses those
// too), and returns an invalid Value when dst is (validation only).
func (v *validator) fieldOf(path string, f *field, dst reflect.Value) (reflect.Value, bool) {
	if !dst.IsValid() {
		return dst, true
	}
	for i, x := range f.index {
		if i > 0 && dst.Kind() == reflect.Pointer {
			if dst.IsNil() {
				if !dst.CanSet() {
					v.add(join(path, f.name), "cannot set the embedded pointer to unexported struct %v", dst.Type().Elem())
					return reflect.Value{}, false
				}
				dst.Set(reflect.New(dst.Type().Elem()))
			}
			dst = dst.Elem()
		}
		dst = dst.Field(x)
	}
	return dst, true
}

// dict validates the members of a map of node n, in key order, and stores
// them into dst (a map value, when valid). keys are the distinct keys,
// vals the value of each (the last of duplicate keys).
func (v *validator) dict(path string, n *node, keys []string, vals map[string]json.RawMessage, dst reflect.Value) {
	slices.Sort(keys)
	var elem reflect.Value
	var kt reflect.Type
	textKey := false
	if dst.IsValid() {
		if dst.IsNil() {
			dst.Set(reflect.MakeMapWithSize(dst.Type(), len(keys)))
		}
		kt = dst.Type().Key()
		textKey = reflect.PointerTo(kt).Implements(textUnmarshalerType)
		elem = reflect.New(dst.Type().Elem()).Elem()
	}
	for _, k := range keys {
		raw := vals[k]
		mp := member(path, k)
		if elem.IsValid() {
			elem.SetZero()
		}
		if isNull(raw) {
			if !n.elemNull {
				v.add(mp, "want %s, got null", kindName(n.elem))
			}
		} else {
			v.value(mp, n.elem, nil, nil, raw, elem)
		}
		if !elem.IsValid() {
			continue
		}
		var kv reflect.Value
		if textKey {
			kp := reflect.New(kt)
			if err := kp.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(k)); err != nil {
				v.add(mp, "%v", err)
				continue
			}
			kv = kp.Elem()
		} else {
			kv = reflect.New(kt).Elem()
			kv.SetString(k)
		}
		dst.SetMapIndex(kv, elem)
	}
}

// value validates raw against node n with constraints c (and, for arrays,
// item constraints ic) and stores it into dst, a value of the Go type n
// describes or a pointer to one (nil pointers are allocated). An invalid
// dst validates only.
func (v *validator) value(path string, n *node, c, ic *constraints, raw []byte, dst reflect.Value) {
	switch n.kind {
	case kAny:
		v.decodeOwn(path, raw, dst)
		return
	case kText:
		if !c.checksStrings() {
			if raw[0] != '"' {
				v.wrongType(path, "string", raw)
				return
			}
		} else {
			s, ok := unquote(raw)
			if !ok {
				v.wrongType(path, "string", raw)
				return
			}
			mark := len(v.probs)
			v.str(path, c, s, raw)
			if len(v.probs) > mark {
				return
			}
		}
		v.decodeOwn(path, raw, dst)
		return
	}
	if dst.IsValid() {
		for dst.Kind() == reflect.Pointer {
			if dst.IsNil() {
				dst.Set(reflect.New(dst.Type().Elem()))
			}
			dst = dst.Elem()
		}
	}
	switch n.kind {
	case kString, kTime, kBytes:
		if raw[0] != '"' {
			v.wrongType(path, "string", raw)
			return
		}
		if n.kind == kTime {
			// time.Time's own decoder, on the raw string as
			// encoding/json gives it (it does not unescape).
			var t time.Time
			if t.UnmarshalJSON(raw) != nil {
				v.add(path, "want a date-time such as \"2006-01-02T15:04:05Z\" (RFC 3339), got %s", show(raw))
				return
			}
			if c != nil {
				s, _ := unquote(raw)
				v.str(path, c, s, raw)
			}
			if dst.IsValid() {
				dst.Set(reflect.ValueOf(t))
			}
			return
		}
		if n.kind == kString {
			b, end, fresh := jsonscan.String(raw, 0)
			if end != len(raw) {
				v.wrongType(path, "string", raw)
				return
			}
			v.stringValue(path, c, b, fresh, raw, dst)
			return
		}
		s, ok := unquote(raw)
		if !ok {
			v.wrongType(path, "string", raw)
			return
		}
		if n.kind == kBytes {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				v.add(path, "want standard base64, got %s", show(raw))
				return
			}
			if c != nil {
				v.str(path, c, s, raw)
			}
			if dst.IsValid() {
				dst.SetBytes(b)
			}
			return
		}
	case kBool:
		if JSONType(raw) != "boolean" {
			v.wrongType(path, "boolean", raw)
			return
		}
		if c != nil && c.enumKeys != nil {
			v.enum(path, c, string(raw), raw)
		}
		if dst.IsValid() {
			dst.SetBool(raw[0] == 't')
		}
	case kInt, kUint:
		if JSONType(raw) != "number" {
			v.wrongType(path, "integer", raw)
			return
		}
		iv, ok := parseIntVal(string(raw))
		if !ok {
			// JSON Schema's integer is any number with no fraction, so
			// 2e2, 200.0 and -0 are integers too: decode them as such.
			lit, integral := integerLiteral(string(raw))
			if integral {
				iv, ok = parseIntVal(lit)
			}
			if !ok {
				if integral {
					v.add(path, "%s is out of range for %s", show(raw), n.rt.Kind())
				} else {
					v.wrongType(path, "integer", raw)
				}
				return
			}
		}
		v.intValue(path, n, c, iv, raw, dst)
	case kFloat:
		if JSONType(raw) != "number" {
			v.wrongType(path, "number", raw)
			return
		}
		f, err := strconv.ParseFloat(string(raw), n.bits)
		if err != nil {
			v.add(path, "%s is out of range for %s", show(raw), n.rt.Kind())
			return
		}
		if c != nil {
			v.floats(path, c, f, raw)
			if c.enumKeys != nil {
				v.enum(path, c, strconv.FormatFloat(f, 'g', -1, 64), raw)
			}
		}
		if dst.IsValid() {
			dst.SetFloat(f)
		}
	case kArray:
		if raw[0] != '[' {
			v.wrongType(path, "array", raw)
			return
		}
		v.array(path, n, c, ic, raw, 0, len(raw), dst)
	case kMap:
		if raw[0] != '{' {
			v.wrongType(path, "object", raw)
			return
		}
		var keys []string
		vals := map[string]json.RawMessage{}
		ok := jsonscan.Members(raw, func(k, val []byte) bool {
			key, ok := unquote(k)
			if _, dup := vals[key]; !dup {
				keys = append(keys, key)
			}
			vals[key] = val
			return ok
		})
		if !ok {
			v.add(path, "not a JSON object: %s", show(raw))
			return
		}
		v.dict(path, n, keys, vals, dst)
	case kObject:
		if raw[0] != '{' {
			v.wrongType(path, "object", raw)
			return
		}
		v.objectAt(path, n, raw, 0, dst)
	}
}

// valueAt is value for the value starting at b[i]; it returns the index
// after it. Objects and arrays are walked from b[i] without finding their
// end first, so nested values are scanned once however deep they nest
// (finding each level's end before decoding it would scan a chain of
// nested objects once per level).
func (v *validator) valueAt(path string, n *node, c, ic *constraints, b []byte, i int, dst reflect.Value) int {
	if i >= len(b) {
		v.add(path, "not a JSON value: the input ends")
		return -1
	}
	switch {
	case n.kind == kObject && b[i] == '{':
		if dst.IsValid() {
			dst = deref(dst)
		}
		return v.objectAt(path, n, b, i, dst)
	case n.kind == kArray && b[i] == '[':
		if dst.IsValid() {
			dst = deref(dst)
		}
		return v.array(path, n, c, ic, b, i, -1, dst)
	case n.kind == kString && b[i] == '"' && dst.IsValid() && dst.Kind() == reflect.String:
		// The commonest member, in one scan (value would find the
		// string's end and then read it again).
		s, end, fresh := jsonscan.String(b, i)
		if end < 0 {
			break
		}
		v.stringValue(path, c, s, fresh, b[i:end], dst)
		return end
	case (n.kind == kInt || n.kind == kUint) && dst.IsValid() && dst.Kind() != reflect.Pointer:
		// A plain non-negative integer, parsed as it is scanned.
		m, end := plainUint(b, i)
		if end < 0 {
			break
		}
		v.intValue(path, n, c, intVal{mag: m}, b[i:end], dst)
		return end
	}
	end := jsonscan.ValueEnd(b, i)
	if end < 0 {
		// Input that was not checked first: a problem, not a panic.
		v.add(path, "not a JSON value: %s", show(b[i:]))
		return -1
	}
	v.value(path, n, c, ic, b[i:end], dst)
	return end
}

// stringValue checks the decoded string s (fresh: a buffer of its own, see
// arena.str) against c and stores it into dst (a string value, or invalid
// for validation only); raw is its JSON, for messages.
func (v *validator) stringValue(path string, c *constraints, s []byte, fresh bool, raw []byte, dst reflect.Value) {
	str := v.strs.str(s, fresh)
	if c != nil {
		v.str(path, c, str, raw)
	}
	if dst.IsValid() {
		dst.SetString(str)
	}
}

// intValue checks the integer iv against n's Go type and c, and stores it
// into dst (an integer value, or invalid for validation only).
func (v *validator) intValue(path string, n *node, c *constraints, iv intVal, raw []byte, dst reflect.Value) {
	if msg := iv.rangeErr(n); msg != "" {
		v.add(path, "%s", msg)
		return
	}
	if c != nil {
		v.ints(path, c, iv)
		if c.enumKeys != nil {
			v.enum(path, c, iv.String(), raw)
		}
	}
	switch {
	case !dst.IsValid():
	case n.kind == kUint:
		dst.SetUint(iv.mag)
	case iv.neg:
		dst.SetInt(int64(-iv.mag))
	default:
		dst.SetInt(int64(iv.mag))
	}
}

// plainUint parses the JSON number at b[i] when it is a plain integer of
// at most 18 digits with no sign, fraction or exponent (so it fits in a
// uint64), and returns it and the index after it; end is -1 otherwise, for
// the general path to handle.
func plainUint(b []byte, i int) (m uint64, end int) {
	j := i
	for j < len(b) && j-i < 19 && b[j] >= '0' && b[j] <= '9' {
		m = m*10 + uint64(b[j]-'0')
		j++
	}
	switch {
	case j == i, j-i > 18, j-i > 1 && b[i] == '0':
		return 0, -1
	case j < len(b) && (b[j] == '.' || b[j] == 'e' || b[j] == 'E'):
		return 0, -1
	}
	return m, j
}

// deref allocates the nil pointers on the way to the value dst points to.
func deref(dst reflect.Value) reflect.Value {
	for dst.Kind() == reflect.Pointer {
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		dst = dst.Elem()
	}
	return dst
}

// Member states while an object is walked.
const (
	absent = iota
	nullMember
	valueMember
)

// objectAt validates and stores the object starting at b[i] (node n) into
// dst (a struct value, when valid), and returns the index after it. Its
// members are decoded in the order they come; their problems are then
// listed in the fields' order, as object lists them. A repeated key
// replaces the earlier value whole, with its problems.
func (v *validator) objectAt(path string, n *node, b []byte, i int, dst reflect.Value) int {
	var small [16]uint8
	var state []uint8
	if len(n.fields) <= len(small) {
		state = small[:len(n.fields)]
	} else {
		state = make([]uint8, len(n.fields))
	}
	var fieldProbs [][]Problem // by field position, only once a field has problems
	var given []bool           // by field position, when n has rules
	if n.rules != nil {
		given = make([]bool, len(n.fields))
	}
	var unknown []string
	skip, leave := v.skip, v.leave // DecodeObject's, for the top level only
	v.skip, v.leave = nil, nil
	j := jsonscan.SkipSpace(b, i+1)
	if j < len(b) && b[j] == '}' {
		j++
	} else {
		for j < len(b) {
			key, kend, _ := jsonscan.String(b, j)
			if kend < 0 {
				break
			}
			j = jsonscan.SkipSpace(b, kend)
			j = jsonscan.SkipSpace(b, j+1) // after ':'
			var vend int
			var f *field
			skipped := (skip != nil && inList(skip, key)) || (leave != nil && inList(leave, key))
			if !skipped {
				f = n.lookup(key)
			}
			switch {
			case skipped:
				vend = jsonscan.ValueEnd(b, j)
			case f == nil:
				unknown = append(unknown, string(key))
				vend = jsonscan.ValueEnd(b, j)
			default:
				if state[f.at] == valueMember {
					// A repeated key: the earlier value is dropped.
					if fv, ok := v.fieldOf(path, f, dst); ok && fv.IsValid() {
						fv.SetZero()
					}
					if fieldProbs != nil {
						fieldProbs[f.at] = nil
					}
				}
				mark := len(v.probs)
				if len(b)-j >= 4 && isNull(b[j:j+4]) {
					state[f.at] = nullMember
					vend = j + 4
				} else {
					state[f.at] = valueMember
					if fv, ok := v.fieldOf(path, f, dst); ok {
						vend = v.valueAt(join(path, f.name), f.n, f.c, f.items, b, j, fv)
					} else {
						vend = jsonscan.ValueEnd(b, j)
					}
				}
				if given != nil {
					given[f.at] = vend > j && givenRaw(f, b[j:vend])
				}
				if len(v.probs) > mark {
					if fieldProbs == nil {
						fieldProbs = make([][]Problem, len(n.fields))
					}
					fieldProbs[f.at] = append([]Problem(nil), v.probs[mark:]...)
					v.probs = v.probs[:mark]
				}
			}
			if vend < 0 {
				break
			}
			j = jsonscan.SkipSpace(b, vend)
			if j < len(b) && b[j] == ',' {
				j = jsonscan.SkipSpace(b, j+1)
				continue
			}
			j++ // '}'
			break
		}
	}
	for k, f := range n.fields {
		switch state[k] {
		case valueMember:
			if fieldProbs != nil {
				v.probs = append(v.probs, fieldProbs[k]...)
			}
		default:
			if leave != nil && slices.Contains(leave, f.name) {
				continue
			}
			v.missing(path, f, state[k] == nullMember, dst)
		}
	}
	if given != nil {
		v.checkRules(path, n, given)
	}
	v.unknown(path, n, unknown)
	return j
}

// array validates and stores the JSON array starting at b[i] (node n: a
// Go slice or array) and returns the index after it. Items are walked in
// place: an item's path is built only when it has a problem (itemPath
// stands in for it), so a list of a million strings costs no allocation
// per item beyond the strings. known is the index after the array when the
// caller knows it, else -1.
func (v *validator) array(path string, n *node, c, ic *constraints, b []byte, i, known int, dst reflect.Value) int {
	isSlice := dst.IsValid() && dst.Kind() == reflect.Slice
	first, count, end := len(v.probs), 0, known
	if isSlice && n.elem.kind == kString && dst.Type().Elem().Kind() == reflect.String && !ic.checksStrings() {
		if end < 0 {
			end = jsonscan.ValueEnd(b, i)
		}
		if end >= 0 {
			count, end = v.strings(path, b[i:end], dst, end)
		}
	} else {
		count, end = v.items(path, n, ic, b, i, known, dst)
	}
	if end < 0 {
		v.add(path, "not a JSON array")
		return len(b)
	}
	if isSlice && count == 0 {
		dst.Set(reflect.MakeSlice(dst.Type(), 0, 0))
	}
	// Count problems come before the items' problems.
	var bounds validator
	lo, hi := itemBounds(n, c)
	if lo >= 0 && count < lo {
		bounds.add(path, "has %s, want at least %d", plural(count, "item"), lo)
	}
	if hi >= 0 && count > hi {
		bounds.add(path, "has %s, want at most %d", plural(count, "item"), hi)
	}
	if len(bounds.probs) > 0 {
		v.probs = slices.Insert(v.probs, first, bounds.probs...)
	}
	return end
}

// strings decodes an array of strings with nothing to check in them into
// the slice dst, whose elements are strings: the common big list (hosts,
// paths), without reflection per item.
func (v *validator) strings(path string, raw []byte, dst reflect.Value, end int) (count, after int) {
	l := jsonscan.Len(raw)
	if l <= 0 {
		if l < 0 {
			return 0, -1
		}
		return 0, end
	}
	dst.Set(reflect.MakeSlice(dst.Type(), l, l))
	// The elements' kind is string, so they are laid out as strings.
	list := unsafe.Slice((*string)(dst.UnsafePointer()), l)
	// Len has walked the array, so its shape is known: l values separated
	// by commas. Each string is read once, by String.
	i := jsonscan.SkipSpace(raw, 1)
	for n := range list {
		var end int
		if i < len(raw) && raw[i] == '"' {
			var b []byte
			var fresh bool
			if b, end, fresh = jsonscan.String(raw, i); end < 0 {
				return n, -1
			}
			list[n] = v.strs.str(b, fresh)
		} else {
			if end = jsonscan.ValueEnd(raw, i); end < 0 {
				return n, -1
			}
			ip := at(path, n)
			if it := raw[i:end]; isNull(it) {
				v.add(ip, "want string, got null")
			} else {
				v.wrongType(ip, "string", it)
			}
		}
		i = jsonscan.SkipSpace(raw, end)
		if i < len(raw) && raw[i] == ',' {
			i = jsonscan.SkipSpace(raw, i+1)
		}
	}
	return l, end
}

// items validates and stores each item of the array raw.
func (v *validator) items(path string, n *node, ic *constraints, b []byte, i, known int, dst reflect.Value) (count, end int) {
	isSlice := dst.IsValid() && dst.Kind() == reflect.Slice
	if isSlice {
		switch n.elem.kind {
		case kObject, kArray, kMap:
			// Items that are walked: counting them first would scan
			// them twice, and again at every level of a nesting.
		default:
			// Sized once: growing item by item (as encoding/json does)
			// allocates about five times the final slice.
			e := known
			if e < 0 {
				e = jsonscan.ValueEnd(b, i)
			}
			if e > 0 {
				if l := jsonscan.Len(b[i:e]); l > 0 {
					dst.Set(reflect.MakeSlice(dst.Type(), 0, l))
				}
			}
		}
	}
	var spare reflect.Value // for the items past a Go array's length
	j := jsonscan.SkipSpace(b, i+1)
	if j < len(b) && b[j] == ']' {
		return 0, j + 1
	}
	for k := 0; j < len(b); k++ {
		count++
		var ev reflect.Value
		switch {
		case isSlice:
			if k >= dst.Cap() {
				dst.Grow(1)
			}
			dst.SetLen(k + 1)
			ev = dst.Index(k)
		case !dst.IsValid():
		case k < dst.Len():
			ev = dst.Index(k)
		default:
			if !spare.IsValid() {
				spare = reflect.New(dst.Type().Elem()).Elem()
			}
			spare.SetZero()
			ev = spare
		}
		var vend int
		if len(b)-j >= 4 && isNull(b[j:j+4]) {
			vend = j + 4
			if !n.elemNull {
				v.add(at(path, k), "want %s, got null", kindName(n.elem))
			}
		} else {
			mark := len(v.probs)
			vend = v.valueAt(itemPath, n.elem, ic, nil, b, j, ev)
			if len(v.probs) > mark {
				ip := at(path, k)
				for p := mark; p < len(v.probs); p++ {
					v.probs[p].Path = ip + strings.TrimPrefix(v.probs[p].Path, itemPath)
				}
			}
		}
		if vend < 0 {
			return count, -1
		}
		j = jsonscan.SkipSpace(b, vend)
		if j < len(b) && b[j] == ',' {
			j = jsonscan.SkipSpace(b, j+1)
			continue
		}
		return count, j + 1 // ']'
	}
	return count, -1
}

// arena is where decoded strings are kept: each is appended to a chunk
// and the string shares the chunk's memory, so a list of a million short
// strings costs a few allocations instead of a million (on wasm each is
// about as dear as decoding the string, and each is one more object for
// the collector). A string that holds on to its chunk holds at most
// maxChunk bytes besides itself; long strings get their own allocation.
type arena struct {
	chunk []byte
	hint  int // the size of the input, when known: the first chunk need not be bigger
}

const (
	minChunk = 256
	maxChunk = 32 << 10
)

// str returns b as a string. fresh says b is a new buffer nobody else
// holds (jsonscan.String's unescaped result), which the string then
// shares; otherwise b is copied into the arena.
func (a *arena) str(b []byte, fresh bool) string {
	switch {
	case len(b) == 0:
		return ""
	case fresh:
		return unsafe.String(&b[0], len(b))
	case len(b) > maxChunk/4:
		return string(b)
	}
	if cap(a.chunk)-len(a.chunk) < len(b) {
		size := min(max(2*cap(a.chunk), minChunk), maxChunk)
		if a.chunk == nil && a.hint > 0 {
			// The strings of an input are shorter than it.
			size = min(a.hint, maxChunk)
		}
		for size < len(b) {
			size *= 2
		}
		a.chunk = make([]byte, 0, size)
	}
	off := len(a.chunk)
	a.chunk = append(a.chunk, b...)
	return unsafe.String(&a.chunk[off], len(b))
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// decodeOwn stores a value whose type decodes itself (an interface, a
// json.Unmarshaler, an encoding.TextUnmarshaler) the way encoding/json
// does, by calling it; dst must be addressable. A json.RawMessage is
// copied without the call.
func (v *validator) decodeOwn(path string, raw []byte, dst reflect.Value) {
	if !dst.IsValid() {
		return
	}
	if dst.Type() == rawMessageType {
		dst.SetBytes(bytes.Clone(raw))
		return
	}
	if err := json.Unmarshal(raw, dst.Addr().Interface()); err != nil {
		v.add(path, "%v", err)
	}
}
