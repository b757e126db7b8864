package codec

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonappend"
)

// AppendResult appends res as JSON, byte for byte what encoding/json
// produces, without reflection for the Result, its metadata and error, and
// the common value types in Data.
//
// Every observation encodes a Result, and on wasm reflection is slow: a
// reflective json.Marshal of a small Result is about 10 µs there, most of a
// trivial call (BENCHMARKS.md). Values of other types in Data fall back to
// encoding/json, so behaviour (MarshalJSON methods, struct tags) is kept.
//
// data, when not nil, is the Result's data already encoded as a JSON object
// and is written in place of res.Data.
func AppendResult(b []byte, res *entities.Result, data []byte) ([]byte, error) {
	var err error
	b = append(b, `{"timestamp":`...)
	if b, err = appendTime(b, res.Timestamp); err != nil {
		return nil, err
	}
	b = append(b, `,"status":`...)
	b = appendString(b, string(res.Status))
	if res.Message != "" {
		b = append(b, `,"message":`...)
		b = appendString(b, res.Message)
	}
	if data != nil {
		if len(data) > 0 {
			b = append(b, `,"data":`...)
			b = append(b, data...)
		}
	} else if len(res.Data) > 0 {
		b = append(b, `,"data":`...)
		if b, err = appendMap(b, res.Data); err != nil {
			return nil, err
		}
	}
	if res.Error != nil {
		b = append(b, `,"error":`...)
		if b, err = appendErrorDetail(b, res.Error); err != nil {
			return nil, err
		}
	}
	if md := res.Metadata; md != nil {
		b = append(b, `,"metadata":{"start_time":`...)
		if b, err = appendTime(b, md.StartTime); err != nil {
			return nil, err
		}
		b = append(b, `,"end_time":`...)
		if b, err = appendTime(b, md.EndTime); err != nil {
			return nil, err
		}
		if md.SDKVersion != "" {
			b = append(b, `,"sdk_version":`...)
			b = appendString(b, md.SDKVersion)
		}
		if md.PluginID != "" {
			b = append(b, `,"plugin_id":`...)
			b = appendString(b, md.PluginID)
		}
		b = append(b, `,"duration_ns":`...)
		b = strconv.AppendInt(b, md.DurationNs, 10)
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

func appendErrorDetail(b []byte, e *entities.ErrorDetail) ([]byte, error) {
	var err error
	b = append(b, `{"message":`...)
	b = appendString(b, e.Message)
	b = append(b, `,"type":`...)
	b = appendString(b, e.Type)
	b = append(b, `,"code":`...)
	b = appendString(b, e.Code)
	if len(e.Details) > 0 {
		b = append(b, `,"details":`...)
		if b, err = appendMap(b, e.Details); err != nil {
			return nil, err
		}
	}
	if e.Wrapped != nil {
		b = append(b, `,"wrapped":`...)
		if b, err = appendErrorDetail(b, e.Wrapped); err != nil {
			return nil, err
		}
	}
	if len(e.Stack) > 0 {
		b = append(b, `,"stack":"`...)
		b = base64.StdEncoding.AppendEncode(b, e.Stack)
		b = append(b, '"')
	}
	if e.IsTimeout {
		b = append(b, `,"is_timeout":true`...)
	}
	if e.IsNotFound {
		b = append(b, `,"is_not_found":true`...)
	}
	return append(b, '}'), nil
}

// appendTime writes t as time.Time.MarshalJSON does. The lifecycle's
// three times per Result are UTC from time.Now, which appendUTC writes
// without time's general formatter (a third of encoding a Result on wasm).
func appendTime(b []byte, t time.Time) ([]byte, error) {
	if t.Location() == time.UTC {
		if sec := t.Unix(); sec >= 0 && sec < maxUTCSec {
			return appendUTC(b, sec, t.Nanosecond()), nil
		}
	}
	if y := t.Year(); y < 0 || y >= 10000 {
		// Let encoding/json produce its error.
		_, err := json.Marshal(t)
		return nil, err
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// maxUTCSec is 10000-01-01T00:00:00Z in Unix seconds: appendUTC writes
// four-digit years from 1970 on.
const maxUTCSec = 253402300800

// appendUTC writes the UTC time sec.nsec (sec >= 0, before year 10000) as
// a quoted RFC 3339 string with the fraction's trailing zeros dropped, as
// time.RFC3339Nano does.
func appendUTC(b []byte, sec int64, nsec int) []byte {
	// Written into an array and appended once: on wasm each append of a
	// byte carries its own growth check (5 KB of code for this function).
	var t [32]byte
	y, m, d := civilDate(sec / 86400)
	s := int(sec % 86400)
	t[0] = '"'
	put2(t[1:], y/100)
	put2(t[3:], y%100)
	t[5] = '-'
	put2(t[6:], m)
	t[8] = '-'
	put2(t[9:], d)
	t[11] = 'T'
	put2(t[12:], s/3600)
	t[14] = ':'
	put2(t[15:], s/60%60)
	t[17] = ':'
	put2(t[18:], s%60)
	n := 20
	if nsec != 0 {
		t[20] = '.'
		for i, x := 29, nsec; i > 20; i-- {
			t[i] = byte('0' + x%10)
			x /= 10
		}
		n = 30
		for t[n-1] == '0' {
			n--
		}
	}
	t[n], t[n+1] = 'Z', '"'
	return append(b, t[:n+2]...)
}

func put2(t []byte, n int) { t[0], t[1] = byte('0'+n/10), byte('0'+n%10) }

// civilDate returns the proleptic Gregorian date of the day that is days
// (>= 0) after 1970-01-01, counting in 400-year eras of 146,097 days from
// 0000-03-01 so that a leap day is the last day of its year.
func civilDate(days int64) (year, month, day int) {
	z := days + 719468 // days since 0000-03-01
	era := z / 146097
	doe := z - era*146097                                  // day of the era, [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era, [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the year from March 1, [0, 365]
	mp := (5*doy + 2) / 153                                // month from March, [0, 11]
	day = int(doy - (153*mp+2)/5 + 1)
	month = int(mp + 3)
	if month > 12 {
		month -= 12
	}
	year = int(yoe + era*400)
	if month <= 2 {
		year++
	}
	return year, month, day
}

// appendMap writes m with its keys sorted, as encoding/json does.
func appendMap(b []byte, m map[string]any) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	var err error
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		if b, err = appendValue(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendString(b, v), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case int32:
		return strconv.AppendInt(b, int64(v), 10), nil
	case uint64:
		return strconv.AppendUint(b, v, 10), nil
	case uint:
		return strconv.AppendUint(b, uint64(v), 10), nil
	case float64:
		return appendFloat(b, v, 64)
	case float32:
		return appendFloat(b, float64(v), 32)
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		return appendMap(b, v)
	case []any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		var err error
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendValue(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case []string:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']'), nil
	}
	enc, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, enc...), nil
}

// appendFloat formats f as encoding/json does: shortest representation,
// exponent form only for very small or large magnitudes, no NaN or Inf.
func appendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, bits)}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// e-09 becomes e-9, as in encoding/json.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendString appends s as a JSON string, as encoding/json writes it.
func appendString(b []byte, s string) []byte { return jsonappend.String(b, s) }
