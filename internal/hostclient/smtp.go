package hostclient

import (
	"context"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// smtpClient implements ports.SMTPClient over reglet_host.smtp_connect.
type smtpClient struct{ T *Transport }

var _ ports.SMTPClient = smtpClient{}

// encodeSMTPRequest builds the wire request: TLS and StartTLS under both
// dialects' names, the shorter of req.Timeout and the context's time left
// as timeout_ms, and the port as a string (see encodeTCPRequest).
func encodeSMTPRequest(c wire.Context, req ports.SMTPRequest) wire.SMTPRequest {
	return wire.SMTPRequest{Host: req.Host, Port: req.Port, TimeoutMs: shorter(millis(req.Timeout), c.TimeoutMs), TLS: req.TLS,
		StartTLS: req.StartTLS, Context: c, UseTLS: req.TLS, UseStartTLS: req.StartTLS}
}

// Connect reaches the mail server, reads its banner and makes TLS if asked.
func (c smtpClient) Connect(ctx context.Context, req ports.SMTPRequest) (*ports.SMTPConnection, error) {
	const fn = wire.SMTPConnectFn
	if req.Host == "" || req.Port == "" {
		return nil, invalidRequest(fn, "host and port are required")
	}
	if req.TLS && req.StartTLS {
		return nil, invalidRequest(fn, "TLS (implicit) and StartTLS are exclusive")
	}
	send := pick(c.T).SMTP
	wctx, err := begin(ctx, fn, send)
	if err != nil {
		return nil, err
	}
	w := encodeSMTPRequest(wctx, req)
	raw, err := exchange(fn, send, appendSMTPRequest(make([]byte, 0, reqBufSize), &w), maxSmallResponse)
	if err != nil {
		return nil, err
	}
	var resp wire.SMTPResponse
	derr := decodeSMTP(reader{b: raw, alias: true}, &resp)
	if err := finish(ctx, fn, derr, resp.Error); err != nil {
		return nil, err
	}
	return decodeSMTPResponse(&resp), nil
}
