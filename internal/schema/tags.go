package schema

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
	suggestpkg "github.com/reglet-dev/reglet-plugin-sdk/internal/suggest"
)

// keyword is one entry of a jsonschema tag.
type keyword struct {
	key, val string
	hasVal   bool
}

// knownKeywords are the keywords a jsonschema tag may hold.
var knownKeywords = [...]string{
	"required", "title", "description", "default", "example", "enum",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
	"minLength", "maxLength", "pattern", "format", "minItems", "maxItems",
	"requiredWithout", "excludes", "requires",
}

// startsKeyword reports whether a tag entry is a keyword: "required" alone,
// or a known keyword followed by '='.
func startsKeyword(entry string) bool {
	if entry == "required" {
		return true
	}
	k, _, ok := strings.Cut(entry, "=")
	if !ok {
		return false
	}
	for _, kw := range knownKeywords {
		if k == kw {
			return true
		}
	}
	return false
}

// textKeyword reports whether key's value is free text (or a pattern),
// which may contain commas.
func textKeyword(key string) bool {
	return key == "description" || key == "title" || key == "pattern"
}

// splitTag splits a jsonschema tag at commas not escaped as `\,`, and each
// entry at its first '='. In the value of description, title and pattern, a
// comma that is not followed by a known keyword ("required", or a keyword
// and '=') belongs to the value, so
// `description=Nameserver (host:port, e.g. 8.8.8.8:53)` and
// `pattern=^a{1,3}$` need no escaping.
func splitTag(tag string) []keyword {
	// Entries at unescaped commas, with `\,` already turned into ','.
	var entries []string
	var cur strings.Builder
	for i := 0; i < len(tag); i++ {
		switch {
		case tag[i] == '\\' && i+1 < len(tag) && tag[i+1] == ',':
			cur.WriteByte(',')
			i++
		case tag[i] == ',':
			entries = append(entries, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(tag[i])
		}
	}
	entries = append(entries, cur.String())

	var out []keyword
	for _, s := range entries {
		if n := len(out); n > 0 && out[n-1].hasVal && textKeyword(out[n-1].key) && !startsKeyword(s) {
			out[n-1].val += "," + s
			continue
		}
		if s == "" {
			continue
		}
		k, v, ok := strings.Cut(s, "=")
		out = append(out, keyword{key: k, val: v, hasVal: ok})
	}
	return out
}

// applyTag reads field f's jsonschema tag into f.
func applyTag(f *field, tag string) error {
	if tag == "" {
		return nil
	}
	c := newConstraints()
	// Value keywords describe the items of an array field.
	vn, vc := f.n, c
	var ic *constraints
	if f.n.kind == kArray {
		ic = newConstraints()
		vn, vc = f.n.elem, ic
	}
	var defaults []string
	var hasDefault bool
	for _, kw := range splitTag(tag) {
		if kw.key == "required" {
			if kw.hasVal {
				return fmt.Errorf("jsonschema tag: required takes no value")
			}
			f.required = true
			continue
		}
		if !kw.hasVal {
			return unknownKeyword(kw.key)
		}
		if rk, ok := ruleKindOf(kw.key); ok {
			if kw.val == "" {
				return fmt.Errorf("jsonschema tag: %s needs a member name", kw.key)
			}
			f.ruleTags = append(f.ruleTags, ruleTag{kind: rk, other: kw.val})
			continue
		}
		var err error
		switch kw.key {
		case "title":
			c.title = kw.val
		case "description":
			c.description = kw.val
		case "default":
			if hasDefault && f.n.kind != kArray {
				return fmt.Errorf("jsonschema tag: default given twice")
			}
			hasDefault = true
			defaults = append(defaults, kw.val)
		case "example":
			if f.n.kind == kArray {
				return fmt.Errorf("jsonschema tag: example %w an array field", errNotApplicable)
			}
			var raw []byte
			if raw, err = literal(f.n, kw.val); err == nil {
				c.examples = append(c.examples, raw)
			}
		case "minItems", "maxItems":
			if f.n.kind != kArray {
				return fmt.Errorf("jsonschema tag: %s %w %s", kw.key, errNotApplicable, kindName(f.n))
			}
			var v int
			if v, err = length(kw.val); err == nil {
				if kw.key == "minItems" {
					c.minItems = v
				} else {
					c.maxItems = v
				}
			}
		case "enum":
			var raw []byte
			if raw, err = literal(vn, kw.val); err == nil {
				vc.enum = append(vc.enum, raw)
				vc.enumKeys = append(vc.enumKeys, canon(vn, raw))
			}
		case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
			if vn.kind != kInt && vn.kind != kUint && vn.kind != kFloat {
				return fmt.Errorf("jsonschema tag: %s %w %s", kw.key, errNotApplicable, kindName(vn))
			}
			var bd *bound
			if bd, err = parseBound(vn, kw.val); err == nil {
				switch kw.key {
				case "minimum":
					vc.min = bd
				case "maximum":
					vc.max = bd
				case "exclusiveMinimum":
					vc.exMin = bd
				default:
					vc.exMax = bd
				}
			}
		case "minLength", "maxLength", "pattern", "format":
			if vn.kind != kString && vn.kind != kText {
				return fmt.Errorf("jsonschema tag: %s %w %s", kw.key, errNotApplicable, kindName(vn))
			}
			switch kw.key {
			case "minLength":
				vc.minLen, err = length(kw.val)
			case "maxLength":
				vc.maxLen, err = length(kw.val)
			case "format":
				vc.format = kw.val
				if vc.formatOK = formatCheck(kw.val); vc.formatOK == nil {
					err = errUnknownFormat
				}
			default:
				vc.pattern = kw.val
				vc.re, err = compilePattern(kw.val)
			}
		default:
			return unknownKeyword(kw.key)
		}
		if err != nil {
			return fmt.Errorf("jsonschema tag: %s=%s: %w", kw.key, kw.val, err)
		}
	}
	if hasDefault {
		var raw []byte
		var err error
		if f.n.kind == kArray {
			raw = append(raw, '[')
			for i, d := range defaults {
				var item []byte
				if item, err = literal(f.n.elem, d); err != nil {
					break
				}
				if i > 0 {
					raw = append(raw, ',')
				}
				raw = append(raw, item...)
			}
			raw = append(raw, ']')
		} else {
			raw, err = literal(f.n, defaults[0])
		}
		if err != nil {
			return fmt.Errorf("jsonschema tag: default=%s: %w", strings.Join(defaults, ","), err)
		}
		c.def = raw
	}
	if !c.empty() {
		f.c = c
	}
	if ic != nil && !ic.empty() {
		f.items = ic
	}
	// Defaults and examples must themselves be valid.
	check := func(what string, raw []byte) error {
		var v validator
		v.value(f.name, f.n, f.c, f.items, raw, reflect.Value{})
		if len(v.probs) > 0 {
			return fmt.Errorf("jsonschema tag: %s %s breaks the field's own rules: %w", what, raw, &ValidationError{Problems: v.probs})
		}
		return nil
	}
	if f.c != nil {
		if f.c.def != nil {
			if err := check("default", f.c.def); err != nil {
				return err
			}
			f.defVal = decodedDefault(f)
		}
		for _, ex := range f.c.examples {
			if err := check("example", ex); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodedDefault returns f's default decoded once, for fillDefault to copy
// instead of decoding the JSON again on every call that omits the field:
// only where a copy shares nothing (a non-pointer bool, number or string;
// text and custom decoders run each time, as encoding/json runs them).
func decodedDefault(f *field) *reflect.Value {
	if !scalar(f) {
		return nil
	}
	dv := reflect.New(f.n.rt).Elem()
	var v validator
	v.value(f.name, f.n, f.c, f.items, f.c.def, dv)
	if len(v.probs) > 0 {
		return nil
	}
	return &dv
}

func (c *constraints) empty() bool {
	return c.title == "" && c.description == "" && c.format == "" && c.pattern == "" &&
		c.enum == nil && c.def == nil && c.examples == nil &&
		c.min == nil && c.max == nil && c.exMin == nil && c.exMax == nil &&
		c.minLen < 0 && c.maxLen < 0 && c.minItems < 0 && c.maxItems < 0
}

func length(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0, errors.New("want a non-negative integer")
	}
	return v, nil
}

// isDuration reports whether t is time.Duration. It compares names, so
// that Duration's methods (String and its formatting code) are not linked
// into every plugin just for this test.
func isDuration(t reflect.Type) bool {
	return t.Kind() == reflect.Int64 && t.Name() == "Duration" && t.PkgPath() == "time"
}

// kindName names the JSON type of n for messages.
func kindName(n *node) string {
	switch n.kind {
	case kString, kText, kTime, kBytes:
		return "string"
	case kBool:
		return "boolean"
	case kInt, kUint:
		return "integer"
	case kFloat:
		return "number"
	case kArray:
		return "array"
	case kMap, kObject:
		return "object"
	}
	return "any value"
}

// literal turns a tag value into the JSON value it denotes for node n.
func literal(n *node, s string) ([]byte, error) {
	switch n.kind {
	case kString, kText:
		return appendString(nil, s), nil
	case kTime:
		if !validTime(s) {
			return nil, errors.New("want an RFC 3339 date-time")
		}
		return appendString(nil, s), nil
	case kBytes:
		if _, err := base64.StdEncoding.DecodeString(s); err != nil {
			return nil, errors.New("want standard base64")
		}
		return appendString(nil, s), nil
	case kBool:
		if s != "true" && s != "false" {
			return nil, errors.New("want true or false")
		}
		return []byte(s), nil
	case kInt, kUint:
		v, ok := parseIntVal(s)
		if !ok && isDuration(n.rt) {
			if d, err := time.ParseDuration(s); err == nil {
				v, ok = intOf(int64(d)), true
			}
		}
		if !ok {
			return nil, errors.New("want an integer")
		}
		if msg := v.rangeErr(n); msg != "" {
			return nil, errors.New(msg)
		}
		return []byte(v.String()), nil
	case kFloat:
		f, err := strconv.ParseFloat(s, n.bits)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, errors.New("want a number")
		}
		return strconv.AppendFloat(nil, f, 'g', -1, n.bits), nil
	}
	return nil, fmt.Errorf("values %w %s fields", errNotApplicable, kindName(n))
}

// canon is the comparison key of a JSON value already known to match node n.
func canon(n *node, raw []byte) string {
	switch n.kind {
	case kString, kText, kTime, kBytes:
		s, _ := unquote(raw)
		return s
	case kInt, kUint:
		v, _ := parseIntVal(string(raw))
		return v.String()
	case kFloat:
		f, _ := strconv.ParseFloat(string(raw), 64)
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return string(raw)
}

func parseBound(n *node, s string) (*bound, error) {
	if n.kind == kFloat {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, errors.New("want a number")
		}
		return &bound{lit: strconv.FormatFloat(f, 'g', -1, 64), f: f}, nil
	}
	v, ok := parseIntVal(s)
	if !ok {
		return nil, errors.New("want an integer")
	}
	return &bound{lit: v.String(), i: v}, nil
}

// intVal is an integer of up to 64 bits of magnitude, with its sign.
type intVal struct {
	neg bool
	mag uint64
}

func intOf(i int64) intVal {
	if i < 0 {
		return intVal{true, uint64(-(i + 1)) + 1}
	}
	return intVal{false, uint64(i)}
}

// parseIntVal parses a JSON integer literal: an optional minus sign and
// digits, nothing else.
func parseIntVal(s string) (intVal, bool) {
	var v intVal
	if strings.HasPrefix(s, "-") {
		v.neg, s = true, s[1:]
	}
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return v, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return v, false
		}
	}
	m, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return v, false
	}
	v.mag = m
	if m == 0 {
		v.neg = false
	}
	return v, true
}

func (v intVal) String() string {
	s := strconv.FormatUint(v.mag, 10)
	if v.neg {
		return "-" + s
	}
	return s
}

func (v intVal) cmp(w intVal) int {
	switch {
	case v.neg && !w.neg:
		return -1
	case !v.neg && w.neg:
		return 1
	case v.mag == w.mag:
		return 0
	case (v.mag < w.mag) != v.neg:
		return -1
	}
	return 1
}

// rangeErr says why v does not fit integer node n, or returns "".
func (v intVal) rangeErr(n *node) string {
	var lo, hi intVal
	if n.kind == kUint {
		hi = intVal{mag: math.MaxUint64 >> (64 - n.bits)}
	} else {
		lo = intVal{neg: true, mag: 1 << (n.bits - 1)}
		hi = intVal{mag: 1<<(n.bits-1) - 1}
	}
	if v.cmp(lo) < 0 || v.cmp(hi) > 0 {
		return fmt.Sprintf("%s is out of range for %s (%s to %s)", v, n.rt.Kind(), lo, hi)
	}
	return ""
}

// unquote decodes a JSON string literal.
func unquote(raw []byte) (string, bool) {
	s, end, _ := jsonscan.String(raw, 0)
	if end != len(raw) {
		return "", false
	}
	return string(s), true
}

// tagKeywords are the keywords a jsonschema tag accepts (applyTag's cases
// and the rules between members), for "did you mean" on a misspelt one.
var tagKeywords = append([]string{"required", "title", "description", "default", "example", "enum",
	"minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
	"minLength", "maxLength", "pattern", "format"}, ruleKeywords[:]...)

// unknownKeyword is the error for a keyword the tag does not know, with
// the closest one it does.
func unknownKeyword(key string) error {
	if s := suggestpkg.Closest(key, tagKeywords); s != "" {
		return fmt.Errorf("jsonschema tag: unknown keyword %q; did you mean %q?", key, s)
	}
	return fmt.Errorf("jsonschema tag: unknown keyword %q", key)
}
