// Package suggest finds the "did you mean" candidate for a misspelt name.
// It is the one implementation behind every suggestion the SDK makes:
// unknown config fields (internal/schema), unknown operations and services,
// and mistakes in service declarations (application/plugin).
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate nearest to name, or "" when none is near
// enough to be a plausible typo. Names are compared ignoring case and the
// separators '_' and '-' (so "checkurl" finds "check_url"); a candidate is
// near enough within one edit per three characters of its folded length,
// at least one and at most three. Ties go to the earlier candidate.
func Closest(name string, candidates []string) string {
	fn := fold(name)
	best, bestD := "", -1
	for _, c := range candidates {
		fc := fold(c)
		limit := min(max(utf8.RuneCountInString(fc)/3, 1), 3)
		if d := Distance(fn, fc); d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// fold lowers s and drops '_' and '-'.
func fold(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
}

// Distance is the optimal-string-alignment edit distance between a and b,
// counted in runes: insertions, deletions, substitutions and swaps of two
// adjacent runes each cost one ("prase" is one edit from "parse").
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rolling rows: two back (for swaps), previous, current.
	pp := make([]int, len(rb)+1)
	p := make([]int, len(rb)+1)
	c := make([]int, len(rb)+1)
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		c[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
		}
		pp, p, c = p, c, pp
	}
	return p[len(rb)]
}
