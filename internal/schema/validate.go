package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/textclip"
)

// itemPath is the path an array item is validated under; the array puts the
// item's real path in its place in any problem the item has.
const itemPath = "\x00"

// validator collects problems.
type validator struct {
	probs []Problem
	strs  arena    // decoded strings
	skip  []string // top-level keys DecodeObject treats as absent; taken by the first objectAt
	leave []string // top-level fields DecodeObject leaves alone; taken with skip
}

func (v *validator) add(path, format string, args ...any) {
	v.probs = append(v.probs, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return clipPath(path) + "." + name
}

// at is the path of array item i under path.
func at(path string, i int) string {
	return clipPath(path) + "[" + strconv.Itoa(i) + "]"
}

// maxPath bounds the paths problems name. A config nested 10,000 levels
// deep (as deep as JSON may go) would otherwise hold a path per level, of
// up to 20,000 bytes each, 100 MB in all: most of a plugin's memory.
const maxPath = 512

// clipPath keeps the last part of a path longer than maxPath, from a
// member or item boundary, after "…".
func clipPath(path string) string {
	if len(path) <= maxPath {
		return path
	}
	cut := len(path) - maxPath/2
	if i := strings.IndexAny(path[cut:], ".["); i >= 0 {
		cut += i
	}
	return "…" + path[cut:]
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
	return clipPath(path) + "[" + string(appendString(nil, k)) + "]"
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
	if c.min != nil && f < c.min.f {
		v.add(path, "%s is less than the minimum %s", show(raw), c.min.lit)
	}
	if c.exMin != nil && f <= c.exMin.f {
		v.add(path, "%s must be greater than %s", show(raw), c.exMin.lit)
	}
	if c.max != nil && f > c.max.f {
		v.add(path, "%s is greater than the maximum %s", show(raw), c.max.lit)
	}
	if c.exMax != nil && f >= c.exMax.f {
		v.add(path, "%s must be less than %s", show(raw), c.exMax.lit)
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
