package host

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/errclass"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/nsctx"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// WithClients makes Go values answer the plugin's host calls: a value that
// implements ports.HTTPClient answers http_request, ports.DNSResolver
// dns_lookup, ports.TCPDialer tcp_connect, ports.SMTPClient smtp_connect and
// ports.CommandRunner exec_command. These are the mocks a native test gives
// to plugin.WithClient (or plugintest.TestCase.Clients), so the same value
// serves the same handler natively and through the .wasm.
//
// The host decodes each request into the ports types, calls the value and
// encodes its answer. Which method it calls follows what the guest's client
// sent: a GET without headers or body is Get, a POST with at most a
// Content-Type is Post, anything else Do; DialSecure for TLS,
// DialWithTimeout when a timeout was given, Dial otherwise. LookupHost is
// asked once per plugin lookup (the guest asks for A, then AAAA); its IPv4
// addresses come back before its IPv6 ones. A lookup the guest sent to a
// nameserver (plugin.NewDNSResolver with WithNameserver) carries it, as
// natively, where plugin.DNSNameserver reads it.
//
// An error the value returns reaches the handler in the same error classes
// as natively: an *entities.ErrorDetail crosses whole (type, code, message,
// flags), and any other error matches exactly the ports classes
// (ports.ErrCapabilityDenied, ErrTimeout, ErrNotFound, ErrNetwork,
// ErrHostResponse) it matched in the test, with type "execution" when it
// matches none, as a plain error returned by a handler has natively. The
// message arrives prefixed with the host function's name, as every host
// error does.
//
// A value answering a function replaces the host's implementation, so the
// grants are not consulted for it. A value that implements none of the
// ports makes Load (or New) fail. Later options override earlier ones per
// function.
func WithClients(clients ...any) Option {
	return func(c *config) {
		for i, v := range clients {
			fns := clientHostFuncs(v)
			if len(fns) == 0 {
				if c.optErr == nil {
					c.optErr = fmt.Errorf("host.WithClients: client %d (%T) implements none of ports.HTTPClient, ports.DNSResolver, ports.TCPDialer, ports.SMTPClient, ports.CommandRunner", i, v)
				}
				continue
			}
			for name, fn := range fns {
				WithHostFunc(name, fn)(c)
			}
		}
	}
}

// clientHostFuncs returns the host functions v can answer.
func clientHostFuncs(v any) map[string]HostFunc {
	out := map[string]HostFunc{}
	if c, ok := v.(ports.HTTPClient); ok {
		out[wire.HTTPRequestFn] = handle(wire.HTTPRequestFn, func(ctx context.Context, _ *hostCall, req *wire.HTTPRequest) any {
			return mockHTTP(ctx, c, req)
		})
	}
	if r, ok := v.(ports.DNSResolver); ok {
		m := &dnsMock{r: r, pending: map[string]hostLookup{}}
		out[wire.DNSLookupFn] = handle(wire.DNSLookupFn, func(ctx context.Context, _ *hostCall, req *wire.DNSRequest) any {
			return m.serve(ctx, req)
		})
	}
	if d, ok := v.(ports.TCPDialer); ok {
		out[wire.TCPConnectFn] = handle(wire.TCPConnectFn, func(ctx context.Context, _ *hostCall, req *wire.TCPRequest) any {
			return mockTCP(ctx, d, req)
		})
	}
	if s, ok := v.(ports.SMTPClient); ok {
		out[wire.SMTPConnectFn] = handle(wire.SMTPConnectFn, func(ctx context.Context, _ *hostCall, req *wire.SMTPRequest) any {
			return mockSMTP(ctx, s, req)
		})
	}
	if r, ok := v.(ports.CommandRunner); ok {
		out[wire.ExecCommandFn] = handle(wire.ExecCommandFn, func(ctx context.Context, _ *hostCall, req *wire.ExecRequest) any {
			return mockExec(ctx, r, req)
		})
	}
	return out
}

// mockError is the wire form of an error a client value returned (see
// WithClients): errclass.Detail, the same function that builds a
// handler's error Result natively, so both worlds agree.
func mockError(err error) *entities.ErrorDetail {
	return errclass.Detail(err, entities.ErrorTypeExecution)
}

// noAnswer is the error for a client value that returned neither a result
// nor an error.
func noAnswer(method string) *entities.ErrorDetail {
	return &entities.ErrorDetail{Type: entities.ErrorTypeInternal, Code: wire.CodeNoAnswer,
		Message: fmt.Sprintf("the test's client returned neither a result nor an error from %s", method)}
}

func millisDuration(ms int64) time.Duration { return time.Duration(ms) * time.Millisecond }

func mockHTTP(ctx context.Context, c ports.HTTPClient, req *wire.HTTPRequest) *wire.HTTPResponse {
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	var (
		resp   *ports.HTTPResponse
		err    error
		method string
	)
	ct, onlyCT := onlyContentType(req.Headers)
	switch {
	case req.Method == "GET" && len(req.Headers) == 0 && len(req.Body) == 0:
		method = "Get"
		resp, err = c.Get(ctx, req.URL)
	case req.Method == "POST" && onlyCT:
		method = "Post"
		resp, err = c.Post(ctx, req.URL, ct, req.Body)
	default:
		method = "Do"
		resp, err = c.Do(ctx, &ports.HTTPRequest{Method: req.Method, URL: req.URL, Header: req.Headers, Body: req.Body})
	}
	if err != nil {
		return &wire.HTTPResponse{Error: mockError(err)}
	}
	if resp == nil {
		return &wire.HTTPResponse{Error: noAnswer("HTTPClient." + method)}
	}
	return &wire.HTTPResponse{StatusCode: resp.StatusCode, Headers: resp.Header, Body: resp.Body,
		Proto: resp.Proto, BodyTruncated: resp.BodyTruncated}
}

// onlyContentType reports whether h has no header but Content-Type (one
// value), and that value.
func onlyContentType(h map[string][]string) (string, bool) {
	if len(h) == 0 {
		return "", true
	}
	if len(h) != 1 {
		return "", false
	}
	for k, v := range h {
		if strings.EqualFold(k, "Content-Type") && len(v) == 1 {
			return v[0], true
		}
	}
	return "", false
}

// dnsMock serves dns_lookup from a ports.DNSResolver. The guest's LookupHost
// asks for A and then AAAA; the value's LookupHost answers both, so the
// answer to A is kept for the AAAA question about the same name that
// follows it.
type dnsMock struct {
	r       ports.DNSResolver
	mu      sync.Mutex
	pending map[string]hostLookup
}

type hostLookup struct {
	v6  []string
	err error
}

func (m *dnsMock) serve(ctx context.Context, req *wire.DNSRequest) *wire.DNSResponse {
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	// The nameserver the guest asked for, where plugin.DNSNameserver reads
	// it, as natively.
	ctx = nsctx.With(ctx, req.Nameserver)
	fail := func(err error) *wire.DNSResponse { return &wire.DNSResponse{Error: mockError(err)} }
	switch strings.ToUpper(req.Type) {
	case "A", "":
		addrs, err := m.r.LookupHost(ctx, req.Hostname)
		if err != nil {
			// The guest asks AAAA next unless the error ends its lookup;
			// an A query always replaces what is kept for the name.
			m.keep(req.Hostname, hostLookup{err: err})
			return fail(err)
		}
		v4, v6 := splitFamilies(addrs)
		m.keep(req.Hostname, hostLookup{v6: v6})
		return &wire.DNSResponse{Records: v4}
	case "AAAA":
		m.mu.Lock()
		prev, ok := m.pending[req.Hostname]
		delete(m.pending, req.Hostname)
		m.mu.Unlock()
		if !ok {
			addrs, err := m.r.LookupHost(ctx, req.Hostname)
			if err != nil {
				return fail(err)
			}
			_, prev.v6 = splitFamilies(addrs)
		}
		if prev.err != nil {
			return fail(prev.err)
		}
		return &wire.DNSResponse{Records: prev.v6}
	case "CNAME":
		name, err := m.r.LookupCNAME(ctx, req.Hostname)
		if err != nil {
			return fail(err)
		}
		if name == "" {
			return &wire.DNSResponse{}
		}
		return &wire.DNSResponse{Records: []string{name}}
	case "MX":
		mx, err := m.r.LookupMX(ctx, req.Hostname)
		if err != nil {
			return fail(err)
		}
		out := make([]wire.MXRecord, len(mx))
		for i, r := range mx {
			out[i] = wire.MXRecord{Host: r.Host, Pref: r.Pref}
		}
		return &wire.DNSResponse{MXRecords: out}
	case "TXT":
		txt, err := m.r.LookupTXT(ctx, req.Hostname)
		if err != nil {
			return fail(err)
		}
		return &wire.DNSResponse{Records: txt}
	case "NS":
		ns, err := m.r.LookupNS(ctx, req.Hostname)
		if err != nil {
			return fail(err)
		}
		return &wire.DNSResponse{Records: ns}
	}
	return &wire.DNSResponse{Error: validationErr("dns_lookup: record type %q is not one of A, AAAA, CNAME, MX, TXT, NS", req.Type)}
}

func (m *dnsMock) keep(host string, l hostLookup) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.pending) > 64 { // a guest that never asks AAAA: forget
		clear(m.pending)
	}
	m.pending[host] = l
}

// splitFamilies splits addresses into IPv4 and the rest (IPv6, or text
// that is not an address, which the guest returns as it is).
func splitFamilies(addrs []string) (v4, v6 []string) {
	for _, a := range addrs {
		if ip, err := netip.ParseAddr(a); err == nil && ip.Is4() {
			v4 = append(v4, a)
		} else {
			v6 = append(v6, a)
		}
	}
	return v4, v6
}

func mockTCP(ctx context.Context, d ports.TCPDialer, req *wire.TCPRequest) *wire.TCPResponse {
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	timeout := millisDuration(req.TimeoutMs)
	var (
		conn   *ports.TCPConnection
		err    error
		method string
	)
	switch {
	case req.TLS:
		method = "DialSecure"
		conn, err = d.DialSecure(ctx, req.Host, req.Port, timeout)
	case timeout > 0:
		method = "DialWithTimeout"
		conn, err = d.DialWithTimeout(ctx, req.Host, req.Port, timeout)
	default:
		method = "Dial"
		conn, err = d.Dial(ctx, req.Host, req.Port)
	}
	if err != nil {
		return &wire.TCPResponse{Error: mockError(err)}
	}
	if conn == nil {
		return &wire.TCPResponse{Error: noAnswer("TCPDialer." + method)}
	}
	out := &wire.TCPResponse{
		Connected: conn.Connected, Address: conn.Address, RemoteAddr: conn.RemoteAddr, LocalAddr: conn.LocalAddr,
		ResponseTimeMs: conn.ResponseTime.Milliseconds(), TLS: conn.TLS, TLSVersion: conn.TLSVersion,
		TLSCipherSuite: conn.TLSCipherSuite, TLSServerName: conn.TLSServerName,
		TLSCertSubject: conn.TLSCertSubject, TLSCertIssuer: conn.TLSCertIssuer, TLSVerifyError: conn.TLSVerifyError,
		TLSCertNotAfter: timePtr(conn.TLSCertNotAfter),
	}
	return out
}

// timePtr is nil for the zero time, which the wire leaves out.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func mockSMTP(ctx context.Context, s ports.SMTPClient, req *wire.SMTPRequest) *wire.SMTPResponse {
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	conn, err := s.Connect(ctx, ports.SMTPRequest{Host: req.Host, Port: req.Port, Timeout: millisDuration(req.TimeoutMs),
		TLS: req.TLS, StartTLS: req.StartTLS})
	if err != nil {
		return &wire.SMTPResponse{Error: mockError(err)}
	}
	if conn == nil {
		return &wire.SMTPResponse{Error: noAnswer("SMTPClient.Connect")}
	}
	return &wire.SMTPResponse{Connected: conn.Connected, Address: conn.Address, Banner: conn.Banner,
		TLS: conn.TLS, TLSVersion: conn.TLSVersion, TLSCipherSuite: conn.TLSCipherSuite,
		TLSServerName: conn.TLSServerName, ResponseTimeMs: conn.ResponseTime.Milliseconds(),
		TLSCertSubject: conn.TLSCertSubject, TLSCertIssuer: conn.TLSCertIssuer,
		TLSCertNotAfter: timePtr(conn.TLSCertNotAfter), TLSVerifyError: conn.TLSVerifyError,
		StartTLSNotOffered: conn.StartTLSNotOffered}
}

func mockExec(ctx context.Context, r ports.CommandRunner, req *wire.ExecRequest) *wire.ExecResponse {
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	// A CommandRequest.Timeout reaches the host as the call's deadline,
	// which ctx carries.
	res, err := r.Run(ctx, ports.CommandRequest{Command: req.Command, Args: req.Args, Env: req.Env, Dir: req.Dir})
	if err != nil {
		return &wire.ExecResponse{Error: mockError(err)}
	}
	if res == nil {
		return &wire.ExecResponse{Error: noAnswer("CommandRunner.Run")}
	}
	return &wire.ExecResponse{Stdout: res.Stdout, Stderr: res.Stderr, ExitCode: res.ExitCode,
		DurationMs: res.Duration.Milliseconds(), IsTimeout: res.IsTimeout,
		StdoutTruncated: res.StdoutTruncated, StderrTruncated: res.StderrTruncated}
}
