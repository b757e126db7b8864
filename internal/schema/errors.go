package schema

import (
	"strings"

	suggestpkg "github.com/reglet-dev/reglet-plugin-sdk/internal/suggest"
)

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
	WriteProblems(&b, e.Problems)
	return b.String()
}

// WriteProblems writes problems as one line, "path: message" joined by
// "; " (a problem without a path is its message alone). Every message that
// lists validation problems uses it.
func WriteProblems(b *strings.Builder, problems []Problem) {
	for i, p := range problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Path != "" {
			b.WriteString(p.Path)
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
	}
}

// suggest returns the known name closest to name, or "" when none is close
// enough to be a likely typo (internal/suggest).
func suggest(name string, known []*field) string {
	names := make([]string, len(known))
	for i, f := range known {
		names[i] = f.name
	}
	return suggestpkg.Closest(name, names)
}
