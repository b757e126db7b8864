package host

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Dialect H (WithDialect(DialectH)): the reglet_host functions answer as
// the reglet-host-sdk v0.1.5 host does. Each call runs the two stages that
// host runs: its capability middleware (the request decoded in the WIRE.md
// shape, then checked; skipped when that decoding fails) and its typed
// handler (the request decoded in H's own shape). The operations
// themselves are this host's (serveHTTP and the others), so both dialects
// reach the network the same way; only the JSON and the error shapes
// differ.

// hostLevelError is H's whole-response error: its error member is a string.
type hostLevelError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	Code    int    `json:"code"`
}

func hValidation(msg string) []byte {
	b, _ := json.Marshal(hostLevelError{Error: wire.HostValidationError, Message: msg, Code: 400})
	return b
}

func hInternal(msg string) []byte {
	b, _ := json.Marshal(hostLevelError{Error: wire.HostInternalError, Message: msg, Code: 500})
	return b
}

// hError is H's per-function error object: no type.
type hError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// The requests as H's capability middleware decodes them (the WIRE.md
// shape, with a string body and an int timeout as H declares them).
type (
	hCheckHTTP struct {
		Headers map[string][]string `json:"headers,omitempty"`
		Method  string              `json:"method"`
		URL     string              `json:"url"`
		Body    string              `json:"body,omitempty"`
		Context wire.Context        `json:"context"`
	}
	hCheckDNS struct {
		Hostname   string       `json:"hostname"`
		Type       string       `json:"type"`
		Nameserver string       `json:"nameserver,omitempty"`
		Context    wire.Context `json:"context"`
	}
	hCheckTCP struct {
		Host      string       `json:"host"`
		Port      string       `json:"port"`
		Context   wire.Context `json:"context"`
		TimeoutMs int          `json:"timeout_ms,omitempty"`
		TLS       bool         `json:"tls"`
	}
	hCheckSMTP struct {
		Host      string       `json:"host"`
		Port      string       `json:"port"`
		Context   wire.Context `json:"context"`
		TimeoutMs int          `json:"timeout_ms,omitempty"`
		TLS       bool         `json:"tls"`
		StartTLS  bool         `json:"starttls"`
	}
	hCheckExec struct {
		Args    []string     `json:"args"`
		Env     []string     `json:"env,omitempty"`
		Command string       `json:"command"`
		Dir     string       `json:"dir,omitempty"`
		Context wire.Context `json:"context"`
	}
)

// The requests and responses as H's handlers declare them.
type (
	hHTTPRequest struct {
		Headers         map[string]string `json:"headers,omitempty"`
		FollowRedirects *bool             `json:"follow_redirects,omitempty"`
		Method          string            `json:"method"`
		URL             string            `json:"url"`
		Body            []byte            `json:"body,omitempty"`
		Timeout         int               `json:"timeout_ms,omitempty"`
		MaxRedirects    int               `json:"max_redirects,omitempty"`
	}
	hHTTPResponse struct {
		Headers       map[string][]string `json:"headers,omitempty"`
		Error         *hError             `json:"error,omitempty"`
		Proto         string              `json:"proto,omitempty"`
		Body          []byte              `json:"body,omitempty"`
		LatencyMs     int64               `json:"latency_ms,omitempty"`
		StatusCode    int                 `json:"status_code"`
		BodyTruncated bool                `json:"body_truncated,omitempty"`
	}
	hDNSRequest struct {
		Hostname   string `json:"hostname"`
		RecordType string `json:"type"`
		Nameserver string `json:"nameserver,omitempty"`
		Timeout    int    `json:"timeout_ms,omitempty"`
	}
	hDNSResponse struct {
		Error     *hError         `json:"error,omitempty"`
		Records   []string        `json:"records,omitempty"`
		MXRecords []wire.MXRecord `json:"mx_records,omitempty"`
	}
	hTCPRequest struct {
		Host    string `json:"host"`
		Port    int    `json:"port"`
		Timeout int    `json:"timeout_ms,omitempty"`
		UseTLS  bool   `json:"use_tls,omitempty"`
	}
	hTCPResponse struct {
		Error          *hError `json:"error,omitempty"`
		RemoteAddr     string  `json:"remote_addr,omitempty"`
		TLSVersion     string  `json:"tls_version,omitempty"`
		TLSCipherSuite string  `json:"tls_cipher_suite,omitempty"`
		TLSServerName  string  `json:"tls_server_name,omitempty"`
		TLSCertSubject string  `json:"tls_cert_subject,omitempty"`
		TLSCertIssuer  string  `json:"tls_cert_issuer,omitempty"`
		TLSCertExpiry  string  `json:"tls_cert_expiry,omitempty"`
		LatencyMs      int64   `json:"latency_ms,omitempty"`
		Connected      bool    `json:"connected"`
	}
	hSMTPRequest struct {
		Host        string `json:"host"`
		Port        int    `json:"port"`
		UseTLS      bool   `json:"use_tls,omitempty"`
		UseSTARTTLS bool   `json:"use_starttls,omitempty"`
		Timeout     int    `json:"timeout_ms,omitempty"`
	}
	hSMTPResponse struct {
		Error          *hError `json:"error,omitempty"`
		Banner         string  `json:"banner,omitempty"`
		TLSVersion     string  `json:"tls_version,omitempty"`
		TLSCipherSuite string  `json:"tls_cipher_suite,omitempty"`
		TLSServerName  string  `json:"tls_server_name,omitempty"`
		LatencyMs      int64   `json:"latency_ms,omitempty"`
		Connected      bool    `json:"connected"`
	}
	hExecRequest struct {
		Command string   `json:"command"`
		Args    []string `json:"args"`
		Dir     string   `json:"dir,omitempty"`
		Env     []string `json:"env,omitempty"`
		Timeout int      `json:"timeout_ms,omitempty"`
	}
	hExecResponse struct {
		Error           *hError `json:"error,omitempty"`
		Stdout          string  `json:"stdout"`
		Stderr          string  `json:"stderr"`
		DurationMs      int64   `json:"duration_ms,omitempty"`
		ExitCode        int     `json:"exit_code"`
		IsTimeout       bool    `json:"is_timeout,omitempty"`
		StdoutTruncated bool    `json:"stdout_truncated,omitempty"`
		StderrTruncated bool    `json:"stderr_truncated,omitempty"`
	}
)

// H's default operation timeouts, used when a request has no timeout_ms.
const (
	hHTTPTimeoutMs = 30000
	hDNSTimeoutMs  = 5000
	hTCPTimeoutMs  = 5000
	hSMTPTimeoutMs = 30000
	hExecTimeoutMs = 30000
)

// hostFuncH returns the dialect-H implementation of import name.
func hostFuncH(name string) HostFunc {
	switch name {
	case wire.HTTPRequestFn:
		return hFunc(hCheckHTTPReq, serveHTTPH)
	case wire.DNSLookupFn:
		return hFunc(hCheckDNSReq, serveDNSH)
	case wire.TCPConnectFn:
		return hFunc(hCheckTCPReq, serveTCPH)
	case wire.SMTPConnectFn:
		return hFunc(hCheckSMTPReq, serveSMTPH)
	case wire.ExecCommandFn:
		return hFunc(hCheckExecReq, serveExecH)
	case wire.LogMessageFn:
		return logHostFunc
	}
	return func(context.Context, []byte) []byte {
		b, _ := json.Marshal(hostLevelError{Error: wire.HostNotFound, Message: "unknown host function: " + name, Code: 404})
		return b
	}
}

// hFunc runs H's two stages: the capability check on the WIRE.md shape
// (skipped when the request does not decode in it) and the handler on H's
// shape. A panic in either is H's INTERNAL_ERROR.
func hFunc[C, R any](check func(*hostCall, *C) string, serve func(context.Context, *hostCall, *R) any) HostFunc {
	return func(ctx context.Context, raw []byte) (out []byte) {
		defer func() {
			if r := recover(); r != nil {
				out = hInternal(fmt.Sprintf("panic: %v", r))
			}
		}()
		hc := newHostCall(ctx)
		var creq C
		if json.Unmarshal(raw, &creq) == nil {
			if msg := check(hc, &creq); msg != "" {
				return hValidation(msg)
			}
		}
		var req R
		if err := json.Unmarshal(raw, &req); err != nil {
			return hValidation(wire.HUnmarshalPrefix + err.Error())
		}
		b, err := json.Marshal(serve(ctx, hc, &req))
		if err != nil {
			return hInternal("failed to marshal response: " + err.Error())
		}
		return b
	}
}

// hDenied is the text of H's capability checker: "no capabilities
// granted: <what>" for a plugin with no grants at all, "<kind> capability
// denied: <what>" otherwise.
func hDenied(g entities.GrantSet, kind, what string) string {
	if g.Network == nil && g.Exec == nil && g.FS == nil && g.Env == nil && g.KV == nil {
		return wire.HDeniedNoGrants + what
	}
	return kind + wire.HDeniedInfix + what
}

// hNetCheck checks host:port as H's checker does (the port as an integer,
// 0 when it does not parse).
func hNetCheck(hc *hostCall, host string, port int) string {
	if allowNetwork(hc.grants, host, strconv.Itoa(port)) != nil {
		return hDenied(hc.grants, "network", host+":"+strconv.Itoa(port))
	}
	return ""
}

func hCheckHTTPReq(hc *hostCall, r *hCheckHTTP) string {
	u, err := url.Parse(r.URL)
	if err != nil {
		return "invalid URL: " + err.Error()
	}
	host, port := urlHostPort(u)
	p, _ := strconv.Atoi(port)
	return hNetCheck(hc, host, p)
}

func hCheckDNSReq(hc *hostCall, r *hCheckDNS) string { return hNetCheck(hc, r.Hostname, 53) }

func hCheckTCPReq(hc *hostCall, r *hCheckTCP) string {
	p, _ := strconv.Atoi(r.Port)
	return hNetCheck(hc, r.Host, p)
}

func hCheckSMTPReq(hc *hostCall, r *hCheckSMTP) string {
	p, _ := strconv.Atoi(r.Port)
	return hNetCheck(hc, r.Host, p)
}

func hCheckExecReq(hc *hostCall, r *hCheckExec) string {
	cmd := r.Command
	if p, err := resolveCommand(cmd); err == nil {
		cmd = p
	}
	if allowExec(hc.grants, cleanCommand(cmd)) == nil {
		return ""
	}
	if hShellCode(r.Command, r.Args) {
		return "shell" + wire.HDeniedExecPrefix + r.Command + wire.HDeniedExecSuffix
	}
	return hDenied(hc.grants, "exec", r.Command)
}

// hShellCode reports a shell asked to run code (sh -c ...), which H's
// checker names in its own message.
func hShellCode(cmd string, args []string) bool {
	switch filepath.Base(cmd) {
	case "sh", "bash", "dash", "zsh", "ksh", "ash":
		for _, a := range args {
			if a == "-c" {
				return true
			}
		}
	}
	return false
}

// hErr converts an error detail of this host's operations to H's error
// object, with the code H's handler for fn uses for the same failure.
func hErr(fn string, d *entities.ErrorDetail) *hError {
	if d == nil {
		return nil
	}
	code := hCode(fn, d)
	return &hError{Code: code, Message: d.Message}
}

func hCode(fn string, d *entities.ErrorDetail) string {
	switch {
	case d.Type == entities.ErrorTypeCapability && fn == wire.ExecCommandFn:
		return wire.CodeCapabilityDenied
	case d.Type == entities.ErrorTypeCapability:
		// After the checker, only the dial-time check of restricted
		// addresses denies: H's SSRF filter.
		return wire.HCodeSSRFBlocked
	case d.Type == entities.ErrorTypeValidation:
		if fn == wire.DNSLookupFn && strings.Contains(d.Message, "record type") {
			return wire.HCodeUnsupportedType
		}
		return wire.HCodeInvalidRequest
	case fn == wire.DNSLookupFn:
		return wire.HCodeLookupFailed
	case fn == wire.ExecCommandFn:
		return wire.HCodeExecutionFailed
	case d.IsTimeout || d.Type == entities.ErrorTypeTimeout:
		return wire.HCodeTimeout
	case d.IsNotFound || d.Code == wire.CodeNotFound:
		return wire.HCodeHostNotFound
	case d.Code == wire.CodeConnectionRefused:
		return wire.HCodeConnectionRefused
	case d.Code == wire.CodeTLSError && fn == wire.SMTPConnectFn:
		return wire.HCodeTLSCertError
	case d.Code == wire.CodeTLSError:
		return wire.HCodeTLSError
	case fn == wire.HTTPRequestFn:
		return wire.HCodeRequestFailed
	case d.Code == wire.CodeStartTLSUnsupported:
		return wire.HCodeStartTLSFailed
	}
	return wire.HCodeConnectionFailed
}

func timeoutOr(ms, def int) int64 {
	if ms > 0 {
		return int64(ms)
	}
	return int64(def)
}

func serveHTTPH(ctx context.Context, hc *hostCall, r *hHTTPRequest) any {
	if r.URL == "" {
		return &hHTTPResponse{Error: &hError{Code: wire.HCodeInvalidRequest, Message: "URL is required"}}
	}
	req := wire.HTTPRequest{Method: strings.ToUpper(r.Method), URL: r.URL, Body: r.Body,
		Context: wire.Context{TimeoutMs: timeoutOr(r.Timeout, hHTTPTimeoutMs)}}
	if len(r.Headers) > 0 {
		req.Headers = make(map[string][]string, len(r.Headers))
		for k, v := range r.Headers {
			req.Headers[k] = []string{v}
		}
	}
	start := time.Now()
	w := serveHTTP(ctx, hc, &req).(*wire.HTTPResponse)
	out := &hHTTPResponse{Headers: w.Headers, Proto: w.Proto, Body: w.Body, StatusCode: w.StatusCode,
		BodyTruncated: w.BodyTruncated, LatencyMs: time.Since(start).Milliseconds(), Error: hErr(wire.HTTPRequestFn, w.Error)}
	return out
}

func serveDNSH(ctx context.Context, hc *hostCall, r *hDNSRequest) any {
	typ := r.RecordType
	if typ == "" {
		typ = "A"
	}
	req := wire.DNSRequest{Hostname: r.Hostname, Type: typ, Nameserver: r.Nameserver,
		Context: wire.Context{TimeoutMs: timeoutOr(r.Timeout, hDNSTimeoutMs)}}
	w := serveDNS(ctx, hc, &req).(*wire.DNSResponse)
	out := &hDNSResponse{Records: w.Records, MXRecords: w.MXRecords, Error: hErr(wire.DNSLookupFn, w.Error)}
	if len(w.MXRecords) > 0 {
		out.Records = nil // H answers MX with mx_records only
	}
	return out
}

func serveTCPH(ctx context.Context, hc *hostCall, r *hTCPRequest) any {
	if r.Host == "" {
		return &hTCPResponse{Error: &hError{Code: wire.HCodeInvalidRequest, Message: "host is required"}}
	}
	if r.Port <= 0 || r.Port > 65535 {
		return &hTCPResponse{Error: &hError{Code: wire.HCodeInvalidRequest, Message: fmt.Sprintf("invalid port: %d", r.Port)}}
	}
	req := wire.TCPRequest{Host: r.Host, Port: strconv.Itoa(r.Port), TimeoutMs: timeoutOr(r.Timeout, hTCPTimeoutMs), TLS: r.UseTLS}
	w := serveTCP(ctx, hc, &req).(*wire.TCPResponse)
	out := &hTCPResponse{Connected: w.Connected, RemoteAddr: w.RemoteAddr, LatencyMs: w.ResponseTimeMs,
		TLSVersion: w.TLSVersion, TLSCipherSuite: w.TLSCipherSuite, TLSServerName: w.TLSServerName,
		TLSCertSubject: w.TLSCertSubject, TLSCertIssuer: w.TLSCertIssuer, Error: hErr(wire.TCPConnectFn, w.Error)}
	if w.TLSCertNotAfter != nil {
		out.TLSCertExpiry = w.TLSCertNotAfter.Format(time.RFC3339)
	}
	if w.TLSVerifyError != "" && out.Error == nil {
		// H fails the handshake on an unverified certificate.
		out = &hTCPResponse{LatencyMs: w.ResponseTimeMs, Error: &hError{Code: wire.HCodeTLSError, Message: w.TLSVerifyError}}
	}
	if out.Error != nil {
		out.Connected = false
	}
	return out
}

func serveSMTPH(ctx context.Context, hc *hostCall, r *hSMTPRequest) any {
	if r.Host == "" {
		return &hSMTPResponse{Error: &hError{Code: wire.HCodeInvalidRequest, Message: "host is required"}}
	}
	if r.Port <= 0 || r.Port > 65535 {
		return &hSMTPResponse{Error: &hError{Code: wire.HCodeInvalidRequest, Message: fmt.Sprintf("invalid port: %d", r.Port)}}
	}
	req := wire.SMTPRequest{Host: r.Host, Port: strconv.Itoa(r.Port), TimeoutMs: timeoutOr(r.Timeout, hSMTPTimeoutMs),
		TLS: r.UseTLS, StartTLS: r.UseSTARTTLS}
	w := serveSMTP(ctx, hc, &req).(*wire.SMTPResponse)
	out := &hSMTPResponse{Connected: w.Connected, Banner: w.Banner, LatencyMs: w.ResponseTimeMs,
		TLSVersion: w.TLSVersion, TLSCipherSuite: w.TLSCipherSuite, TLSServerName: w.TLSServerName,
		Error: hErr(wire.SMTPConnectFn, w.Error)}
	switch {
	case out.Error != nil:
	case w.TLSVerifyError != "":
		out.Error = &hError{Code: wire.HCodeTLSCertError, Message: w.TLSVerifyError}
	case w.StartTLSNotOffered:
		// H's STARTTLS fails when the server does not offer it.
		out.Error = &hError{Code: wire.HCodeStartTLSFailed, Message: "smtp: server doesn't support STARTTLS"}
	}
	if out.Error != nil {
		out = &hSMTPResponse{LatencyMs: out.LatencyMs, Error: out.Error}
	}
	return out
}

func serveExecH(ctx context.Context, hc *hostCall, r *hExecRequest) any {
	if r.Command == "" {
		return &hExecResponse{Error: &hError{Code: wire.HCodeInvalidRequest, Message: "command is required"}}
	}
	req := wire.ExecRequest{Command: r.Command, Args: r.Args, Env: r.Env, Dir: r.Dir,
		Context: wire.Context{TimeoutMs: timeoutOr(r.Timeout, hExecTimeoutMs)}}
	w := serveExec(ctx, hc, &req).(*wire.ExecResponse)
	out := &hExecResponse{Stdout: w.Stdout, Stderr: w.Stderr, DurationMs: w.DurationMs, ExitCode: w.ExitCode,
		StdoutTruncated: w.StdoutTruncated, StderrTruncated: w.StderrTruncated}
	switch {
	case w.Error == nil:
	case w.Error.Type == entities.ErrorTypeTimeout:
		// H reports a command killed at its deadline as data, not an error.
		out.IsTimeout, out.ExitCode = true, -1
	default:
		out.Error = hErr(wire.ExecCommandFn, w.Error)
	}
	return out
}
