package log

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

type capture struct{ msgs []wire.LogMessage }

func (c *capture) sink(_ context.Context, m *wire.LogMessage) { c.msgs = append(c.msgs, *m) }

type valuer struct{}

func (valuer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", "u1"), slog.Int("n", 2))
}

type badStringer struct{}

func (badStringer) String() string { panic("no") }

func attrsOf(m wire.LogMessage) map[string]string {
	out := map[string]string{}
	for _, a := range m.Attrs {
		out[a.Key] = a.Type + ":" + a.Value
	}
	return out
}

func TestHandlerAttrs(t *testing.T) {
	var c capture
	logger := slog.New(newHandler(&Options{Level: slog.LevelDebug}, c.sink))
	ts := time.Date(2026, 2, 11, 10, 0, 0, 5, time.UTC)
	logger.With("svc", "dns").WithGroup("req").With("id", 7).WithGroup("").Info("resolving",
		"hostname", "example.com",
		slog.Int64("attempt", 1),
		slog.Uint64("big", 1<<63),
		slog.Bool("cached", false),
		slog.Float64("ratio", 0.25),
		slog.Time("at", ts),
		slog.Duration("took", 1500*time.Millisecond),
		slog.Any("err", errors.New("boom")),
		slog.Any("list", []int{1, 2}),
		slog.Group("peer", slog.String("ip", "192.0.2.1"), slog.Group("geo", slog.String("cc", "NL"))),
		slog.Group("", slog.String("inlined", "yes")),
		slog.Group("empty"),
		slog.Any("user", valuer{}),
		slog.Any("bad", badStringer{}),
		slog.Attr{},
	)
	if len(c.msgs) != 1 {
		t.Fatalf("%d records", len(c.msgs))
	}
	m := c.msgs[0]
	if m.Level != "INFO" || m.Message != "resolving" || m.Timestamp.IsZero() {
		t.Errorf("record %+v", m)
	}
	want := map[string]string{
		"svc":             "string:dns",
		"req.id":          "int64:7",
		"req.hostname":    "string:example.com",
		"req.attempt":     "int64:1",
		"req.big":         "int64:9223372036854775808",
		"req.cached":      "bool:false",
		"req.ratio":       "float64:0.25",
		"req.at":          "time:2026-02-11T10:00:00.000000005Z",
		"req.took":        "any:1.5s",
		"req.err":         "error:boom",
		"req.list":        "any:[1 2]",
		"req.peer.ip":     "string:192.0.2.1",
		"req.peer.geo.cc": "string:NL",
		"req.inlined":     "string:yes",
		"req.user.id":     "string:u1",
		"req.user.n":      "int64:2",
	}
	got := attrsOf(m)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if !strings.Contains(got["req.bad"], "PANIC") {
		t.Errorf("a panicking String method: %q", got["req.bad"])
	}
	delete(got, "req.bad")
	if len(got) != len(want) {
		t.Errorf("got %d attrs %v, want %d", len(got), got, len(want))
	}
	// Order: handler attrs first, then the record's.
	if m.Attrs[0].Key != "svc" || m.Attrs[1].Key != "req.id" {
		t.Errorf("order %v", m.Attrs[:2])
	}
}

func TestHandlerLevels(t *testing.T) {
	var c capture
	h := newHandler(nil, c.sink)
	logger := slog.New(h)
	defer SetLevel(GetLevel())
	SetLevel(slog.LevelInfo)
	logger.Debug("hidden")
	if len(c.msgs) != 0 || h.Enabled(context.Background(), slog.LevelDebug) {
		t.Fatal("DEBUG handled at level INFO")
	}
	SetLevel(slog.LevelDebug)
	logger.Debug("shown")
	logger.Log(context.Background(), slog.LevelWarn+1, "warnish")
	logger.Log(context.Background(), slog.LevelError+4, "fatalish")
	logger.Log(context.Background(), slog.LevelDebug-4, "below the level")
	var levels []string
	for _, m := range c.msgs {
		levels = append(levels, m.Level)
	}
	if strings.Join(levels, ",") != "DEBUG,WARN,ERROR" {
		t.Errorf("levels %v", levels)
	}
	if n := testing.AllocsPerRun(100, func() {
		SetLevel(slog.LevelInfo)
		logger.Debug("hidden", "k", "v")
	}); n != 0 {
		t.Errorf("a disabled record allocates %v times", n)
	}
}

func TestHandlerContext(t *testing.T) {
	var c capture
	logger := slog.New(newHandler(nil, c.sink))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	logger.InfoContext(ctx, "with deadline")
	if d := c.msgs[0].Context; d.Deadline == nil || d.TimeoutMs < 59000 {
		t.Errorf("context %+v", d)
	}
}

func TestDefaultLoggerIsHandler(t *testing.T) {
	if _, ok := slog.Default().Handler().(*Handler); !ok {
		t.Fatalf("slog.Default().Handler() is %T", slog.Default().Handler())
	}
}

func TestTextLine(t *testing.T) {
	m := &wire.LogMessage{Timestamp: time.Date(2026, 2, 11, 10, 0, 0, 0, time.UTC), Level: "INFO", Message: "check passed",
		Attrs: []wire.LogAttr{{Key: "hostname", Type: "string", Value: "example.com"}, {Key: "note", Type: "string", Value: "a b"}}}
	got := string(appendText(nil, m))
	if want := "2026-02-11T10:00:00Z INFO \"check passed\" hostname=example.com note=\"a b\"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func BenchmarkHandlerEnabled(b *testing.B) {
	logger := slog.New(newHandler(nil, func(context.Context, *wire.LogMessage) {}))
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		logger.InfoContext(ctx, "resolving", "hostname", "example.com", "attempt", 1)
	}
}

func BenchmarkHandlerDisabled(b *testing.B) {
	logger := slog.New(newHandler(nil, func(context.Context, *wire.LogMessage) {}))
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		logger.DebugContext(ctx, "resolving", "hostname", "example.com", "attempt", 1)
	}
}

func TestFit(t *testing.T) {
	big := strings.Repeat("é", 600<<10) // 1.2 MB
	m := &wire.LogMessage{Level: "INFO", Message: big, Attrs: make([]wire.LogAttr, 500)}
	for i := range m.Attrs {
		m.Attrs[i] = wire.LogAttr{Key: "k", Type: "string", Value: big}
	}
	f := fit(m)
	if len(f.Message) > fitMessage+len("…") || !utf8.ValidString(f.Message) || !strings.HasSuffix(f.Message, "…") {
		t.Errorf("message not cut cleanly: %d bytes", len(f.Message))
	}
	if len(f.Attrs) != fitAttrs+1 || f.Attrs[fitAttrs].Key != truncateKey {
		t.Errorf("attrs: %d, last %+v", len(f.Attrs), f.Attrs[len(f.Attrs)-1])
	}
	if m.Message != big || len(m.Attrs) != 500 {
		t.Error("fit modified its input")
	}
	if n := len(hostclient.AppendLogMessage(nil, f)); n > wire.MaxRequestBytes {
		t.Errorf("fitted record is %d bytes", n)
	}
}
