package hostclient

import (
	"context"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// SMTPClient implements ports.SMTPClient over reglet_host.smtp_connect.
type SMTPClient struct{ T *Transport }

var _ ports.SMTPClient = SMTPClient{}

// EncodeSMTPRequest builds the wire request.
func EncodeSMTPRequest(ctx context.Context, req ports.SMTPRequest) *wire.SMTPRequest {
	return &wire.SMTPRequest{Host: req.Host, Port: req.Port, TimeoutMs: millis(req.Timeout), TLS: req.TLS,
		StartTLS: req.StartTLS, Context: ContextWire(ctx)}
}

// DecodeSMTPResponse converts a wire response to the ports type.
func DecodeSMTPResponse(r *wire.SMTPResponse) *ports.SMTPConnection {
	return &ports.SMTPConnection{
		Connected:      r.Connected,
		Address:        r.Address,
		Banner:         r.Banner,
		ResponseTime:   time.Duration(r.ResponseTimeMs) * time.Millisecond,
		TLS:            r.TLS,
		TLSVersion:     r.TLSVersion,
		TLSCipherSuite: r.TLSCipherSuite,
		TLSServerName:  r.TLSServerName,
	}
}

// Connect reaches the mail server, reads its banner and makes TLS if asked.
func (c SMTPClient) Connect(ctx context.Context, req ports.SMTPRequest) (*ports.SMTPConnection, error) {
	const fn = wire.SMTPConnectFn
	if req.Host == "" || req.Port == "" {
		return nil, invalidRequest(fn, "host and port are required")
	}
	if req.TLS && req.StartTLS {
		return nil, invalidRequest(fn, "TLS (implicit) and StartTLS are exclusive")
	}
	var resp wire.SMTPResponse
	wreq := EncodeSMTPRequest(ctx, req)
	err := roundTrip(ctx, fn, pick(c.T).SMTP, maxSmallResponse,
		func(b []byte) []byte { return AppendSMTPRequest(b, wreq) },
		func(b []byte) (*entities.ErrorDetail, error) { err := DecodeSMTP(b, &resp); return resp.Error, err })
	if err != nil {
		return nil, err
	}
	return DecodeSMTPResponse(&resp), nil
}
