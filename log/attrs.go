package log

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// appendAttr appends a, resolved and flattened, with keys qualified by
// prefix. It follows slog's rules: an empty attribute is dropped, a group
// with no attributes is dropped, and a group with an empty key is inlined.
func appendAttr(dst []wire.LogAttr, prefix string, a slog.Attr) []wire.LogAttr {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return dst
	}
	if a.Value.Kind() == slog.KindGroup {
		group := a.Value.Group()
		if len(group) == 0 {
			return dst
		}
		p := prefix
		if a.Key != "" {
			p = prefix + a.Key + "."
		}
		for _, g := range group {
			dst = appendAttr(dst, p, g)
		}
		return dst
	}
	typ, val := typedValue(a.Value)
	return append(dst, wire.LogAttr{Key: prefix + a.Key, Type: typ, Value: val})
}

// typedValue returns the wire type and string form of a resolved value.
func typedValue(v slog.Value) (typ, val string) {
	switch v.Kind() {
	case slog.KindString:
		return "string", v.String()
	case slog.KindInt64:
		return "int64", strconv.FormatInt(v.Int64(), 10)
	case slog.KindUint64:
		return "int64", strconv.FormatUint(v.Uint64(), 10)
	case slog.KindBool:
		return "bool", strconv.FormatBool(v.Bool())
	case slog.KindFloat64:
		return "float64", strconv.FormatFloat(v.Float64(), 'g', -1, 64)
	case slog.KindTime:
		return "time", v.Time().Format(time.RFC3339Nano)
	case slog.KindDuration:
		return "any", v.Duration().String()
	default:
		x := v.Any()
		if err, ok := x.(error); ok {
			return "error", errorString(err)
		}
		return "any", anyString(x)
	}
}

// errorString and anyString keep a panicking Error or String method from
// taking the plugin down with the log call.
func errorString(err error) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("!PANIC in Error: %v", r)
		}
	}()
	return err.Error()
}

func anyString(x any) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("!PANIC in String: %v", r)
		}
	}()
	return fmt.Sprintf("%+v", x)
}
