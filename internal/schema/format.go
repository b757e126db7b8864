package schema

import (
	"errors"
	"strings"
)

// This file checks the values of the format keyword. A format the schema
// publishes is a promise, so the plugin checks it rather than leaving it as
// an annotation; a format it cannot check is refused when the schema is
// built. The definitions follow RFC 3339 (date-time, date, time), RFC 1123
// (hostname), RFC 5322 (email addr-spec), RFC 2673 and RFC 4291 (ipv4,
// ipv6), RFC 4122 (uuid) and RFC 3986 (uri, uri-reference). The checks are
// written here rather than taken from net, net/mail or net/url: net/url
// alone (through net/netip and unique) made the README's plugin 287 KB
// larger (RATIONALE.md, "Formats").

// formatCheck returns the check of a supported format, or nil. (A switch
// rather than a map: no package initialization in every plugin's
// _initialize.)
func formatCheck(name string) func(string) bool {
	switch name {
	case "date-time":
		return isDateTime
	case "date":
		return isDate
	case "time":
		return isTimeOfDay
	case "email":
		return isEmail
	case "hostname":
		return isHostname
	case "ipv4":
		return isIPv4
	case "ipv6":
		return isIPv6
	case "uri":
		return isURI
	case "uri-reference":
		return isURIReference
	case "uuid":
		return isUUID
	}
	return nil
}

// formatNames lists the supported formats for error messages.
const formatNames = "date-time, date, time, email, hostname, ipv4, ipv6, uri, uri-reference, uuid"

var errUnknownFormat = errors.New("unknown format; supported: " + formatNames)

// formatDescription says in words what a format wants, for messages.
func formatDescription(f string) string {
	switch f {
	case "date-time":
		return `an RFC 3339 date-time such as "2006-01-02T15:04:05Z"`
	case "date":
		return `a date such as "2006-01-02"`
	case "time":
		return `a time such as "15:04:05Z"`
	case "email":
		return `an email address such as "user@example.com"`
	case "hostname":
		return `a host name such as "example.com"`
	case "ipv4":
		return `an IPv4 address such as "192.0.2.1"`
	case "ipv6":
		return `an IPv6 address such as "2001:db8::1"`
	case "uri":
		return `an absolute URI such as "https://example.com/path"`
	case "uri-reference":
		return "a URI or a relative reference"
	case "uuid":
		return `a UUID such as "123e4567-e89b-12d3-a456-426614174000"`
	}
	return "format " + f
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// num2 reads two decimal digits.
func num2(s string) (int, bool) {
	if len(s) != 2 || !isDigits(s) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// isDate checks an RFC 3339 full-date: YYYY-MM-DD with a day that exists.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !isDigits(s[:4]) {
		return false
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	m, ok1 := num2(s[5:7])
	d, ok2 := num2(s[8:10])
	if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// isTimeOfDay checks an RFC 3339 full-time: hh:mm:ss, optional fraction,
// then Z or an offset. Second 60 (a leap second) is allowed only at 23:59
// UTC.
func isTimeOfDay(s string) bool {
	if len(s) < 9 || s[2] != ':' || s[5] != ':' {
		return false
	}
	h, ok1 := num2(s[0:2])
	m, ok2 := num2(s[3:5])
	sec, ok3 := num2(s[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return false
	}
	rest := s[8:]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	switch {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := num2(rest[1:3])
		om, ok2 := num2(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return false
		}
		// Local time minus the offset is UTC.
		off := oh*60 + om
		if rest[0] == '-' {
			off = -off
		}
		utc := ((h*60+m-off)%(24*60) + 24*60) % (24 * 60)
		h, m = utc/60, utc%60
	default:
		return false
	}
	return sec < 60 || (h == 23 && m == 59)
}

// isDateTime checks an RFC 3339 date-time: a full-date, T, a full-time.
func isDateTime(s string) bool {
	return len(s) >= 20 && (s[10] == 'T' || s[10] == 't') && isDate(s[:10]) && isTimeOfDay(s[11:])
}

// isHostname checks an RFC 1123 host name: dot-separated labels of 1 to 63
// letters, digits and hyphens, not starting or ending with a hyphen, 253
// characters at most (one trailing dot allowed).
func isHostname(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for more := true; more; {
		var label string
		label, s, more = strings.Cut(s, ".")
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// isIPv4 checks a dotted quad: four decimal numbers 0-255 without leading
// zeros.
func isIPv4(s string) bool {
	n := 0
	for more := true; more; {
		var part string
		part, s, more = strings.Cut(s, ".")
		n++
		if n > 4 || len(part) == 0 || len(part) > 3 || !isDigits(part) || (len(part) > 1 && part[0] == '0') {
			return false
		}
		v := 0
		for i := 0; i < len(part); i++ {
			v = v*10 + int(part[i]-'0')
		}
		if v > 255 {
			return false
		}
	}
	return n == 4
}

// isIPv6 checks an IPv6 address in RFC 4291 text form: eight groups of 1
// to 4 hex digits, one "::" standing for one or more zero groups, and
// optionally an IPv4 address in place of the last two groups. Zones
// ("%eth0") are not addresses and are refused.
func isIPv6(s string) bool {
	groups, ellipsis := 0, false
	if strings.HasPrefix(s, "::") {
		ellipsis, s = true, s[2:]
		if s == "" {
			return true
		}
	}
	for s != "" {
		i := 0
		for i < len(s) && i < 5 && isHex(s[i]) {
			i++
		}
		if i < len(s) && s[i] == '.' {
			// A trailing IPv4 address: two groups.
			if (!ellipsis && groups != 6) || groups > 6 || !isIPv4(s) {
				return false
			}
			groups += 2
			s = ""
			break
		}
		if i == 0 || i > 4 {
			return false
		}
		groups++
		s = s[i:]
		switch {
		case s == "":
		case strings.HasPrefix(s, "::"):
			if ellipsis {
				return false
			}
			ellipsis, s = true, s[2:]
		case s[0] == ':' && len(s) > 1:
			s = s[1:]
		default:
			return false
		}
		if groups > 8 {
			return false
		}
	}
	if ellipsis {
		return groups < 8
	}
	return groups == 8
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isEmail checks an RFC 5322 addr-spec: local@domain, the local part a
// dot-atom or a quoted string (64 bytes at most), the domain a host name
// or an address literal ([192.0.2.1], [IPv6:2001:db8::1]); 254 bytes at
// most in all.
func isEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return false
	}
	if len(domain) >= 2 && domain[0] == '[' && domain[len(domain)-1] == ']' {
		lit := domain[1 : len(domain)-1]
		if v6, ok := strings.CutPrefix(lit, "IPv6:"); ok {
			if !isIPv6(v6) {
				return false
			}
		} else if !isIPv4(lit) {
			return false
		}
	} else if !isHostname(domain) || strings.HasSuffix(domain, ".") {
		return false
	}
	if local[0] == '"' {
		return isQuotedLocal(local)
	}
	for more := true; more; {
		var atom string
		atom, local, more = strings.Cut(local, ".")
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			c := atom[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0) {
				return false
			}
		}
	}
	return true
}

// isQuotedLocal checks a quoted-string local part: printable ASCII between
// quotes, with '"' and '\' escaped by a backslash.
func isQuotedLocal(q string) bool {
	if len(q) < 2 || q[len(q)-1] != '"' {
		return false
	}
	q = q[1 : len(q)-1]
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\\':
			i++
			if i == len(q) || q[i] < 0x20 || q[i] > 0x7e {
				return false
			}
		case c == '"' || c < 0x20 || c > 0x7e:
			return false
		}
	}
	return true
}

// isURI checks an absolute URI (RFC 3986 section 3): a scheme, ':', then
// the hierarchical part, query and fragment.
func isURI(s string) bool {
	scheme, rest, ok := cutScheme(s)
	return ok && scheme && uriRest(rest)
}

// isURIReference checks a URI or a relative reference (RFC 3986 section
// 4.1).
func isURIReference(s string) bool {
	_, rest, ok := cutScheme(s)
	return ok && uriRest(rest) && strings.IndexByte(s, '\\') < 0
}

// cutScheme splits off "scheme:" when s starts with one. ok is false when
// s can be neither a URI nor a relative reference because of what precedes
// its first ':'.
func cutScheme(s string) (scheme bool, rest string, ok bool) {
	end := strings.IndexAny(s, ":/?#")
	if end < 0 || s[end] != ':' {
		return false, s, true
	}
	name := s[:end]
	if name == "" || !isAlpha(name[0]) {
		// Not a scheme, and a relative reference's first segment may
		// not hold a ':'.
		return false, s, false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
			return false, s, false
		}
	}
	return true, s[end+1:], true
}

// uriRest checks what follows the scheme: [//authority] path [?query]
// [#fragment]. The scheme and the authority follow RFC 3986 strictly; in
// the path, query and fragment any character but a control character is
// accepted (with valid %-escapes in the path and fragment), as Go's
// net/url does, and with it the JSON Schema validator the Reglet CLI uses:
// a host that asserts formats and the plugin then agree.
func uriRest(s string) bool {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		if !uriText(s[i+1:], true) {
			return false
		}
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		if !uriText(s[i+1:], false) {
			return false
		}
		s = s[:i]
	}
	if rest, ok := strings.CutPrefix(s, "//"); ok {
		end := strings.IndexByte(rest, '/')
		if end < 0 {
			end = len(rest)
		}
		if !isAuthority(rest[:end]) {
			return false
		}
		s = rest[end:]
	}
	return uriText(s, true)
}

// uriText accepts any text without control characters; escapes says each
// '%' must start a valid %-escape.
func uriText(s string, escapes bool) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == 0x7f:
			return false
		case c == '%' && escapes:
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

// isAuthority checks [userinfo@]host[:port].
func isAuthority(a string) bool {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		if !uriChars(a[:i], ":") || strings.IndexByte(a[:i], '@') >= 0 {
			return false
		}
		a = a[i+1:]
	}
	host := a
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return false
		}
		host, a = a[1:end], a[end+1:]
		if !isIPv6(host) && !isIPvFuture(host) {
			return false
		}
		if a != "" && a[0] != ':' {
			return false
		}
	} else {
		if i := strings.LastIndexByte(a, ':'); i >= 0 {
			host, a = a[:i], a[i:]
		} else {
			a = ""
		}
		if !uriChars(host, "") {
			return false
		}
	}
	if a != "" { // ":" port
		return a[1:] == "" || isDigits(a[1:])
	}
	return true
}

// isIPvFuture checks "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
func isIPvFuture(s string) bool {
	if len(s) < 4 || (s[0] != 'v' && s[0] != 'V') {
		return false
	}
	dot := strings.IndexByte(s, '.')
	if dot < 2 || dot == len(s)-1 {
		return false
	}
	for i := 1; i < dot; i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return uriChars(s[dot+1:], ":") && strings.IndexByte(s[dot+1:], '%') < 0
}

// uriChars reports whether s holds only unreserved characters, sub-delims,
// percent-encoded octets, and the bytes in extra (RFC 3986 userinfo and
// reg-name).
func uriChars(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlpha(c) || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=", c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		case strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// isUUID checks the RFC 4122 text form: 8-4-4-4-12 hex digits.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}
