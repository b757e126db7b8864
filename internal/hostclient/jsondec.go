package hostclient

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
	"unsafe"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// A small JSON reader for the wire responses, the other half of
// jsonenc.go: it decodes exactly the fields of each response without
// reflection, on internal/jsonscan's whitespace, string and number
// scanning (the one JSON scanner of the guest). It treats the host as untrusted: every malformed input is an
// error (never a panic), nesting is bounded, and member names match exactly
// (a host keeping the contract sends them exactly). Each decoder reads both
// dialects (dialect.go): the error member as an ErrorDetail, a {code,
// message} object or a host-level error string, and both names of a fact
// (response_time_ms or latency_ms, tls_cert_not_after or tls_cert_expiry).
// Only an error's free-form details go through encoding/json.

const maxDepth = 64

type reader struct {
	b     []byte
	i     int
	depth int
	// alias lets decoded strings share memory with b instead of copying:
	// set only when the caller owns b, never changes it, and b is small
	// enough that keeping it alive for as long as one string lives is
	// cheap (see aliasLimit). On wasm each copy is an allocation, about a
	// microsecond.
	alias bool
	// fresh is set by rawString when its result is a new buffer (the
	// string had escapes) rather than a slice of b.
	fresh bool
	// lvl collects a host-level error (dialect H) while a response
	// decodes; see endResponse.
	lvl hostLevel
}

// aliasLimit is the largest HTTP response whose strings (headers, proto)
// alias it: a large one is mostly the base64 body, which is decoded into
// its own buffer, so keeping the JSON alive for a header would double the
// memory held. Other responses always alias: their strings are their bulk.
const aliasLimit = 64 << 10

// toString converts a result of rawString to a string, without copying
// when the bytes are fresh or aliasing is allowed.
func (r *reader) toString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if r.fresh || r.alias {
		return unsafe.String(unsafe.SliceData(b), len(b))
	}
	return string(b)
}

var errDepth = errors.New("JSON nested too deeply")

func (r *reader) fail(what string) error {
	if r.i >= len(r.b) {
		return fmt.Errorf("unexpected end of JSON input (want %s)", what)
	}
	return fmt.Errorf("invalid JSON at offset %d: want %s, found %q", r.i, what, r.b[r.i])
}

func (r *reader) ws() { r.i = jsonscan.SkipSpace(r.b, r.i) }

// peek returns the next non-space byte, or 0 at the end.
func (r *reader) peek() byte {
	r.ws()
	if r.i < len(r.b) {
		return r.b[r.i]
	}
	return 0
}

func (r *reader) literal(lit string) bool {
	if len(r.b)-r.i >= len(lit) && string(r.b[r.i:r.i+len(lit)]) == lit {
		r.i += len(lit)
		return true
	}
	return false
}

// null consumes a null and reports whether there was one.
func (r *reader) null() bool {
	return r.peek() == 'n' && r.literal("null")
}

// object calls member for each member of an object (or not at all for
// null); member must consume the value.
func (r *reader) object(member func(key []byte) error) error {
	if r.null() {
		return nil
	}
	if r.peek() != '{' {
		return r.fail("an object")
	}
	if r.depth++; r.depth > maxDepth {
		return errDepth
	}
	r.i++
	if r.peek() == '}' {
		r.i++
		r.depth--
		return nil
	}
	for {
		if r.peek() != '"' {
			return r.fail("a member name")
		}
		key, err := r.rawString()
		if err != nil {
			return err
		}
		if r.peek() != ':' {
			return r.fail("':'")
		}
		r.i++
		if err := member(key); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			r.depth--
			return nil
		default:
			return r.fail("',' or '}'")
		}
	}
}

// array calls elem for each element of an array (or not at all for null).
func (r *reader) array(elem func() error) error {
	if r.null() {
		return nil
	}
	if r.peek() != '[' {
		return r.fail("an array")
	}
	if r.depth++; r.depth > maxDepth {
		return errDepth
	}
	r.i++
	if r.peek() == ']' {
		r.i++
		r.depth--
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			r.depth--
			return nil
		default:
			return r.fail("',' or ']'")
		}
	}
}

// rawString consumes a string and returns its bytes, unescaped as
// encoding/json unescapes them (jsonscan.String). Without escapes or
// non-ASCII bytes the result aliases the input.
func (r *reader) rawString() ([]byte, error) {
	r.fresh = false
	if r.peek() != '"' {
		return nil, r.fail("a string")
	}
	s, end, fresh := jsonscan.String(r.b, r.i)
	if end < 0 {
		return nil, r.fail("a valid string (no control characters, valid escapes, closed)")
	}
	r.i, r.fresh = end, fresh
	return s, nil
}

// str decodes a string (null leaves it empty).
func (r *reader) str() (string, error) {
	if r.null() {
		return "", nil
	}
	b, err := r.rawString()
	return r.toString(b), err
}

// boolean decodes true, false or null.
func (r *reader) boolean() (bool, error) {
	r.ws()
	switch {
	case r.literal("true"):
		return true, nil
	case r.literal("false"), r.literal("null"):
		return false, nil
	}
	return false, r.fail("a boolean")
}

// number consumes a JSON number and returns its text.
func (r *reader) number() ([]byte, error) {
	r.ws()
	end := jsonscan.NumberEnd(r.b, r.i)
	if end < 0 {
		return nil, r.fail("a number")
	}
	num := r.b[r.i:end]
	r.i = end
	return num, nil
}

// integer decodes an integer in [lo, hi] (null is 0). Fractions and
// exponents are refused, as encoding/json refuses them for integer fields.
func (r *reader) integer(lo, hi int64) (int64, error) {
	if r.null() {
		return 0, nil
	}
	at := r.i
	num, err := r.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("number %s at offset %d is not an integer in [%d, %d]", num, at, lo, hi)
	}
	return v, nil
}

// skip consumes any value, checking it as it goes. It is not
// jsonscan.ValueEnd on purpose: ValueEnd trusts input that jsonscan.Valid
// has already passed, while a host's response is read once, unchecked, and
// a malformed member the guest does not use must still be an error.
func (r *reader) skip() error {
	switch c := r.peek(); {
	case c == '{':
		return r.object(func([]byte) error { return r.skip() })
	case c == '[':
		return r.array(r.skip)
	case c == '"':
		_, err := r.rawString()
		return err
	case c == 't' || c == 'f':
		_, err := r.boolean()
		return err
	case c == 'n':
		if r.null() {
			return nil
		}
		return r.fail("a value")
	default:
		_, err := r.number()
		return err
	}
}

// rawValue consumes a value and returns its bytes.
func (r *reader) rawValue() ([]byte, error) {
	r.ws()
	start := r.i
	if err := r.skip(); err != nil {
		return nil, err
	}
	return r.b[start:r.i], nil
}

func (r *reader) strings() ([]string, error) {
	var out []string
	err := r.array(func() error {
		s, err := r.str()
		out = append(out, s)
		return err
	})
	if out == nil && err == nil && r.i > 0 && r.b[r.i-1] == ']' {
		out = []string{}
	}
	return out, err
}

func (r *reader) base64() ([]byte, error) {
	if r.null() {
		return nil, nil
	}
	s, err := r.rawString()
	if err != nil {
		return nil, err
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(out, s)
	if err != nil {
		return nil, fmt.Errorf("body is not base64: %v", err)
	}
	return out[:n], nil
}

func (r *reader) timePtr() (*time.Time, error) {
	if r.null() {
		return nil, nil
	}
	s, err := r.rawString()
	if err != nil {
		return nil, err
	}
	var t time.Time
	if err := t.UnmarshalText(s); err != nil {
		return nil, fmt.Errorf("time %q: %v", s, err)
	}
	return &t, nil
}

// end checks that only white space follows the top-level value.
func (r *reader) end(err error) error {
	if err != nil {
		return err
	}
	if r.ws(); r.i != len(r.b) {
		return r.fail("the end of the input")
	}
	return nil
}

// endResponse is end for a whole response: a host-level error collected
// while decoding becomes *errp. A string error without a message member
// is no host's shape, and the response is refused.
func (r *reader) endResponse(err error, errp **entities.ErrorDetail) error {
	if err = r.end(err); err == nil && r.lvl.kind != "" {
		if !r.lvl.hasMsg {
			return fmt.Errorf("error member is the string %q without the message member of a host-level error", r.lvl.kind)
		}
		*errp = r.lvl.detail()
	}
	return err
}

// response decodes a response object: member decodes the members of its
// kind and reports false for the others, which are the error member, a
// host-level error's members (dialect H), or skipped.
func (r *reader) response(errp **entities.ErrorDetail, member func(k []byte) (bool, error)) error {
	return r.endResponse(r.object(func(k []byte) error {
		if ok, err := member(k); ok || err != nil {
			return err
		}
		var err error
		switch string(k) {
		case "error":
			*errp, err = r.errorMember(&r.lvl)
		case "message", "code":
			err = r.hostLevelMember(string(k), &r.lvl)
		default:
			err = r.skip()
		}
		return err
	}), errp)
}

// DecodeHTTP decodes an HTTPResponse.
func DecodeHTTP(b []byte, out *wire.HTTPResponse) error {
	return decodeHTTP(reader{b: b}, out)
}

func decodeHTTP(r reader, out *wire.HTTPResponse) error {
	return r.response(&out.Error, func(k []byte) (ok bool, err error) {
		switch string(k) {
		case "status_code":
			var v int64
			v, err = r.integer(math.MinInt32, math.MaxInt32)
			out.StatusCode = int(v)
		case "headers":
			err = r.object(func(name []byte) error {
				key := r.toString(name)
				vals, err := r.strings()
				if out.Headers == nil {
					out.Headers = map[string][]string{}
				}
				out.Headers[key] = vals
				return err
			})
		case "body":
			out.Body, err = r.base64()
		case "proto":
			out.Proto, err = r.str()
		case "body_truncated":
			out.BodyTruncated, err = r.boolean()
		default:
			return false, nil
		}
		return true, err
	})
}

// unmarshalDNS decodes a DNSResponse.
func unmarshalDNS(b []byte, out *wire.DNSResponse) error {
	return decodeDNS(reader{b: b}, out)
}

func decodeDNS(r reader, out *wire.DNSResponse) error {
	return r.response(&out.Error, func(k []byte) (ok bool, err error) {
		switch string(k) {
		case "records":
			out.Records, err = r.strings()
		case "mx_records":
			err = r.array(func() error {
				var mx wire.MXRecord
				err := r.object(func(k []byte) (err error) {
					switch string(k) {
					case "host":
						mx.Host, err = r.str()
					case "pref":
						var v int64
						v, err = r.integer(0, math.MaxUint16)
						mx.Pref = uint16(v)
					default:
						err = r.skip()
					}
					return err
				})
				out.MXRecords = append(out.MXRecords, mx)
				return err
			})
		default:
			return false, nil
		}
		return true, err
	})
}

// unmarshalTCP decodes a TCPResponse.
func unmarshalTCP(b []byte, out *wire.TCPResponse) error {
	return decodeTCP(reader{b: b}, out)
}

func decodeTCP(r reader, out *wire.TCPResponse) error {
	facts := tcpFacts(out)
	return r.response(&out.Error, func(k []byte) (ok bool, err error) {
		switch string(k) {
		case "remote_addr":
			out.RemoteAddr, err = r.str()
		case "local_addr":
			out.LocalAddr, err = r.str()
		case "tls_cert_expiry": // dialect H's name
			out.TLSCertNotAfter, err = r.timePtr()
		default:
			return r.connMember(k, facts)
		}
		return true, err
	})
}

// unmarshalSMTP decodes an SMTPResponse.
func unmarshalSMTP(b []byte, out *wire.SMTPResponse) error {
	return decodeSMTP(reader{b: b}, out)
}

func decodeSMTP(r reader, out *wire.SMTPResponse) error {
	facts := smtpFacts(out)
	return r.response(&out.Error, func(k []byte) (ok bool, err error) {
		switch string(k) {
		case "banner":
			out.Banner, err = r.str()
		case "starttls_not_offered":
			out.StartTLSNotOffered, err = r.boolean()
		default:
			return r.connMember(k, facts)
		}
		return true, err
	})
}

// connMember decodes member k of a TCP or SMTP response when it is one of
// the facts both share.
func (r *reader) connMember(k []byte, f wireConn) (ok bool, err error) {
	switch string(k) {
	case "connected":
		*f.connected, err = r.boolean()
	case "address":
		*f.address, err = r.str()
	case "response_time_ms", "latency_ms":
		*f.responseTimeMs, err = r.integer(math.MinInt64, math.MaxInt64)
	case "tls":
		*f.tls, err = r.boolean()
	case "tls_version":
		*f.version, err = r.str()
	case "tls_cipher_suite":
		*f.cipher, err = r.str()
	case "tls_server_name":
		*f.serverName, err = r.str()
	case "tls_cert_subject":
		*f.subject, err = r.str()
	case "tls_cert_issuer":
		*f.issuer, err = r.str()
	case "tls_cert_not_after":
		*f.notAfter, err = r.timePtr()
	case "tls_verify_error":
		*f.verifyError, err = r.str()
	default:
		return false, nil
	}
	return true, err
}

// unmarshalExec decodes an ExecResponse.
func unmarshalExec(b []byte, out *wire.ExecResponse) error {
	return decodeExec(reader{b: b}, out)
}

func decodeExec(r reader, out *wire.ExecResponse) error {
	return r.response(&out.Error, func(k []byte) (ok bool, err error) {
		switch string(k) {
		case "stdout":
			out.Stdout, err = r.str()
		case "stderr":
			out.Stderr, err = r.str()
		case "exit_code":
			var v int64
			v, err = r.integer(math.MinInt32, math.MaxInt32)
			out.ExitCode = int(v)
		case "duration_ms":
			out.DurationMs, err = r.integer(math.MinInt64, math.MaxInt64)
		case "is_timeout":
			out.IsTimeout, err = r.boolean()
		case "stdout_truncated":
			out.StdoutTruncated, err = r.boolean()
		case "stderr_truncated":
			out.StderrTruncated, err = r.boolean()
		default:
			return false, nil
		}
		return true, err
	})
}
