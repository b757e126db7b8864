package schema

import "strings"

// Problem is one reason a config object does not match its schema.
type Problem struct {
	// Path locates the offending value as a JSON path, such as "url",
	// "tls.min_version" or "headers[2].name". It is empty for the object
	// itself.
	Path string
	// Message says what is wrong in words a person can act on.
	Message string
}

// ValidationError is returned by [Type.Decode] when the input does not match
// the schema. It lists every problem found, in field declaration order, with
// unknown fields last.
type ValidationError struct {
	Problems []Problem
}

// Error renders every problem in one message, for example
// `invalid config: url: required field is missing; method: "PUT" is not one of "GET", "POST"`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid config: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Path != "" {
			b.WriteString(p.Path)
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// suggest returns the known name closest to name, or "" when none is close
// enough to be a likely typo.
func suggest(name string, known []*field) string {
	best, bestD := "", 1<<30
	lname := lowerASCII(name)
	for _, f := range known {
		d := distance(lname, lowerASCII(f.name))
		limit := len(f.name) / 3
		if limit < 1 {
			limit = 1
		}
		if limit > 3 {
			limit = 3
		}
		if d <= limit && d < bestD {
			best, bestD = f.name, d
		}
	}
	return best
}

// distance is the optimal-string-alignment edit distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), over
// bytes.
func distance(a, b string) int {
	// Three rolling rows: two back (for transpositions), previous, current.
	pp := make([]int, len(b)+1)
	p := make([]int, len(b)+1)
	c := make([]int, len(b)+1)
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
		}
		pp, p, c = p, c, pp
	}
	return p[len(b)]
}

// lowerASCII lowers the ASCII letters of s.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
