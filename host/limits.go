package host

import (
	"fmt"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Byte bounds on what the host reads from the peers a plugin asks it to
// reach (mail servers, web servers, name servers, commands) and on what it
// hands back. A peer that sends more gets cut off: the plugin receives
// either the data up to the bound with a truncation flag (HTTP bodies,
// command output) or an error with code RESPONSE_TOO_LARGE naming the
// bound (SMTP replies, HTTP headers). GRANTS.md ("Bounds") lists every
// bound, in bytes and in time.
const (
	// MaxSMTPLineBytes is the longest SMTP reply line the host reads, CRLF
	// included. RFC 5321 allows 512 bytes; the margin is for servers that
	// ignore it.
	MaxSMTPLineBytes = 4096
	// MaxSMTPReplyLines is the most lines one (multi-line) SMTP reply may
	// have.
	MaxSMTPReplyLines = 100
	// MaxSMTPReplyBytes bounds one SMTP reply, all its lines together. The
	// banner, sent back as text, stays far below the plugin's 1 MiB
	// response limit even when every byte needs a JSON escape.
	MaxSMTPReplyBytes = 64 << 10
	// MaxHTTPHeaderBytes bounds the header section of an HTTP response
	// (http.Transport.MaxResponseHeaderBytes; for HTTP/2 the header list
	// size the host announces).
	MaxHTTPHeaderBytes = 64 << 10
	// MaxHTTPBodyBytes is the most of an HTTP response body the host keeps;
	// past it the rest is not read and body_truncated is set.
	MaxHTTPBodyBytes = wire.MaxBodyBytes
	// MaxExecOutputBytes is the most the host keeps of each of a
	// command's stdout and stderr; the rest is read and dropped (the
	// command never blocks on a full pipe) and stdout_truncated /
	// stderr_truncated is set.
	MaxExecOutputBytes = wire.MaxBodyBytes
	// MaxExecOutputJSONBytes bounds each stream as the plugin receives it,
	// a JSON string, where a NUL byte takes 6 bytes ("\u0000"), an invalid
	// UTF-8 byte 3 (U+FFFD) and a newline 2: the host sends the longest
	// start of the kept output that encodes within it, and sets the
	// stream's truncation flag when that is not all of it. Two streams and
	// the other fields (64 KiB set aside) fit the plugin's limit for an
	// exec_command response, wire.MaxExecResponseBytes (24 MiB), so 10 MiB
	// of ordinary text always arrives whole.
	MaxExecOutputJSONBytes = (wire.MaxExecResponseBytes - 64<<10) / 2
)

// Time bounds. Every operation also ends at the call's deadline: the
// plugin call's context, shortened by the request's deadline or
// timeout_ms, else DefaultHostCallTimeout.
const (
	// HTTPTLSHandshakeTimeout bounds the TLS handshake of an https request.
	HTTPTLSHandshakeTimeout = 15 * time.Second
	// HTTPExpectContinueTimeout is how long a request with
	// "Expect: 100-continue" waits before sending its body anyway.
	HTTPExpectContinueTimeout = time.Second
	// SMTPQuitTimeout bounds the wait for the answer to QUIT, after the
	// facts are gathered.
	SMTPQuitTimeout = time.Second
	// ExecWaitDelay is how long the host waits, once a command has exited
	// or been killed, for processes it left behind to close its output
	// pipes before it closes them itself.
	ExecWaitDelay = 500 * time.Millisecond
)

// limitError is a peer's answer that exceeds one of the host's bounds.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

func tooLarge(format string, args ...any) error {
	return &limitError{msg: fmt.Sprintf(format, args...)}
}
