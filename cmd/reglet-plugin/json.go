package main

// unescapeHTML returns valid JSON b with the escapes \u003c, \u003e and
// \u0026 inside strings replaced by <, > and &. Go's encoding/json writes
// those three characters escaped (safe for embedding in HTML), which makes
// URLs and messages hard to read in a terminal; the JSON means the same
// either way. Every other escape, including an escaped backslash followed by
// "u003c", is kept as it is.
func unescapeHTML(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !inString {
			if c == '"' {
				inString = true
			}
			out = append(out, c)
			continue
		}
		switch c {
		case '"':
			inString = false
			out = append(out, c)
		case '\\':
			if i+1 >= len(b) {
				return append(out, b[i:]...)
			}
			if b[i+1] == 'u' && i+5 < len(b) {
				if r, ok := htmlEscape(b[i+2 : i+6]); ok {
					out = append(out, r)
					i += 5
					continue
				}
			}
			// Keep the two-byte escape whole, so an escaped backslash
			// never starts another escape.
			out = append(out, c, b[i+1])
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}

// htmlEscape reports the character of a \uXXXX escape (hex digits in h)
// that encoding/json escapes for HTML's sake.
func htmlEscape(h []byte) (byte, bool) {
	if h[0] != '0' || h[1] != '0' {
		return 0, false
	}
	switch {
	case h[2] == '3' && (h[3] == 'c' || h[3] == 'C'):
		return '<', true
	case h[2] == '3' && (h[3] == 'e' || h[3] == 'E'):
		return '>', true
	case h[2] == '2' && h[3] == '6':
		return '&', true
	}
	return 0, false
}
