package log

import (
	"github.com/reglet-dev/reglet-plugin-sdk/internal/textclip"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Bounds applied to a record whose JSON is over the host's 1 MiB request
// limit, so it arrives shortened instead of being dropped.
const (
	fitMessage  = 16 << 10
	fitValue    = 1 << 10
	fitAttrs    = 64
	truncateKey = "log.truncated"
)

// fit returns msg shortened so that its encoding is likely to fit the
// host's limit: the message and each value cut (on a rune boundary) with
// "…" appended, at most fitAttrs attributes, and a "log.truncated"
// attribute saying so. msg itself is not modified.
func fit(msg *wire.LogMessage) *wire.LogMessage {
	out := *msg
	out.Message = cut(msg.Message, fitMessage)
	n := min(len(msg.Attrs), fitAttrs)
	out.Attrs = make([]wire.LogAttr, 0, n+1)
	for _, a := range msg.Attrs[:n] {
		a.Key = cut(a.Key, fitValue)
		a.Value = cut(a.Value, fitValue)
		out.Attrs = append(out.Attrs, a)
	}
	out.Attrs = append(out.Attrs, wire.LogAttr{Key: truncateKey, Type: "bool", Value: "true"})
	return &out
}

// cut shortens s to n bytes on a rune boundary, with "…" when it was cut.
func cut(s string, n int) string { return textclip.Shorten(s, n) }
