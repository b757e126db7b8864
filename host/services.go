package host

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// DefaultHostCallTimeout bounds a host function call whose request carries
// no deadline and whose plugin call has none either.
const DefaultHostCallTimeout = 60 * time.Second

// defaultHostFunc returns the host's own implementation of import name.
func defaultHostFunc(name string) HostFunc {
	switch name {
	case wire.HTTPRequestFn:
		return httpHostFunc
	case wire.DNSLookupFn:
		return dnsHostFunc
	case wire.TCPConnectFn:
		return tcpHostFunc
	case wire.SMTPConnectFn:
		return smtpHostFunc
	case wire.ExecCommandFn:
		return execHostFunc
	case wire.LogMessageFn:
		return logHostFunc
	}
	return func(ctx context.Context, req []byte) []byte {
		return errorResponse(entities.ErrorTypeCapability, wire.CodeCapabilityDenied,
			fmt.Sprintf("permission denied: %s is not available on this host", name))
	}
}

// Host function implementations, built once.
var (
	httpHostFunc = handle(wire.HTTPRequestFn, serveHTTP)
	dnsHostFunc  = handle(wire.DNSLookupFn, serveDNS)
	tcpHostFunc  = handle(wire.TCPConnectFn, serveTCP)
	smtpHostFunc = handle(wire.SMTPConnectFn, serveSMTP)
	execHostFunc = handle(wire.ExecCommandFn, serveExec)
	logHostFunc  = handle(wire.LogMessageFn, serveLog)
)

// hostCall is what every host function implementation gets: the plugin's
// options (grants, logger, TLS roots, resolver) and the call's context.
type hostCall struct {
	cfg    *config
	grants entities.GrantSet
}

var fallbackConfig = defaultConfig()

func newHostCall(ctx context.Context) *hostCall {
	cfg := &fallbackConfig
	if in := callingInstance(ctx); in != nil && in.cfg != nil {
		cfg = in.cfg
	}
	return &hostCall{cfg: cfg, grants: cfg.grants}
}

// handle turns a typed implementation into a HostFunc: it decodes the
// request (malformed JSON is a validation error response), recovers from
// panics (an internal error response) and encodes the response. A nil
// response (log_message) is returned as nil.
func handle[Req any](name string, fn func(ctx context.Context, hc *hostCall, req *Req) any) HostFunc {
	return func(ctx context.Context, raw []byte) (out []byte) {
		defer func() {
			if r := recover(); r != nil {
				out = panicResponse(name, r)
			}
		}()
		var req Req
		if err := json.Unmarshal(raw, &req); err != nil {
			return errorResponse(entities.ErrorTypeValidation, wire.CodeBadRequest,
				fmt.Sprintf("%s: malformed request JSON: %v", name, err))
		}
		resp := fn(ctx, newHostCall(ctx), &req)
		if resp == nil {
			return nil
		}
		b, err := marshalResponse(resp)
		if err != nil {
			return errorResponse(entities.ErrorTypeInternal, wire.CodeEncodeFailed,
				fmt.Sprintf("%s: encoding the response: %v", name, err))
		}
		if limit := responseLimit(name); len(b) > limit {
			// The bounds on each field keep answers well within the
			// guest's limit; this is the backstop that guarantees it.
			return errorResponse(entities.ErrorTypeInternal, wire.CodeResponseTooLarge,
				fmt.Sprintf("%s: the response would be %d bytes, over the plugin's %d-byte limit", name, len(b), limit))
		}
		return b
	}
}

// marshalResponse encodes a response as JSON without HTML escaping: '<',
// '>' and '&' stay one byte each instead of six ("\u003c"), which matters
// for text fields sized to fit the guest's limits (fitJSONString).
func marshalResponse(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// responseLimit is the most the guest accepts from import name (see
// wire.MaxHTTPResponseBytes).
func responseLimit(name string) int {
	switch name {
	case wire.HTTPRequestFn:
		return wire.MaxHTTPResponseBytes
	case wire.ExecCommandFn:
		return wire.MaxExecResponseBytes
	}
	return wire.MaxSmallResponseBytes
}

// panicResponse is the answer when a host function panics: the host process
// survives and the guest gets an internal error.
func panicResponse(name string, r any) []byte {
	b, _ := json.Marshal(struct {
		Error *entities.ErrorDetail `json:"error"`
	}{&entities.ErrorDetail{
		Type: entities.ErrorTypeInternal, Code: wire.CodeHostPanic,
		Message: fmt.Sprintf("%s: host function panicked: %v", name, r),
		Stack:   debug.Stack(),
	}})
	return b
}

// callContext derives the context a host operation runs under: the plugin
// call's context, shortened by the request's time limit and an operation
// timeout (each when set), and by DefaultHostCallTimeout when nothing else
// bounds it.
//
// The request's time limit is its relative timeout_ms when it has one, and
// its absolute deadline only otherwise: a guest's clock may be fake (hosts
// of dialect H give the guest wazero's default clock, which starts in
// 2022), so the deadline it computed can be years off, while the time left
// that it measured on its own clock is right.
func callContext(ctx context.Context, wc wire.Context, opTimeoutMs int64) (context.Context, context.CancelFunc) {
	if wc.Canceled {
		c, cancel := context.WithCancelCause(ctx)
		cancel(context.Canceled)
		return c, func() {}
	}
	var deadline time.Time
	shorten := func(t time.Time) {
		if deadline.IsZero() || t.Before(deadline) {
			deadline = t
		}
	}
	now := time.Now()
	if wc.TimeoutMs > 0 {
		shorten(now.Add(time.Duration(wc.TimeoutMs) * time.Millisecond))
	} else if wc.Deadline != nil && !wc.Deadline.IsZero() {
		shorten(*wc.Deadline)
	}
	if opTimeoutMs > 0 {
		shorten(now.Add(time.Duration(opTimeoutMs) * time.Millisecond))
	}
	if _, ok := ctx.Deadline(); !ok && deadline.IsZero() {
		shorten(now.Add(DefaultHostCallTimeout))
	}
	if deadline.IsZero() {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, deadline)
}

// dialer returns a net.Dialer whose every connection attempt is checked
// against the grants on the address actually dialled (after DNS, on every
// redirect hop), so neither rebinding nor a redirect can reach a
// restricted address that the operator did not name.
func (hc *hostCall) dialer() *net.Dialer {
	g := hc.grants
	return &net.Dialer{
		Resolver: hc.cfg.resolver,
		Control: func(network, address string, _ syscall.RawConn) error {
			return allowDialAddr(g, address)
		},
	}
}

func (hc *hostCall) tlsConfig(serverName string) *tls.Config {
	return &tls.Config{ServerName: serverName, RootCAs: hc.cfg.trustedRoots(), MinVersion: tls.VersionTLS12}
}

// tlsFacts is what a probe reports of a TLS handshake.
type tlsFacts struct {
	version, cipher, serverName string
	subject, issuer             string
	notAfter                    *time.Time
	verifyErr                   string // why the certificate failed verification
}

// tlsProbe makes a client TLS handshake over conn for a probe (tcp_connect,
// smtp_connect). The handshake completes even when the server's certificate
// fails verification, so that the certificate can be reported: the
// verification crypto/tls would make (chain to the trusted roots, validity,
// serverName, IP addresses included) is made by hand and its failure
// returned in the facts, not as an error. Nothing is sent over an
// unverified connection but the probe's own protocol (SMTP's QUIT). err is
// a handshake that failed for another reason (no common version, a reset).
func (hc *hostCall) tlsProbe(ctx context.Context, conn net.Conn, serverName string) (*tls.Conn, *tlsFacts, error) {
	roots := hc.cfg.trustedRoots()
	var verifyErr error
	cfg := &tls.Config{
		ServerName:         serverName,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // verified below, by hand, so a failure can be reported with the certificate
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				verifyErr = errors.New("the server sent no certificate")
				return nil
			}
			opts := x509.VerifyOptions{Roots: roots, DNSName: serverName, Intermediates: x509.NewCertPool()}
			for _, c := range cs.PeerCertificates[1:] {
				opts.Intermediates.AddCert(c)
			}
			_, verifyErr = cs.PeerCertificates[0].Verify(opts)
			return nil
		},
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, nil, err
	}
	st := tc.ConnectionState()
	f := &tlsFacts{
		version:    tls.VersionName(st.Version),
		cipher:     tls.CipherSuiteName(st.CipherSuite),
		serverName: serverName, // the name verified against; crypto/tls leaves it empty for an IP
	}
	if len(st.PeerCertificates) > 0 {
		c := st.PeerCertificates[0]
		f.subject, f.issuer = c.Subject.String(), c.Issuer.String()
		na := c.NotAfter.UTC()
		f.notAfter = &na
	}
	if verifyErr != nil {
		f.verifyErr = verifyErr.Error()
	}
	return tc, f, nil
}

// classifyErr turns an error from an operation into the wire ErrorDetail:
// denials are capability errors, deadlines timeouts, DNS misses not-found
// network errors, the rest network errors with a code.
func classifyErr(ctx context.Context, what string, err error) *entities.ErrorDetail {
	var de *denyError
	if errors.As(err, &de) {
		return de.detail()
	}
	msg := fmt.Sprintf("%s: %v", what, err)
	var dnsErr *net.DNSError
	isDNS := errors.As(err, &dnsErr)
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		(errors.As(err, &ne) && ne.Timeout()) || (isDNS && dnsErr.IsTimeout) ||
		errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &entities.ErrorDetail{Type: entities.ErrorTypeTimeout, Code: wire.CodeTimeout, Message: msg, IsTimeout: true}
	}
	if errors.Is(err, context.Canceled) {
		return &entities.ErrorDetail{Type: entities.ErrorTypeTimeout, Code: wire.CodeCanceled, Message: msg}
	}
	d := &entities.ErrorDetail{Type: entities.ErrorTypeNetwork, Code: wire.CodeNetworkError, Message: msg}
	var limitErr *limitError
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	var addrErr *net.AddrError
	switch {
	case errors.As(err, &limitErr):
		d.Code = wire.CodeResponseTooLarge
	case isDNS && dnsErr.IsNotFound,
		// The system resolver found the name (in /etc/hosts, say) but no
		// address of the family asked: that family has no records.
		errors.As(err, &addrErr) && addrErr.Err == noSuitableAddress:
		d.Code, d.IsNotFound = wire.CodeNotFound, true
	case isDNS:
		d.Code = wire.CodeDNSError
	case errors.Is(err, syscall.ECONNREFUSED):
		d.Code = wire.CodeConnectionRefused
	case errors.Is(err, syscall.ECONNRESET):
		d.Code = wire.CodeConnectionReset
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		d.Code = wire.CodeUnreachable
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &alert):
		d.Code = wire.CodeTLSError
	}
	return d
}

// noSuitableAddress is the message of the *net.AddrError the resolver
// returns when a name has addresses, but none of the family asked for.
const noSuitableAddress = "no suitable address found"

func validationErr(format string, args ...any) *entities.ErrorDetail {
	return &entities.ErrorDetail{Type: entities.ErrorTypeValidation, Code: wire.CodeInvalidRequest, Message: fmt.Sprintf(format, args...)}
}

// checkEndpoint refuses an empty host or a port that is not a decimal TCP
// port, naming the import op; nil when both are usable.
func checkEndpoint(op, host, port string) *entities.ErrorDetail {
	if strings.TrimSpace(host) == "" {
		return validationErr("%s: host is empty", op)
	}
	if !validPort(port) {
		return validationErr("%s: invalid port %q", op, port)
	}
	return nil
}

// validPort checks a decimal TCP port.
func validPort(p string) bool {
	n := 0
	if p == "" || len(p) > 5 {
		return false
	}
	for _, c := range p {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n > 0 && n <= 65535
}
