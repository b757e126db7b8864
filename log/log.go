// Package log routes log/slog records to the Reglet host.
//
// Importing it for its side effect makes slog's default logger (and so
// slog.Info, slog.InfoContext, ... and the standard library's log package)
// send every record to the host's log_message function when the plugin runs
// on wasm, and write it as a text line to stderr when compiled natively:
//
//	import (
//		"log/slog"
//		_ "github.com/reglet-dev/reglet-plugin-sdk/log"
//	)
//
//	slog.InfoContext(ctx, "resolving", "hostname", hostname)
//
// Records below the level (INFO unless SetLevel says otherwise) are dropped
// before any work is done. Each attribute is sent with its type (string,
// int64, bool, float64, time, error or any) and its value as a string;
// groups are flattened into dotted keys ("http.status"). The context's
// deadline travels with the record.
//
// Handler is exported so a plugin can build its own logger, for example
// with its own level:
//
//	logger := slog.New(log.NewHandler(&log.Options{Level: slog.LevelDebug}))
package log

import (
	"context"
	"log/slog"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// level is the level of the default logger and of handlers made without one.
var level slog.LevelVar

// SetLevel sets the minimum level of the default logger (and of every
// Handler made with no Level of its own). The default is slog.LevelInfo.
func SetLevel(l slog.Level) { level.Set(l) }

// GetLevel returns the level SetLevel set.
func GetLevel() slog.Level { return level.Level() }

func init() {
	slog.SetDefault(slog.New(NewHandler(nil)))
}

// Options configure a Handler.
type Options struct {
	// Level is the minimum level handled; nil means the package level
	// (see SetLevel).
	Level slog.Leveler
}

// Handler is a slog.Handler that sends records to the host (on wasm) or
// writes them to stderr (natively). It is safe for concurrent use.
type Handler struct {
	level  slog.Leveler
	attrs  []wire.LogAttr // from WithAttrs, keys already qualified
	prefix string         // open groups, each followed by "."
	sink   func(ctx context.Context, msg *wire.LogMessage)
}

var _ slog.Handler = (*Handler)(nil)

// NewHandler returns a Handler configured by opts (nil for the defaults).
func NewHandler(opts *Options) *Handler {
	return newHandler(opts, defaultSink)
}

func newHandler(opts *Options, sink func(context.Context, *wire.LogMessage)) *Handler {
	h := &Handler{level: &level, sink: sink}
	if opts != nil && opts.Level != nil {
		h.level = opts.Level
	}
	return h
}

// Enabled reports whether records at l are handled.
func (h *Handler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

// Handle sends r.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	ts := r.Time
	if ts.IsZero() {
		ts = time.Now()
	}
	msg := wire.LogMessage{
		Timestamp: ts,
		Level:     LevelName(r.Level),
		Message:   r.Message,
		Context:   hostclient.ContextWire(ctx),
	}
	n := len(h.attrs) + r.NumAttrs()
	if n > 0 {
		attrs := make([]wire.LogAttr, len(h.attrs), n)
		copy(attrs, h.attrs)
		r.Attrs(func(a slog.Attr) bool {
			attrs = appendAttr(attrs, h.prefix, a)
			return true
		})
		msg.Attrs = attrs
	}
	h.sink(ctx, &msg)
	return nil
}

// WithAttrs returns a Handler that adds as to every record.
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	if len(as) == 0 {
		return h
	}
	h2 := *h
	h2.attrs = make([]wire.LogAttr, len(h.attrs), len(h.attrs)+len(as))
	copy(h2.attrs, h.attrs)
	for _, a := range as {
		h2.attrs = appendAttr(h2.attrs, h.prefix, a)
	}
	return &h2
}

// WithGroup returns a Handler that qualifies later keys with name.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	h2.prefix = h.prefix + name + "."
	return &h2
}

// LevelName maps a slog level to the wire's DEBUG, INFO, WARN or ERROR
// (levels between them round down, as slog's own names do).
func LevelName(l slog.Level) string {
	switch {
	case l < slog.LevelInfo:
		return "DEBUG"
	case l < slog.LevelWarn:
		return "INFO"
	case l < slog.LevelError:
		return "WARN"
	default:
		return "ERROR"
	}
}
