package plugin

import (
	"strings"
	"unicode"
)

// snakeCase converts a Go field name to the snake_case name an operation is
// known by on the wire: Resolve -> resolve, CheckURL -> check_url,
// HTTPGet -> http_get. A name already in snake_case is kept as it is.
func snakeCase(name string) string {
	rs := []rune(name)
	var b strings.Builder
	b.Grow(len(name) + 4)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && rs[i-1] != '_' {
				prev := rs[i-1]
				nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
				// Start of a word: after a lower-case letter or digit
				// (checkURL), or the last capital of an acronym followed by
				// a lower-case letter (HTTPGet: the G).
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
					b.WriteByte('_')
				}
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
