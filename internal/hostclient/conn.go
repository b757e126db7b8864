package hostclient

import (
	"strconv"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// What TCP and SMTP connections share: a connection and, when made, a TLS
// session with its leaf certificate. The wire responses and the ports
// types each hold these facts in fields of their own; wireConn and
// portsConn point at them, so that decoding the members and converting
// to the ports type are written once for both.

// wireConn points at the shared fields of a wire response.
type wireConn struct {
	connected, tls                                                     *bool
	address, version, cipher, serverName, subject, issuer, verifyError *string
	responseTimeMs                                                     *int64
	notAfter                                                           **time.Time
}

func tcpFacts(r *wire.TCPResponse) wireConn {
	return wireConn{&r.Connected, &r.TLS, &r.Address, &r.TLSVersion, &r.TLSCipherSuite, &r.TLSServerName,
		&r.TLSCertSubject, &r.TLSCertIssuer, &r.TLSVerifyError, &r.ResponseTimeMs, &r.TLSCertNotAfter}
}

func smtpFacts(r *wire.SMTPResponse) wireConn {
	return wireConn{&r.Connected, &r.TLS, &r.Address, &r.TLSVersion, &r.TLSCipherSuite, &r.TLSServerName,
		&r.TLSCertSubject, &r.TLSCertIssuer, &r.TLSVerifyError, &r.ResponseTimeMs, &r.TLSCertNotAfter}
}

// portsConn points at the shared fields of a ports connection.
type portsConn struct {
	connected, tls                                                     *bool
	address, version, cipher, serverName, subject, issuer, verifyError *string
	responseTime                                                       *time.Duration
	notAfter                                                           *time.Time
}

// to copies the facts into p. TLS is also true when the response names a
// TLS version: dialect H has no tls member.
func (w wireConn) to(p portsConn) {
	*p.connected = *w.connected
	*p.tls = *w.tls || *w.version != ""
	*p.address = *w.address
	*p.version = *w.version
	*p.cipher = *w.cipher
	*p.serverName = *w.serverName
	*p.subject = *w.subject
	*p.issuer = *w.issuer
	*p.verifyError = *w.verifyError
	*p.responseTime = time.Duration(*w.responseTimeMs) * time.Millisecond
	if *w.notAfter != nil {
		*p.notAfter = **w.notAfter
	}
}

// decodeTCPResponse converts a wire response to the ports type.
func decodeTCPResponse(r *wire.TCPResponse) *ports.TCPConnection {
	c := &ports.TCPConnection{RemoteAddr: r.RemoteAddr, LocalAddr: r.LocalAddr}
	tcpFacts(r).to(portsConn{&c.Connected, &c.TLS, &c.Address, &c.TLSVersion, &c.TLSCipherSuite, &c.TLSServerName,
		&c.TLSCertSubject, &c.TLSCertIssuer, &c.TLSVerifyError, &c.ResponseTime, &c.TLSCertNotAfter})
	return c
}

// decodeSMTPResponse converts a wire response to the ports type.
func decodeSMTPResponse(r *wire.SMTPResponse) *ports.SMTPConnection {
	c := &ports.SMTPConnection{Banner: r.Banner, StartTLSNotOffered: r.StartTLSNotOffered}
	smtpFacts(r).to(portsConn{&c.Connected, &c.TLS, &c.Address, &c.TLSVersion, &c.TLSCipherSuite, &c.TLSServerName,
		&c.TLSCertSubject, &c.TLSCertIssuer, &c.TLSVerifyError, &c.ResponseTime, &c.TLSCertNotAfter})
	return c
}

// appendConnRequest appends the members TCP and SMTP requests open with:
// host, port, timeout_ms (when set) and tls, after the opening brace.
func appendConnRequest(b []byte, host, port string, timeoutMs int64, tls bool) []byte {
	b = append(b, `{"host":`...)
	b = appendString(b, host)
	b = append(b, `,"port":`...)
	b = appendString(b, port)
	if timeoutMs != 0 {
		b = append(b, `,"timeout_ms":`...)
		b = strconv.AppendInt(b, timeoutMs, 10)
	}
	b = append(b, `,"tls":`...)
	return strconv.AppendBool(b, tls)
}

// appendConnTail appends the members TCP and SMTP requests continue with:
// the context and dialect H's use_tls (when set).
func appendConnTail(b []byte, c *wire.Context, useTLS bool) []byte {
	b = append(b, `,"context":`...)
	b = appendContext(b, c)
	if useTLS {
		b = append(b, `,"use_tls":true`...)
	}
	return b
}
