package host

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
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
	if strings.TrimSpace(req.Host) == "" {
		resp.Error = validationErr("tcp_connect: host is empty")
		return resp
	}
	if !validPort(req.Port) {
		resp.Error = validationErr("tcp_connect: invalid port %q", req.Port)
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
		tc := tls.Client(conn, hc.tlsConfig(host))
		defer tc.Close()
		if err := tc.HandshakeContext(ctx); err != nil {
			resp.ResponseTimeMs = time.Since(start).Milliseconds()
			resp.Error = classifyErr(ctx, "tcp_connect "+resp.Address+": TLS handshake", err)
			return resp
		}
		st := tc.ConnectionState()
		resp.TLS = true
		resp.TLSVersion = tls.VersionName(st.Version)
		resp.TLSCipherSuite = tls.CipherSuiteName(st.CipherSuite)
		resp.TLSServerName = st.ServerName
		if len(st.PeerCertificates) > 0 {
			c := st.PeerCertificates[0]
			resp.TLSCertSubject = c.Subject.String()
			resp.TLSCertIssuer = c.Issuer.String()
			na := c.NotAfter.UTC()
			resp.TLSCertNotAfter = &na
		}
	}
	resp.Connected = true
	resp.ResponseTimeMs = time.Since(start).Milliseconds()
	return resp
}
