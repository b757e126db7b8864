package log_test

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/reglet-dev/reglet-plugin-sdk/log"
)

// Importing the package makes it slog's default handler: inside a plugin
// slog's records go to the host's log_message import (natively, to
// stderr). A Handler of its own sets a minimum level.
func ExampleNewHandler() {
	ctx := context.Background()
	h := log.NewHandler(&log.Options{Level: slog.LevelWarn})
	fmt.Println(h.Enabled(ctx, slog.LevelInfo), h.Enabled(ctx, slog.LevelWarn))

	logger := slog.New(h).With("check", "disk")
	logger.WarnContext(ctx, "nearly full", "free_mb", 12) // sent with the context's deadline
	// Output: false true
}

// The package level applies to the default handler and to every Handler
// made without Options.Level.
func ExampleSetLevel() {
	defer log.SetLevel(log.GetLevel())
	log.SetLevel(slog.LevelDebug)
	fmt.Println(log.NewHandler(nil).Enabled(context.Background(), slog.LevelDebug))
	// Output: true
}

// The host knows four levels; slog's in-between levels round down.
func ExampleLevelName() {
	for _, l := range []slog.Level{slog.LevelDebug, slog.LevelInfo + 2, slog.LevelWarn, slog.LevelError + 4} {
		fmt.Println(l, log.LevelName(l))
	}
	// Output:
	// DEBUG DEBUG
	// INFO+2 INFO
	// WARN WARN
	// ERROR+4 ERROR
}
