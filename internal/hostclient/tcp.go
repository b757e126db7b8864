package hostclient

import (
	"context"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// tcpDialer implements ports.TCPDialer over reglet_host.tcp_connect.
type tcpDialer struct{ T *Transport }

var _ ports.TCPDialer = tcpDialer{}

// encodeTCPRequest builds the wire request. timeout_ms is the shorter of
// timeout and the time the context has left (omitted when neither is
// set): dialect H reads only this top-level member. The port stays a
// string: H's capability check decodes the request with a string port and
// skips the check when it cannot, so a numeric port would reach its
// dialer unchecked.
func encodeTCPRequest(c wire.Context, host, port string, timeout time.Duration, tls bool) wire.TCPRequest {
	return wire.TCPRequest{Host: host, Port: port, TimeoutMs: shorter(millis(timeout), c.TimeoutMs), TLS: tls, Context: c, UseTLS: tls}
}

func (d tcpDialer) dial(ctx context.Context, host, port string, timeout time.Duration, tls bool) (*ports.TCPConnection, error) {
	const fn = wire.TCPConnectFn
	if host == "" || port == "" {
		return nil, invalidRequest(fn, "host and port are required")
	}
	send := pick(d.T).TCP
	wctx, err := begin(ctx, fn, send)
	if err != nil {
		return nil, err
	}
	w := encodeTCPRequest(wctx, host, port, timeout, tls)
	raw, err := exchange(fn, send, appendTCPRequest(make([]byte, 0, reqBufSize), &w), maxSmallResponse)
	if err != nil {
		return nil, err
	}
	var resp wire.TCPResponse
	derr := decodeTCP(reader{b: raw, alias: true}, &resp)
	if err := finish(ctx, fn, derr, resp.Error); err != nil {
		return nil, err
	}
	return decodeTCPResponse(&resp), nil
}

// Dial connects to host:port within the context's deadline.
func (d tcpDialer) Dial(ctx context.Context, host, port string) (*ports.TCPConnection, error) {
	return d.dial(ctx, host, port, 0, false)
}

// DialWithTimeout connects to host:port, giving up after timeout.
func (d tcpDialer) DialWithTimeout(ctx context.Context, host, port string, timeout time.Duration) (*ports.TCPConnection, error) {
	return d.dial(ctx, host, port, timeout, false)
}

// DialSecure connects and makes a TLS handshake.
func (d tcpDialer) DialSecure(ctx context.Context, host, port string, timeout time.Duration) (*ports.TCPConnection, error) {
	return d.dial(ctx, host, port, timeout, true)
}
