// Package jsonscan is the guest's one JSON scanner: the byte loops every
// hand-written JSON reader of the SDK is built on. Valid checks a whole
// document; SkipSpace, ValueEnd, Items and Members walk a document already
// known to be valid without allocating; String reads and unescapes one
// string exactly as encoding/json does. They exist because encoding/json's
// scanner makes an indirect call per byte, which on wasm costs several
// times more than a plain loop (BENCHMARKS.md, "Big configs").
//
// Users: internal/codec (splitting the observe config), internal/schema
// (the one-pass validating decoder of typed inputs), internal/hostclient
// (decoding host responses) and application/plugin (the lifecycle's check
// of every config).
package jsonscan

import (
	"unicode/utf16"
	"unicode/utf8"
)

// SkipSpace returns the index of the first byte at or after i that is not
// JSON whitespace.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] (a
// '"'), trusting it to be valid, or -1 when b ends first.
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		for j+8 <= len(b) && !quoteOrBackslash(word(b, j)) {
			j += 8
		}
		if j >= len(b) {
			break
		}
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// Strings are scanned eight bytes at a time where they are plain: on wasm
// a byte loop costs a few nanoseconds a byte, and a config's bulk is its
// strings. The tests below are the classic bit tricks: for each byte of
// x, (x - 0x01) & ^x has its top bit set when x is zero (when no byte
// matches, no bit is set).
const (
	ones = 0x0101010101010101
	tops = 0x8080808080808080
)

// word loads b[i:i+8] little-endian (one 64-bit load on wasm).
func word(b []byte, i int) uint64 {
	b = b[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

func hasByte(x uint64, c byte) bool {
	y := x ^ (ones * uint64(c))
	return (y-ones)&^y&tops != 0
}

// quoteOrBackslash reports whether x holds a '"' or a '\\'.
func quoteOrBackslash(x uint64) bool { return hasByte(x, '"') || hasByte(x, '\\') }

// plain reports whether every byte of x is printable ASCII other than '"'
// and '\\': string contents that need neither checking nor decoding.
func plain(x uint64) bool {
	return (x&tops == 0) && (x-ones*0x20)&^x&tops == 0 && !quoteOrBackslash(x)
}

// ValueEnd returns the index after the JSON value starting at b[i], or -1
// when b ends first. It trusts b to be valid JSON (checked by Valid): it
// tracks only strings and nesting, so it never allocates.
func ValueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '"':
				end := skipString(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(b) {
		switch b[j] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return j
		}
		j++
	}
	return j
}

// Items calls fn with every element of the JSON array raw, in order,
// without allocating. raw must be valid JSON; Items reports false when raw
// is not an array.
func Items(raw []byte, fn func(i int, item []byte)) bool {
	i := SkipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return false
	}
	i = SkipSpace(raw, i+1)
	if i < len(raw) && raw[i] == ']' {
		return true
	}
	for n := 0; ; n++ {
		end := ValueEnd(raw, i)
		if end < 0 {
			return false
		}
		fn(n, raw[i:end])
		i = SkipSpace(raw, end)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = SkipSpace(raw, i+1)
		case ']':
			return true
		default:
			return false
		}
	}
}

// Len returns the number of elements of the JSON array raw, or -1 when raw
// is not an array. raw must be valid JSON; Len does not allocate, so a
// decoder can size a slice once instead of growing it.
func Len(raw []byte) int {
	n := 0
	if !Items(raw, func(int, []byte) { n++ }) {
		return -1
	}
	return n
}

// Members calls fn with every member of the JSON object raw, in order:
// the key as its raw JSON string (quotes included; String decodes it) and
// the value, without allocating. raw must be valid JSON; Members reports
// false when raw is not an object or fn returns false.
func Members(raw []byte, fn func(key, val []byte) bool) bool {
	i := SkipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return false
	}
	i = SkipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return SkipSpace(raw, i+1) == len(raw)
	}
	for {
		if i >= len(raw) || raw[i] != '"' {
			return false
		}
		kend := skipString(raw, i)
		if kend < 0 {
			return false
		}
		key := raw[i:kend]
		i = SkipSpace(raw, kend)
		if i >= len(raw) || raw[i] != ':' {
			return false
		}
		i = SkipSpace(raw, i+1)
		vend := ValueEnd(raw, i)
		if vend < 0 {
			return false
		}
		if !fn(key, raw[i:vend:vend]) {
			return false
		}
		i = SkipSpace(raw, vend)
		if i >= len(raw) {
			return false
		}
		switch raw[i] {
		case ',':
			i = SkipSpace(raw, i+1)
		case '}':
			return SkipSpace(raw, i+1) == len(raw)
		default:
			return false
		}
	}
}

// String reads the JSON string starting at b[i] (a '"') and returns its
// contents unescaped, exactly as encoding/json decodes them: invalid UTF-8
// bytes and unpaired surrogate escapes become U+FFFD. end is the index
// after the closing quote, or -1 when the string is not valid JSON (it is
// unterminated or holds a control character or a bad escape). fresh
// reports that s is a new buffer; otherwise s aliases b (no escapes and
// only ASCII), and the caller copies it if it must outlive b.
func String(b []byte, i int) (s []byte, end int, fresh bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, -1, false
	}
	start := i + 1
	for j := start; j < len(b); j++ {
		for j+8 <= len(b) && plain(word(b, j)) {
			j += 8
		}
		if j >= len(b) {
			break
		}
		switch c := b[j]; {
		case c == '"':
			return b[start:j], j + 1, false
		case c == '\\' || c >= utf8.RuneSelf:
			s, end = slowString(b, start, j)
			return s, end, true
		case c < 0x20:
			return nil, -1, false
		}
	}
	return nil, -1, false
}

// slowString is String from b[j], the first byte that needs decoding, of
// the string whose contents start at b[start].
func slowString(b []byte, start, j int) ([]byte, int) {
	out := make([]byte, 0, j-start+16)
	out = append(out, b[start:j]...)
	for j < len(b) {
		c := b[j]
		switch {
		case c == '"':
			return out, j + 1
		case c < 0x20:
			return nil, -1
		case c == '\\':
			if j+1 >= len(b) {
				return nil, -1
			}
			e := b[j+1]
			j += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r1, ok := hex4(b, j)
				if !ok {
					return nil, -1
				}
				j += 4
				if utf16.IsSurrogate(r1) {
					// A pair decodes to one rune; anything else leaves
					// the next escape alone and stands for U+FFFD.
					if j+1 < len(b) && b[j] == '\\' && b[j+1] == 'u' {
						if r2, ok := hex4(b, j+2); ok {
							if r := utf16.DecodeRune(r1, r2); r != utf8.RuneError {
								out = utf8.AppendRune(out, r)
								j += 6
								continue
							}
						}
					}
					r1 = utf8.RuneError
				}
				out = utf8.AppendRune(out, r1)
			default:
				return nil, -1
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			j++
		default:
			r, size := utf8.DecodeRune(b[j:])
			if r == utf8.RuneError && size == 1 {
				out = append(out, "\uFFFD"...)
			} else {
				out = append(out, b[j:j+size]...)
			}
			j += size
		}
	}
	return nil, -1
}

// hex4 decodes the four hex digits at b[i].
func hex4(b []byte, i int) (rune, bool) {
	if len(b)-i < 4 {
		return 0, false
	}
	var v rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
