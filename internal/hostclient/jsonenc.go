package hostclient

import (
	"encoding/base64"
	"slices"
	"strconv"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonappend"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Hand-written encoders for the wire requests. encoding/json's reflection is
// the largest cost of a host call on wasm (tens of microseconds for a small
// request); these append the same bytes json.Marshal would produce for the
// wire structs (tests compare them), with no reflection and one buffer.

// AppendHTTPRequest appends r as JSON.
func AppendHTTPRequest(b []byte, r *wire.HTTPRequest) []byte {
	return appendHTTPRequest(b, r, false)
}

// appendHTTPRequest appends r as JSON, its headers as dialect H reads them
// (one string per name) when stringHeaders is set.
func appendHTTPRequest(b []byte, r *wire.HTTPRequest, stringHeaders bool) []byte {
	b = append(b, `{"method":`...)
	b = appendString(b, r.Method)
	b = append(b, `,"url":`...)
	b = appendString(b, r.URL)
	if len(r.Headers) > 0 {
		b = append(b, `,"headers":`...)
		if stringHeaders {
			b = appendHeaderStrings(b, r.Headers)
		} else {
			b = appendHeaders(b, r.Headers)
		}
	}
	if len(r.Body) > 0 {
		b = append(b, `,"body":"`...)
		b = base64.StdEncoding.AppendEncode(b, r.Body)
		b = append(b, '"')
	}
	b = append(b, `,"context":`...)
	b = appendContext(b, &r.Context)
	b = appendTimeoutMs(b, r.TimeoutMs)
	return append(b, '}')
}

// appendDNSRequest appends r as JSON.
func appendDNSRequest(b []byte, r *wire.DNSRequest) []byte {
	b = append(b, `{"hostname":`...)
	b = appendString(b, r.Hostname)
	b = append(b, `,"type":`...)
	b = appendString(b, r.Type)
	if r.Nameserver != "" {
		b = append(b, `,"nameserver":`...)
		b = appendString(b, r.Nameserver)
	}
	b = append(b, `,"context":`...)
	b = appendContext(b, &r.Context)
	b = appendTimeoutMs(b, r.TimeoutMs)
	return append(b, '}')
}

// appendTCPRequest appends r as JSON.
func appendTCPRequest(b []byte, r *wire.TCPRequest) []byte {
	b = appendConnRequest(b, r.Host, r.Port, r.TimeoutMs, r.TLS)
	b = appendConnTail(b, &r.Context, r.UseTLS)
	return append(b, '}')
}

// appendSMTPRequest appends r as JSON.
func appendSMTPRequest(b []byte, r *wire.SMTPRequest) []byte {
	b = appendConnRequest(b, r.Host, r.Port, r.TimeoutMs, r.TLS)
	b = append(b, `,"starttls":`...)
	b = strconv.AppendBool(b, r.StartTLS)
	b = appendConnTail(b, &r.Context, r.UseTLS)
	if r.UseStartTLS {
		b = append(b, `,"use_starttls":true`...)
	}
	return append(b, '}')
}

// appendExecRequest appends r as JSON; args is always present.
func appendExecRequest(b []byte, r *wire.ExecRequest) []byte {
	b = append(b, `{"command":`...)
	b = appendString(b, r.Command)
	b = append(b, `,"args":`...)
	b = appendStrings(b, r.Args)
	if len(r.Env) > 0 {
		b = append(b, `,"env":`...)
		b = appendStrings(b, r.Env)
	}
	if r.Dir != "" {
		b = append(b, `,"dir":`...)
		b = appendString(b, r.Dir)
	}
	b = append(b, `,"context":`...)
	b = appendContext(b, &r.Context)
	b = appendTimeoutMs(b, r.TimeoutMs)
	return append(b, '}')
}

// appendTimeoutMs appends the top-level timeout_ms member dialect H reads,
// when there is a timeout.
func appendTimeoutMs(b []byte, ms int64) []byte {
	if ms == 0 {
		return b
	}
	b = append(b, `,"timeout_ms":`...)
	return strconv.AppendInt(b, ms, 10)
}

// AppendLogMessage appends m as JSON.
func AppendLogMessage(b []byte, m *wire.LogMessage) []byte {
	b = append(b, `{"timestamp":`...)
	b = appendTime(b, m.Timestamp)
	b = append(b, `,"level":`...)
	b = appendString(b, m.Level)
	b = append(b, `,"message":`...)
	b = appendString(b, m.Message)
	if len(m.Attrs) > 0 {
		b = append(b, `,"attrs":[`...)
		for i, a := range m.Attrs {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"key":`...)
			b = appendString(b, a.Key)
			b = append(b, `,"type":`...)
			b = appendString(b, a.Type)
			b = append(b, `,"value":`...)
			b = appendString(b, a.Value)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"context":`...)
	b = appendContext(b, &m.Context)
	return append(b, '}')
}

func appendContext(b []byte, c *wire.Context) []byte {
	b = append(b, '{')
	first := true
	sep := func() {
		if !first {
			b = append(b, ',')
		}
		first = false
	}
	if c.Deadline != nil {
		sep()
		b = append(b, `"deadline":`...)
		b = appendDeadline(b, c.Deadline)
	}
	if c.RequestID != "" {
		sep()
		b = append(b, `"request_id":`...)
		b = appendString(b, c.RequestID)
	}
	if c.TimeoutMs != 0 {
		sep()
		b = append(b, `"timeout_ms":`...)
		b = strconv.AppendInt(b, c.TimeoutMs, 10)
	}
	if c.Canceled {
		sep()
		b = append(b, `"canceled":true`...)
	}
	return append(b, '}')
}

// appendTime appends t as encoding/json does (RFC 3339 with nanoseconds,
// trailing zeros trimmed). Years outside 0-9999, which JSON cannot carry,
// become the zero time. UTC, the common case (deadlines, wasip1's local
// time), is formatted directly: time.AppendFormat interprets its layout on
// every call, which is slow on wasm.
func appendTime(b []byte, t time.Time) []byte {
	if y := t.Year(); y < 0 || y > 9999 {
		t = time.Time{}
	}
	b = append(b, '"')
	if _, off := t.Zone(); off != 0 {
		b = t.AppendFormat(b, time.RFC3339Nano)
		return append(b, '"')
	}
	year, month, day := t.Date()
	hour, min, sec := t.Clock()
	b = appendDigits(b, year, 4)
	b = append(b, '-')
	b = appendDigits(b, int(month), 2)
	b = append(b, '-')
	b = appendDigits(b, day, 2)
	b = append(b, 'T')
	b = appendDigits(b, hour, 2)
	b = append(b, ':')
	b = appendDigits(b, min, 2)
	b = append(b, ':')
	b = appendDigits(b, sec, 2)
	if ns := t.Nanosecond(); ns != 0 {
		b = append(b, '.')
		digits := 9
		for ns%10 == 0 {
			ns /= 10
			digits--
		}
		b = appendDigits(b, ns, digits)
	}
	return append(b, 'Z', '"')
}

// appendDigits appends v (>= 0) zero-padded to width digits.
func appendDigits(b []byte, v, width int) []byte {
	var buf [9]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, buf[:width]...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendHeaders appends h with sorted keys, as encoding/json orders maps.
func appendHeaders(b []byte, h map[string][]string) []byte {
	b = append(b, '{')
	for i, k := range sortedKeys(h) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		if v := h[k]; v == nil {
			b = append(b, "null"...)
		} else {
			b = appendStrings(b, v)
		}
	}
	return append(b, '}')
}

// appendString appends s as a JSON string, as encoding/json writes it.
func appendString(b []byte, s string) []byte { return jsonappend.String(b, s) }

// sortedKeys returns h's keys in order, as encoding/json orders a map's.
func sortedKeys(h map[string][]string) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
