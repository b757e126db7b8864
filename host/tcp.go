package host

import (
	"context"
	"net"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// dialChecked checks host:port against the grants and dials it with the
// guarded dialer.
func dialChecked(ctx context.Context, hc *hostCall, host, port string) (net.Conn, error) {
	if err := allowNetwork(hc.grants, host, port); err != nil {
		return nil, err
	}
	return hc.dialer().DialContext(ctx, "tcp", net.JoinHostPort(normHost(host), port))
}

func serveTCP(ctx context.Context, hc *hostCall, req *wire.TCPRequest) any {
	resp := &wire.TCPResponse{}
	if resp.Error = checkEndpoint("tcp_connect", req.Host, req.Port); resp.Error != nil {
		return resp
	}
	host := normHost(req.Host)
	resp.Address = net.JoinHostPort(host, req.Port)
	ctx, cancel := callContext(ctx, req.Context, req.TimeoutMs)
	defer cancel()
	start := time.Now()
	conn, err := dialChecked(ctx, hc, host, req.Port)
	if err != nil {
		resp.Error = classifyErr(ctx, "tcp_connect "+resp.Address, err)
		return resp
	}
	defer conn.Close()
	resp.RemoteAddr = conn.RemoteAddr().String()
	resp.LocalAddr = conn.LocalAddr().String()
	if req.TLS {
		tc, f, err := hc.tlsProbe(ctx, conn, host)
		if err != nil {
			resp.ResponseTimeMs = time.Since(start).Milliseconds()
			resp.Error = classifyErr(ctx, "tcp_connect "+resp.Address+": TLS handshake", err)
			return resp
		}
		defer tc.Close()
		resp.TLS = true
		resp.TLSVersion, resp.TLSCipherSuite, resp.TLSServerName = f.version, f.cipher, f.serverName
		resp.TLSCertSubject, resp.TLSCertIssuer, resp.TLSCertNotAfter = f.subject, f.issuer, f.notAfter
		if f.verifyErr != "" {
			// The certificate is the finding: report it, not connected.
			resp.TLSVerifyError = f.verifyErr
			resp.ResponseTimeMs = time.Since(start).Milliseconds()
			return resp
		}
	}
	resp.Connected = true
	resp.ResponseTimeMs = time.Since(start).Milliseconds()
	return resp
}
