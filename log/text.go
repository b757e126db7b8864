package log

import (
	"strconv"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// appendText formats msg as one line:
//
//	2026-02-11T10:00:00Z INFO resolving hostname=example.com attempt=1
func appendText(b []byte, msg *wire.LogMessage) []byte {
	b = msg.Timestamp.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, ' ')
	b = append(b, msg.Level...)
	b = append(b, ' ')
	b = appendMaybeQuoted(b, msg.Message)
	for _, a := range msg.Attrs {
		b = append(b, ' ')
		b = appendMaybeQuoted(b, a.Key)
		b = append(b, '=')
		b = appendMaybeQuoted(b, a.Value)
	}
	return append(b, '\n')
}

func appendMaybeQuoted(b []byte, s string) []byte {
	if s == "" || strings.ContainsAny(s, " \t\r\n\"=") || !strconv.CanBackquote(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}
