package host

import (
	"unicode/utf8"
)

// fitJSONString returns what the plugin receives of a stream of arbitrary
// bytes sent as a JSON string: the longest prefix of b whose encoding (as
// the host encodes responses: encoding/json without HTML escaping, quotes
// not counted) takes at most limit bytes, as valid UTF-8 (each byte of an
// invalid sequence becomes U+FFFD, as encoding/json would write it, but as
// 3 raw bytes rather than the 6-byte escape "\ufffd"). cut reports that
// something of b was left out. more says that b itself was cut from a
// longer stream: then a rune the cut split is dropped rather than turned
// into U+FFFD.
func fitJSONString(b []byte, limit int, more bool) (s string, cut bool) {
	used, i, valid := 0, 0, true
	for i < len(b) {
		c := b[i]
		cost, size := 1, 1
		if c < utf8.RuneSelf {
			cost = asciiJSONCost[c]
		} else {
			if more && !utf8.FullRune(b[i:]) {
				break
			}
			r, n := utf8.DecodeRune(b[i:])
			size = n
			switch {
			case r == utf8.RuneError && n == 1:
				cost, valid = len(string(utf8.RuneError)), false
			case r == '\u2028' || r == '\u2029':
				cost = 6 // escaped as \u2028, \u2029
			default:
				cost = n
			}
		}
		if used+cost > limit {
			break
		}
		used += cost
		i += size
	}
	if valid {
		return string(b[:i]), i < len(b)
	}
	out := make([]byte, 0, used)
	for j := 0; j < i; {
		r, n := utf8.DecodeRune(b[j:])
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[j:j+n]...)
		}
		j += n
	}
	return string(out), i < len(b)
}

// asciiJSONCost is the encoded size of each ASCII byte inside a JSON
// string as encoding/json writes it with HTML escaping off: 2 for the
// short escapes (\" \\ \b \f \n \r \t), 6 for the other control
// characters (\u001f), 1 for the rest. TestFitJSONString checks it against
// encoding/json.
var asciiJSONCost = func() (t [utf8.RuneSelf]int) {
	for c := range t {
		switch {
		case c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t':
			t[c] = 2
		case c < 0x20:
			t[c] = 6
		default:
			t[c] = 1
		}
	}
	return t
}()
