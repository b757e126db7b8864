//go:build wasip1

package log

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// defaultSink sends the record to reglet_host.log_message. The encoded
// record is an ordinary Go slice, dropped after the call.
func defaultSink(_ context.Context, msg *wire.LogMessage) {
	if send := hostclient.Default.Log; send != nil {
		send(hostclient.AppendLogMessage(make([]byte, 0, 256), msg))
	}
}
