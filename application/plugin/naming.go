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

// closest returns the candidate nearest to s by edit distance (ignoring
// case, '_' and '-'), or "" when none is near enough to be a plausible typo.
func closest(s string, candidates []string) string {
	norm := func(x string) string {
		return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(x))
	}
	ns := norm(s)
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(ns, norm(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return ""
	}
	// Allow roughly one edit per three characters, at least one, so that
	// "chek" suggests "check" but "resolve" does not suggest "check".
	limit := len(ns) / 3
	if limit < 1 {
		limit = 1
	}
	if bestD > limit {
		return ""
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent letters
// ("prase" is one edit from "parse").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
