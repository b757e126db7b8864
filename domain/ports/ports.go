// Package ports declares the services a plugin can ask of the Reglet host:
// HTTP, DNS, TCP, SMTP and command execution. On wasm the SDK implements each
// interface over a reglet_host function; in tests, any value implementing the
// interface can be injected with plugin.WithClient.
//
// Failures the host reports (a denied capability, a timeout, an unknown
// name, a refused connection) come back as errors that keep the host's
// message and match the classes ErrCapabilityDenied, ErrTimeout,
// ErrNotFound, ErrNetwork and ErrHostResponse with errors.Is; errors.As
// with *entities.ErrorDetail gives the wire type and code.
//
// What is a result and what is an error: non-2xx HTTP statuses and
// non-zero exit codes are results. A TCP or SMTP connection that cannot be
// made (refused, reset, unreachable, timed out) is an error (ErrNetwork or
// ErrTimeout), not a result with Connected false. With the local host,
// Connected is false in a result only when the connection was made but the
// TLS certificate failed verification: the certificate fields are then
// filled and TLSVerifyError says why. A STARTTLS the server does not offer
// is a result too (SMTPConnection.StartTLSNotOffered, banner kept).
//
// The types here are plain Go values with no dependency on net/http or
// crypto/tls: those live on the host's side of the wire and would cost every
// plugin binary megabytes.
package ports

import (
	"context"
	"time"
)

// HTTPRequest is one request for the host to perform.
type HTTPRequest struct {
	// Method is the HTTP method; empty means GET.
	Method string
	// URL is the absolute http or https URL.
	URL string
	// Header holds request headers, canonical or not.
	Header map[string][]string
	// Body is sent as the request body when not nil.
	Body []byte
}

// HTTPResponse is a fully buffered response.
type HTTPResponse struct {
	// StatusCode is the response status, e.g. 200.
	StatusCode int
	// Header holds the response headers as the host received them. The
	// local host refuses a header section over 64 KiB with an ErrNetwork
	// error of code RESPONSE_TOO_LARGE.
	Header map[string][]string
	// Body is the response body, at most 10 MiB (see BodyTruncated).
	Body []byte
	// Proto is the protocol the server spoke, e.g. "HTTP/1.1".
	Proto string
	// BodyTruncated is true when the host stopped reading the body at its
	// 10 MiB limit.
	BodyTruncated bool
}

// HTTPClient performs HTTP requests through the host.
type HTTPClient interface {
	// Do performs req and returns the buffered response. A non-2xx status
	// is not an error.
	Do(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error)
	// Get performs a GET of url.
	Get(ctx context.Context, url string) (*HTTPResponse, error)
	// Post sends body with the given Content-Type to url.
	Post(ctx context.Context, url, contentType string, body []byte) (*HTTPResponse, error)
}

// MXRecord is one mail exchanger of a domain.
type MXRecord struct {
	// Host is the exchanger's host name.
	Host string
	// Pref is its preference; lower is preferred.
	Pref uint16
}

// DNSResolver resolves names through the host.
type DNSResolver interface {
	// LookupHost returns the IPv4 and IPv6 addresses of host.
	LookupHost(ctx context.Context, host string) ([]string, error)
	// LookupCNAME returns the canonical name of host.
	LookupCNAME(ctx context.Context, host string) (string, error)
	// LookupMX returns the mail exchangers of name, sorted by preference.
	LookupMX(ctx context.Context, name string) ([]MXRecord, error)
	// LookupTXT returns the TXT records of name.
	LookupTXT(ctx context.Context, name string) ([]string, error)
	// LookupNS returns the name servers of name.
	LookupNS(ctx context.Context, name string) ([]string, error)
}

// TCPConnection reports a TCP connection the host opened and closed again.
type TCPConnection struct {
	// Connected is true when the connection (and handshake, with TLS)
	// succeeded; false, without an error, when the TLS certificate failed
	// verification (see TLSVerifyError).
	Connected bool
	// Address is the host:port that was dialled.
	Address string
	// RemoteAddr and LocalAddr are the connection's endpoints.
	RemoteAddr string
	LocalAddr  string
	// ResponseTime is how long the connect (and handshake) took.
	ResponseTime time.Duration
	// TLS is true when a TLS handshake was made; the fields below describe it.
	TLS bool
	// TLSVersion is e.g. "TLS 1.3".
	TLSVersion string
	// TLSCipherSuite is the negotiated cipher suite's name.
	TLSCipherSuite string
	// TLSServerName is the name the certificate was checked against.
	TLSServerName string
	// TLSCertSubject and TLSCertIssuer describe the leaf certificate.
	TLSCertSubject string
	TLSCertIssuer  string
	// TLSCertNotAfter is the leaf certificate's expiry.
	TLSCertNotAfter time.Time
	// TLSVerifyError is why the certificate failed verification (expired,
	// unknown authority, wrong name), as the local host reports it: the
	// certificate fields above are then filled and Connected is false.
	// Empty when the certificate was verified (or TLS was not asked for).
	TLSVerifyError string
}

// TCPDialer probes TCP endpoints through the host. The host closes each
// connection after the probe; plugins never hold sockets.
type TCPDialer interface {
	// Dial connects to host:port with the context's deadline.
	Dial(ctx context.Context, host, port string) (*TCPConnection, error)
	// DialWithTimeout connects to host:port, giving up after timeout.
	DialWithTimeout(ctx context.Context, host, port string, timeout time.Duration) (*TCPConnection, error)
	// DialSecure connects and makes a TLS handshake, reporting the
	// certificate.
	DialSecure(ctx context.Context, host, port string, timeout time.Duration) (*TCPConnection, error)
}

// SMTPRequest says how to reach a mail server.
type SMTPRequest struct {
	// Host and Port of the server; Port is e.g. "25", "465" or "587".
	Host string
	Port string
	// Timeout bounds the whole exchange; zero means the context's deadline.
	Timeout time.Duration
	// TLS connects with implicit TLS (port 465 style).
	TLS bool
	// StartTLS upgrades the plain connection with STARTTLS after EHLO.
	StartTLS bool
}

// SMTPConnection reports a mail server the host reached.
type SMTPConnection struct {
	// Connected is true when the banner was read (and TLS, if asked and
	// offered, made); false, without an error, when the TLS certificate
	// failed verification (see TLSVerifyError).
	Connected bool
	// Address is the host:port that was dialled.
	Address string
	// Banner is the server's greeting, e.g. "220 mx.example.com ESMTP",
	// its lines joined by "\n". The local host refuses a reply line over
	// 4,096 bytes or a reply over 100 lines or 64 KiB with an ErrNetwork
	// error of code RESPONSE_TOO_LARGE.
	Banner string
	// ResponseTime is how long the exchange took.
	ResponseTime time.Duration
	// TLS is true when the session was encrypted; the fields below describe it.
	TLS            bool
	TLSVersion     string
	TLSCipherSuite string
	TLSServerName  string
	// TLSCertSubject, TLSCertIssuer and TLSCertNotAfter describe the
	// server's leaf certificate, when the host reports it.
	TLSCertSubject  string
	TLSCertIssuer   string
	TLSCertNotAfter time.Time
	// TLSVerifyError is why the certificate failed verification; the
	// certificate fields are then filled and Connected is false.
	TLSVerifyError string
	// StartTLSNotOffered is true when StartTLS was asked for and the
	// server's EHLO reply did not offer it: Connected and Banner are kept
	// and TLS is false. This is a finding, not an error.
	StartTLSNotOffered bool
}

// SMTPClient probes mail servers through the host.
type SMTPClient interface {
	// Connect reaches the server, reads its banner and optionally makes TLS.
	Connect(ctx context.Context, req SMTPRequest) (*SMTPConnection, error)
}

// CommandRequest is a command for the host to run, without a shell.
type CommandRequest struct {
	// Command is the absolute path of the program.
	Command string
	// Args are its arguments (not including the program name).
	Args []string
	// Env holds "KEY=VALUE" entries; the host passes only granted ones.
	Env []string
	// Dir is the working directory; empty means the host's choice.
	Dir string
	// Timeout bounds the run; zero means the context's deadline.
	Timeout time.Duration
}

// CommandResult is how a command ended. A non-zero exit code is not an error.
type CommandResult struct {
	// Stdout and Stderr are the command's output as text: invalid UTF-8
	// arrives as U+FFFD, one per byte. Each is cut to what fits in 10 MiB
	// of JSON: 10 MiB of plain text, less of output that needs escapes
	// (a NUL byte takes 6 bytes, an invalid byte 3), with StdoutTruncated
	// or StderrTruncated set.
	Stdout string
	Stderr string
	// ExitCode is the process's exit status.
	ExitCode int
	// Duration is how long the command ran.
	Duration time.Duration
	// IsTimeout is true when the host killed the command at its deadline.
	IsTimeout bool
	// StdoutTruncated and StderrTruncated are true when the host left part
	// of that stream out to stay within its limit (wire fields
	// stdout_truncated and stderr_truncated).
	StdoutTruncated bool
	StderrTruncated bool
}

// CommandRunner runs commands through the host.
type CommandRunner interface {
	// Run runs req and waits for it to end. A non-zero exit and a command
	// killed at its deadline (IsTimeout, with the output read so far) are
	// results, not errors.
	Run(ctx context.Context, req CommandRequest) (*CommandResult, error)
}
