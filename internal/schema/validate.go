package schema

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/textclip"
)

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
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem() != t.rt {
		return fmt.Errorf("schema: Decode needs a non-nil *%s, got %T", t.rt, dst)
	}
	// Members come from splitting a JSON object, so they should be valid
	// JSON; nested values are walked in place and need no check.
	for _, raw := range fields {
		if !json.Valid(raw) {
			var v validator
			for _, k := range sortedKeys(fields) {
				if raw := fields[k]; !json.Valid(raw) {
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
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Type().Elem() != t.rt {
		return fmt.Errorf("schema: Decode needs a non-nil *%s, got %T", t.rt, dst)
	}
	var v validator
	var obj []byte
	if t.root.kind == kObject {
		obj = v.object("", t.root, fields)
	} else {
		obj = v.dict("", t.root, fields)
	}
	if len(v.probs) > 0 {
		return &ValidationError{Problems: v.probs}
	}
	rv.Elem().SetZero()
	if err := json.Unmarshal(obj, dst); err != nil {
		return &ValidationError{Problems: []Problem{{Message: err.Error()}}}
	}
	return nil
}

// itemPath is the path an array item is validated under; the array puts the
// item's real path in its place in any problem the item has.
const itemPath = "\x00"

// validator collects problems.
type validator struct {
	probs []Problem
}

func (v *validator) add(path, format string, args ...any) {
	v.probs = append(v.probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// member is the path of map key k under path.
func member(path, k string) string {
	plain := k != ""
	for i := 0; i < len(k); i++ {
		b := k[i]
		if !(b == '_' || b == '-' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return join(path, k)
	}
	return path + "[" + string(appendString(nil, k)) + "]"
}

func isNull(raw []byte) bool {
	return string(raw) == "null"
}

// jsonType names the JSON type of a valid JSON value.
// JSONType names the JSON type of a valid value by its first byte:
// "string", "object", "array", "boolean", "null", "number", or "nothing"
// for no bytes. Every message that names a value's type uses it.
func JSONType(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// show renders a value for a message, shortened when long (on a rune
// boundary, with "…").
func show(raw []byte) string { return textclip.Shorten(raw, 64) }

func (v *validator) wrongType(path string, want string, raw []byte) {
	got := JSONType(raw)
	switch got {
	case "object", "array", "null":
		v.add(path, "want %s, got %s", want, got)
	default:
		v.add(path, "want %s, got %s %s", want, got, show(raw))
	}
}

// object validates the members of an object of node n and returns the
// object to decode, with defaults filled in.
func (v *validator) object(path string, n *node, in map[string]json.RawMessage) []byte {
	size := 2 + len(n.defObj)
	for k, raw := range in {
		size += len(k) + len(raw) + 4
	}
	out := make([]byte, 1, size)
	out[0] = '{'
	first := true
	put := func(name string, raw []byte) {
		if !first {
			out = append(out, ',')
		}
		first = false
		out = appendString(out, name)
		out = append(out, ':')
		out = append(out, raw...)
	}
	for _, f := range n.fields {
		fp := join(path, f.name)
		raw, ok := in[f.name]
		null := ok && isNull(raw)
		switch {
		case null && f.required:
			if f.ptr {
				v.add(fp, "required field is null")
			} else {
				v.add(fp, "required field is missing")
			}
		case null && f.ptr:
			put(f.name, raw)
		case !ok || null:
			if f.required {
				v.add(fp, "required field is missing")
			} else if f.c != nil && f.c.def != nil {
				put(f.name, f.c.def)
			} else if f.n.kind == kObject && !f.ptr && f.n.defObj != nil {
				put(f.name, f.n.defObj)
			}
		default:
			put(f.name, v.value(fp, f.n, f.c, f.items, raw))
		}
	}
	var unknown []string
	for k := range in {
		if _, ok := n.index[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		if s := suggest(k, n.fields); s != "" {
			v.add(member(path, k), "unknown field; did you mean %q?", s)
		} else {
			v.add(member(path, k), "unknown field")
		}
	}
	return append(out, '}')
}

// dict validates the members of a map of node n and returns the object to
// decode.
func (v *validator) dict(path string, n *node, in map[string]json.RawMessage) []byte {
	out := []byte{'{'}
	for i, k := range sortedKeys(in) {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, k)
		out = append(out, ':')
		raw := in[k]
		switch {
		case !isNull(raw):
			raw = v.value(member(path, k), n.elem, nil, nil, raw)
		case !n.elemNull:
			v.add(member(path, k), "want %s, got null", kindName(n.elem))
		}
		out = append(out, raw...)
	}
	return append(out, '}')
}

// value validates raw against node n with constraints c (and, for arrays,
// item constraints ic). It returns the value to decode: raw itself, or a
// rewritten copy with defaults filled into nested objects.
func (v *validator) value(path string, n *node, c, ic *constraints, raw []byte) []byte {
	switch n.kind {
	case kAny:
		return raw
	case kString, kText, kTime, kBytes:
		if (n.kind == kString || n.kind == kText) && !c.checksStrings() {
			if raw[0] != '"' {
				v.wrongType(path, "string", raw)
			}
			return raw // nothing to check inside: skip unquoting
		}
		s, ok := unquote(raw)
		if !ok {
			v.wrongType(path, "string", raw)
			return raw
		}
		switch n.kind {
		case kTime:
			if !validTime(s) {
				v.add(path, "want a date-time such as \"2006-01-02T15:04:05Z\" (RFC 3339), got %s", show(raw))
			}
		case kBytes:
			if _, err := base64.StdEncoding.DecodeString(s); err != nil {
				v.add(path, "want standard base64, got %s", show(raw))
			}
		}
		if c != nil {
			v.str(path, c, s, raw)
		}
	case kBool:
		if JSONType(raw) != "boolean" {
			v.wrongType(path, "boolean", raw)
			return raw
		}
		if c != nil {
			v.enum(path, c, string(raw), raw)
		}
	case kInt, kUint:
		if JSONType(raw) != "number" {
			v.wrongType(path, "integer", raw)
			return raw
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
				return raw
			}
		}
		if msg := iv.rangeErr(n); msg != "" {
			v.add(path, "%s", msg)
			return raw
		}
		if c != nil {
			v.ints(path, c, iv)
			v.enum(path, c, iv.String(), raw)
		}
		if lit := iv.String(); lit != string(raw) {
			return []byte(lit)
		}
	case kFloat:
		if JSONType(raw) != "number" {
			v.wrongType(path, "number", raw)
			return raw
		}
		f, err := strconv.ParseFloat(string(raw), n.bits)
		if err != nil {
			v.add(path, "%s is out of range for %s", show(raw), n.rt.Kind())
			return raw
		}
		if c != nil {
			v.floats(path, c, f, raw)
			v.enum(path, c, strconv.FormatFloat(f, 'g', -1, 64), raw)
		}
	case kArray:
		if JSONType(raw) != "array" {
			v.wrongType(path, "array", raw)
			return raw
		}
		// Walk the items in place: no slice of items, and an item's path is
		// built only when it has a problem (itemPath stands in for it), so
		// a list of a million strings costs no allocation per item.
		type rewrite struct {
			i   int
			out []byte
		}
		var rewrites []rewrite
		first, count := len(v.probs), 0
		ok := eachItem(raw, func(i int, it []byte) {
			count++
			if isNull(it) {
				if !n.elemNull {
					v.add(path+"["+strconv.Itoa(i)+"]", "want %s, got null", kindName(n.elem))
				}
				return
			}
			mark := len(v.probs)
			out := v.value(itemPath, n.elem, ic, nil, it)
			if len(v.probs) > mark {
				ip := path + "[" + strconv.Itoa(i) + "]"
				for j := mark; j < len(v.probs); j++ {
					v.probs[j].Path = ip + strings.TrimPrefix(v.probs[j].Path, itemPath)
				}
			}
			if !sameBytes(out, it) {
				rewrites = append(rewrites, rewrite{i, out})
			}
		})
		if !ok {
			v.add(path, "not a JSON array: %s", show(raw))
			return raw
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
		if len(rewrites) == 0 {
			return raw
		}
		out := make([]byte, 0, len(raw)+64)
		out = append(out, '[')
		eachItem(raw, func(i int, it []byte) {
			if i > 0 {
				out = append(out, ',')
			}
			if len(rewrites) > 0 && rewrites[0].i == i {
				it, rewrites = rewrites[0].out, rewrites[1:]
			}
			out = append(out, it...)
		})
		return append(out, ']')
	case kMap, kObject:
		if JSONType(raw) != "object" {
			v.wrongType(path, "object", raw)
			return raw
		}
		var in map[string]json.RawMessage
		if err := json.Unmarshal(raw, &in); err != nil {
			v.add(path, "%v", err)
			return raw
		}
		if n.kind == kMap {
			return v.dict(path, n, in)
		}
		return v.object(path, n, in)
	}
	return raw
}

// checksStrings reports whether c has keywords that look inside a string.
func (c *constraints) checksStrings() bool {
	return c != nil && (c.re != nil || c.minLen >= 0 || c.maxLen >= 0 || c.enumKeys != nil || c.formatOK != nil)
}

// validTime reports whether s is a date-time that time.Time's UnmarshalJSON
// accepts (strict RFC 3339), using the same parser.
func validTime(s string) bool {
	var t time.Time
	return t.UnmarshalText([]byte(s)) == nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// sameBytes reports whether a and b are the same slice.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func (v *validator) enum(path string, c *constraints, key string, raw []byte) {
	if c.enumKeys == nil || slices.Contains(c.enumKeys, key) {
		return
	}
	var b strings.Builder
	for i, e := range c.enum {
		if i > 0 {
			b.WriteString(", ")
		}
		b.Write(e)
	}
	v.add(path, "%s is not one of %s", show(raw), b.String())
}

func (v *validator) str(path string, c *constraints, s string, raw []byte) {
	if c.minLen >= 0 || c.maxLen >= 0 {
		l := utf8.RuneCountInString(s)
		if c.minLen >= 0 && l < c.minLen {
			v.add(path, "%s is too short: %s, want at least %d", show(raw), plural(l, "character"), c.minLen)
		}
		if c.maxLen >= 0 && l > c.maxLen {
			v.add(path, "%s is too long: %s, want at most %d", show(raw), plural(l, "character"), c.maxLen)
		}
	}
	if c.formatOK != nil && !c.formatOK(s) {
		v.add(path, "%s is not %s", show(raw), formatDescription(c.format))
	}
	if c.re != nil && !c.re.MatchString(s) {
		v.add(path, "%s does not match the pattern %s", show(raw), c.pattern)
	}
	v.enum(path, c, s, raw)
}

func (v *validator) ints(path string, c *constraints, iv intVal) {
	if c.min != nil && iv.cmp(c.min.i) < 0 {
		v.add(path, "%s is less than the minimum %s", iv, c.min.lit)
	}
	if c.exMin != nil && iv.cmp(c.exMin.i) <= 0 {
		v.add(path, "%s must be greater than %s", iv, c.exMin.lit)
	}
	if c.max != nil && iv.cmp(c.max.i) > 0 {
		v.add(path, "%s is greater than the maximum %s", iv, c.max.lit)
	}
	if c.exMax != nil && iv.cmp(c.exMax.i) >= 0 {
		v.add(path, "%s must be less than %s", iv, c.exMax.lit)
	}
}

func (v *validator) floats(path string, c *constraints, f float64, raw []byte) {
	s := show(raw)
	if c.min != nil && f < c.min.f {
		v.add(path, "%s is less than the minimum %s", s, c.min.lit)
	}
	if c.exMin != nil && f <= c.exMin.f {
		v.add(path, "%s must be greater than %s", s, c.exMin.lit)
	}
	if c.max != nil && f > c.max.f {
		v.add(path, "%s is greater than the maximum %s", s, c.max.lit)
	}
	if c.exMax != nil && f >= c.exMax.f {
		v.add(path, "%s must be less than %s", s, c.exMax.lit)
	}
}

// integerLiteral rewrites a JSON number literal whose value is an integer
// (2e2, 200.0, -0, 1.5e1) as plain digits. integral is false for a value
// with a fraction (or for text that is not a JSON number); a value too big
// for any Go integer gives integral true and a literal the caller's range
// check refuses.
func integerLiteral(s string) (lit string, integral bool) {
	var digits []byte // significant digits, leading zeros dropped
	neg, i, frac := false, 0, 0
	if i < len(s) && s[i] == '-' {
		neg, i = true, 1
	}
	start := i
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if len(digits) > 0 || s[i] != '0' {
			digits = append(digits, s[i])
		}
	}
	if i == start {
		return "", false
	}
	if i < len(s) && s[i] == '.' {
		i++
		fstart := i
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if len(digits) > 0 || s[i] != '0' {
				digits = append(digits, s[i])
			}
			frac++
		}
		if i == fstart {
			return "", false
		}
	}
	exp, expNeg := 0, false
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			expNeg = s[i] == '-'
			i++
		}
		estart := i
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if exp < 1e6 {
				exp = exp*10 + int(s[i]-'0')
			}
		}
		if i == estart {
			return "", false
		}
	}
	if i != len(s) {
		return "", false
	}
	if len(digits) == 0 {
		return "0", true
	}
	if expNeg {
		exp = -exp
	}
	// The value is digits × 10^shift; digits counted the fraction's
	// digits (those after any leading zeros).
	shift := exp - frac
	if shift >= 0 {
		if len(digits)+shift > 40 {
			return "99999999999999999999999999999999999999999", true
		}
		for ; shift > 0; shift-- {
			digits = append(digits, '0')
		}
	} else {
		cut := len(digits) + shift
		if cut <= 0 {
			return "", false
		}
		for _, d := range digits[cut:] {
			if d != '0' {
				return "", false
			}
		}
		digits = digits[:cut]
	}
	if neg {
		return "-" + string(digits), true
	}
	return string(digits), true
}
