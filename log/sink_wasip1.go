//go:build wasip1

package log

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// defaultSink sends the record to reglet_host.log_message. The encoded
// record is an ordinary Go slice, dropped after the call. A record over the
// host's 1 MiB limit is shortened (see fit) rather than lost.
func defaultSink(_ context.Context, msg *wire.LogMessage) {
	send := hostclient.Default.Log
	if send == nil {
		return
	}
	b := hostclient.AppendLogMessage(make([]byte, 0, 256), msg)
	if len(b) > wire.MaxRequestBytes {
		b = hostclient.AppendLogMessage(b[:0], fit(msg))
	}
	send(b)
}
