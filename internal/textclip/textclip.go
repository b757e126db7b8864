// Package textclip shortens text to a byte budget without cutting a UTF-8
// character in half. It is the one implementation behind exec's output in
// Result data, log's oversized records and schema's values in messages.
package textclip

import "unicode/utf8"

// Prefix returns the longest prefix of s that is at most n bytes long and
// does not end inside a multi-byte UTF-8 sequence. s itself is returned
// when it fits.
//
// Only a character that the cut would split is dropped: Prefix looks back
// at most utf8.UTFMax-1 bytes for the start of a valid encoding that runs
// past n. Bytes that are not UTF-8 at all (a binary body) are cut at n
// exactly, so a run of stray continuation bytes never shrinks the prefix
// to nothing.
func Prefix[T ~string | ~[]byte](s T, n int) T {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return s[:0]
	}
	for i := n - 1; i >= 0 && i > n-utf8.UTFMax; i-- {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		end := min(i+utf8.UTFMax, len(s))
		r, size := utf8.DecodeRuneInString(string(s[i:end]))
		if (r != utf8.RuneError || size > 1) && i+size > n {
			return s[:i]
		}
		break
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
