//go:build wasip1

package log

import (
	"context"
	"encoding/json"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// defaultSink sends the record to reglet_host.log_message. The encoded
// record is an ordinary Go slice, dropped after the call.
func defaultSink(_ context.Context, msg *wire.LogMessage) {
	b, err := json.Marshal(msg)
	if err != nil {
		return
	}
	if send := hostclient.Default.Log; send != nil {
		send(b)
	}
}
