//go:build !wasip1

package log

import (
	"context"
	"os"
	"sync"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

var stderrMu sync.Mutex

// defaultSink writes the record to stderr as one text line.
func defaultSink(_ context.Context, msg *wire.LogMessage) {
	b := appendText(nil, msg)
	stderrMu.Lock()
	os.Stderr.Write(b)
	stderrMu.Unlock()
}
