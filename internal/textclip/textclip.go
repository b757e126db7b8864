// Package textclip shortens text to a byte budget without cutting a UTF-8
// character in half. It is the one implementation behind exec's output in
// Result data, log's oversized records and schema's values in messages.
package textclip

import "unicode/utf8"

// Prefix returns the longest prefix of s that is at most n bytes long and
// does not end inside a multi-byte UTF-8 sequence. s itself is returned
// when it fits.
func Prefix[T ~string | ~[]byte](s T, n int) T {
	if len(s) <= n {
		return s
	}
	if n < 0 {
		n = 0
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Shorten is Prefix with "…" appended when s was cut, for text shown to a
// person.
func Shorten[T ~string | ~[]byte](s T, n int) string {
	if len(s) <= n {
		return string(s)
	}
	return string(Prefix(s, n)) + "…"
}
