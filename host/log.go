package host

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// slogLevel maps a wire level to slog's; unknown levels are INFO.
func slogLevel(s string) slog.Level {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "DEBUG":
		return slog.LevelDebug
	case "WARN", "WARNING":
		return slog.LevelWarn
	case "ERROR":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// logAttr converts a wire attribute back into a typed slog.Attr; a value
// that does not parse as its declared type stays a string.
func logAttr(a wire.LogAttr) slog.Attr {
	switch a.Type {
	case "int64":
		if n, err := strconv.ParseInt(a.Value, 10, 64); err == nil {
			return slog.Int64(a.Key, n)
		}
	case "bool":
		if b, err := strconv.ParseBool(a.Value); err == nil {
			return slog.Bool(a.Key, b)
		}
	case "float64":
		if f, err := strconv.ParseFloat(a.Value, 64); err == nil {
			return slog.Float64(a.Key, f)
		}
	case "time":
		if t, err := time.Parse(time.RFC3339Nano, a.Value); err == nil {
			return slog.Time(a.Key, t)
		}
	case "error":
		return slog.Any(a.Key, errors.New(a.Value))
	}
	return slog.String(a.Key, a.Value)
}

// serveLog emits the plugin's record to the host logger, keeping the
// plugin's timestamp. It has no response.
func serveLog(ctx context.Context, hc *hostCall, msg *wire.LogMessage) any {
	l := hc.cfg.logger
	if l == nil {
		return nil
	}
	level := slogLevel(msg.Level)
	h := l.Handler()
	if !h.Enabled(ctx, level) {
		return nil
	}
	ts := msg.Timestamp
	if ts.IsZero() {
		ts = time.Now()
	}
	r := slog.NewRecord(ts, level, msg.Message, 0)
	for _, a := range msg.Attrs {
		r.AddAttrs(logAttr(a))
	}
	if msg.Context.RequestID != "" {
		r.AddAttrs(slog.String("request_id", msg.Context.RequestID))
	}
	_ = h.Handle(ctx, r)
	return nil
}
