// Package wire is the one Go home of the Reglet wire contract
// (docs/WIRE.md): what the guest and the local host must agree on.
//
//   - the reglet_host import names (Module, HTTPRequestFn, ...);
//   - pointer/length packing (Pack, Unpack);
//   - the JSON shapes of the import requests and responses, exactly as the
//     contract names their fields: guest adapters encode requests and decode
//     responses with these types, the local host does the opposite;
//   - the error codes both sides produce or match (Code*); the error types
//     are public, entities.ErrorType*;
//   - the fallback documents the guest lends when it cannot produce the real
//     Manifest or Result (NoPluginManifest, ...).
//
// Manifest and Result live in domain/entities.
package wire

import (
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Names of the reglet_host imports.
const (
	Module        = "reglet_host"
	HTTPRequestFn = "http_request"
	DNSLookupFn   = "dns_lookup"
	TCPConnectFn  = "tcp_connect"
	SMTPConnectFn = "smtp_connect"
	ExecCommandFn = "exec_command"
	LogMessageFn  = "log_message"
)

// MaxRequestBytes is the most the host reads of one request.
const MaxRequestBytes = 1 << 20

// MaxBodyBytes is the most the host buffers of an HTTP body or of one stream
// of command output.
const MaxBodyBytes = 10 << 20

// Response limits: the most a guest accepts from each reglet_host
// function, in bytes of response JSON. The guest refuses a larger
// response block before it reaches its memory (an instance's memory never
// shrinks); the local host keeps its answers within them. An HTTP body
// (base64, 4/3 of MaxBodyBytes) and two streams of command output
// (MaxBodyBytes of JSON each) fit with room for the other fields.
const (
	MaxHTTPResponseBytes  = 16 << 20
	MaxExecResponseBytes  = 24 << 20
	MaxSmallResponseBytes = 1 << 20
)

// Context carries the caller's deadline so the host can honour it.
type Context struct {
	Deadline  *time.Time `json:"deadline,omitempty"`
	RequestID string     `json:"request_id,omitempty"`
	TimeoutMs int64      `json:"timeout_ms,omitempty"`
	Canceled  bool       `json:"canceled,omitempty"`
}

// HTTPRequest asks the host to perform one HTTP request.
type HTTPRequest struct {
	Method  string              `json:"method"`
	URL     string              `json:"url"`
	Headers map[string][]string `json:"headers,omitempty"`
	Body    []byte              `json:"body,omitempty"`
	Context Context             `json:"context"`
	// TimeoutMs repeats Context.TimeoutMs at the top level, where dialect
	// H reads it (that host ignores the context).
	TimeoutMs int64 `json:"timeout_ms,omitempty"`
}

// HTTPResponse is the host's answer to an HTTPRequest.
type HTTPResponse struct {
	StatusCode    int                   `json:"status_code"`
	Headers       map[string][]string   `json:"headers,omitempty"`
	Body          []byte                `json:"body,omitempty"`
	Proto         string                `json:"proto,omitempty"`
	BodyTruncated bool                  `json:"body_truncated,omitempty"`
	Error         *entities.ErrorDetail `json:"error,omitempty"`
}

// DNSRequest asks the host to resolve Hostname for one record type.
type DNSRequest struct {
	Hostname   string  `json:"hostname"`
	Type       string  `json:"type"`
	Nameserver string  `json:"nameserver,omitempty"`
	Context    Context `json:"context"`
	// TimeoutMs repeats Context.TimeoutMs for dialect H.
	TimeoutMs int64 `json:"timeout_ms,omitempty"`
}

// MXRecord is one mail exchanger.
type MXRecord struct {
	Host string `json:"host"`
	Pref uint16 `json:"pref"`
}

// DNSResponse is the host's answer to a DNSRequest.
type DNSResponse struct {
	Records   []string              `json:"records,omitempty"`
	MXRecords []MXRecord            `json:"mx_records,omitempty"`
	Error     *entities.ErrorDetail `json:"error,omitempty"`
}

// TCPRequest asks the host to open (and close) a TCP connection.
type TCPRequest struct {
	Host      string  `json:"host"`
	Port      string  `json:"port"`
	TimeoutMs int64   `json:"timeout_ms,omitempty"`
	TLS       bool    `json:"tls"`
	Context   Context `json:"context"`
	// UseTLS repeats TLS under dialect H's name.
	UseTLS bool `json:"use_tls,omitempty"`
}

// TCPResponse reports the connection the host made.
type TCPResponse struct {
	Connected       bool       `json:"connected"`
	Address         string     `json:"address,omitempty"`
	RemoteAddr      string     `json:"remote_addr,omitempty"`
	LocalAddr       string     `json:"local_addr,omitempty"`
	ResponseTimeMs  int64      `json:"response_time_ms,omitempty"`
	TLS             bool       `json:"tls,omitempty"`
	TLSVersion      string     `json:"tls_version,omitempty"`
	TLSCipherSuite  string     `json:"tls_cipher_suite,omitempty"`
	TLSServerName   string     `json:"tls_server_name,omitempty"`
	TLSCertSubject  string     `json:"tls_cert_subject,omitempty"`
	TLSCertIssuer   string     `json:"tls_cert_issuer,omitempty"`
	TLSCertNotAfter *time.Time `json:"tls_cert_not_after,omitempty"`
	// TLSVerifyError, set by the local host, says why the certificate
	// failed verification; the connection is then reported (connected
	// false, the certificate's details above) instead of failing with an
	// error and no data.
	TLSVerifyError string                `json:"tls_verify_error,omitempty"`
	Error          *entities.ErrorDetail `json:"error,omitempty"`
}

// SMTPRequest asks the host to connect to a mail server and read its banner.
type SMTPRequest struct {
	Host      string  `json:"host"`
	Port      string  `json:"port"`
	TimeoutMs int64   `json:"timeout_ms,omitempty"`
	TLS       bool    `json:"tls"`
	StartTLS  bool    `json:"starttls"`
	Context   Context `json:"context"`
	// UseTLS and UseStartTLS repeat TLS and StartTLS under dialect H's
	// names.
	UseTLS      bool `json:"use_tls,omitempty"`
	UseStartTLS bool `json:"use_starttls,omitempty"`
}

// SMTPResponse reports the mail server the host reached.
type SMTPResponse struct {
	Connected      bool   `json:"connected"`
	Address        string `json:"address,omitempty"`
	Banner         string `json:"banner,omitempty"`
	TLS            bool   `json:"tls,omitempty"`
	TLSVersion     string `json:"tls_version,omitempty"`
	TLSCipherSuite string `json:"tls_cipher_suite,omitempty"`
	TLSServerName  string `json:"tls_server_name,omitempty"`
	ResponseTimeMs int64  `json:"response_time_ms,omitempty"`
	// The fields below are set by the local host (extensions of the
	// contract): the leaf certificate, why it failed verification, and
	// whether a STARTTLS that was asked for was not offered by the server
	// (then the banner is kept and tls is false, without an error).
	TLSCertSubject     string                `json:"tls_cert_subject,omitempty"`
	TLSCertIssuer      string                `json:"tls_cert_issuer,omitempty"`
	TLSCertNotAfter    *time.Time            `json:"tls_cert_not_after,omitempty"`
	TLSVerifyError     string                `json:"tls_verify_error,omitempty"`
	StartTLSNotOffered bool                  `json:"starttls_not_offered,omitempty"`
	Error              *entities.ErrorDetail `json:"error,omitempty"`
}

// ExecRequest asks the host to run a command (no shell).
type ExecRequest struct {
	Command string   `json:"command"`
	Args    []string `json:"args"`
	Env     []string `json:"env,omitempty"`
	Dir     string   `json:"dir,omitempty"`
	Context Context  `json:"context"`
	// TimeoutMs repeats Context.TimeoutMs for dialect H.
	TimeoutMs int64 `json:"timeout_ms,omitempty"`
}

// ExecResponse reports how the command ended. StdoutTruncated and
// StderrTruncated (named as the Reglet host library, dialect H, names them)
// say the host left part of that stream out to stay within its limit.
type ExecResponse struct {
	Stdout          string                `json:"stdout"`
	Stderr          string                `json:"stderr"`
	ExitCode        int                   `json:"exit_code"`
	DurationMs      int64                 `json:"duration_ms,omitempty"`
	IsTimeout       bool                  `json:"is_timeout,omitempty"`
	StdoutTruncated bool                  `json:"stdout_truncated,omitempty"`
	StderrTruncated bool                  `json:"stderr_truncated,omitempty"`
	Error           *entities.ErrorDetail `json:"error,omitempty"`
}

// LogMessage is one log record sent to the host.
type LogMessage struct {
	Timestamp time.Time `json:"timestamp"`
	Level     string    `json:"level"`
	Message   string    `json:"message"`
	Attrs     []LogAttr `json:"attrs,omitempty"`
	Context   Context   `json:"context"`
}

// LogAttr is one typed key/value of a LogMessage. Value is always a string;
// Type is one of string, int64, bool, float64, time, error, any.
type LogAttr struct {
	Key   string `json:"key"`
	Type  string `json:"type"`
	Value string `json:"value"`
}
