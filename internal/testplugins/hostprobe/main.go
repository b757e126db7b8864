// Command hostprobe is a test plugin that calls one host-backed client
// (one reglet_host function) as its config says and reports what came
// back. End-to-end tests of the host's services and grants use it; it is a
// raw plugin.Plugin registered from main.
//
// Build: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared ./internal/testplugins/hostprobe
// (in tests: plugintest.BuildSDK(t, "./internal/testplugins/hostprobe")).
//
// # Config
//
// Common keys:
//
//	call        which client method to call (below); required
//	timeout_ms  if > 0, the handler's context gets this deadline
//	            (it travels to the host as context.deadline/timeout_ms)
//	repeat      call the method this many times (default 1); the data is
//	            from the last call. For memory and benchmark tests.
//	canceled    if true, the context is canceled before the call (the
//	            SDK then does not call the host at all)
//	inject_http if true, plugin.WithClient puts a fake ports.HTTPClient in
//	            the context (status 299, body "injected", no host call):
//	            it must win over the host-backed client
//	alloc_stats if true, data.guest has the guest's heap numbers
//	            (heap_sys, total_alloc, mallocs, num_gc) measured around
//	            the calls
//	gosched_every  yield to the Go scheduler every so many repeats
//
// With nameserver set, the dns.* calls use
// plugin.NewDNSResolver(plugin.WithNameserver(nameserver)); without it,
// plugin.GetClient[ports.DNSResolver]. Every other call uses GetClient.
//
// Calls and their keys:
//
//	http.get         url
//	http.post        url, content_type, body (a string)
//	http.do          method, url, headers ({"K": ["v"]}), body (a string)
//	dns.lookup_host  host, nameserver
//	dns.cname / dns.mx / dns.txt / dns.ns   host, nameserver
//	tcp.dial         host, port (a string)
//	tcp.dial_timeout host, port, dial_timeout_ms
//	tcp.dial_secure  host, port, dial_timeout_ms
//	smtp.connect     host, port, dial_timeout_ms, tls, starttls
//	exec.run         command, args, env (["K=V"]), dir, exec_timeout_ms,
//	                 omit_output (if true, data keeps only the first 64
//	                 bytes of stdout and stderr; the lengths stay whole)
//	log              level (debug|info|warn|error), message, attrs (object:
//	                 strings, numbers, bools; integers are sent as int64),
//	                 group (wraps the attrs in that group), min_level (sets
//	                 log.SetLevel first), typed (if true, adds one attr of
//	                 each kind: t (time), err (error), dur (duration, any),
//	                 u (uint64), f (float64), obj (any), and g.nested.k
//	                 through slog.Group)
//
// Diagnostic calls for benchmarks (no keys; data.response is empty):
//
//	noop               nothing: the harness's own cost per repeat
//	bench.log_info     slog.InfoContext(ctx, "resolving", "hostname", "example.com", "attempt", 1)
//	bench.log_debug    the same at DEBUG (disabled unless min_level says otherwise)
//	bench.encode_http  encode an HTTP request (no host call)
//	bench.decode_http  decode a small HTTP response (no host call)
//	bench.hostcall     one raw http_request through the ABI, nothing decoded
//	bench.now          one time.Now
//
// # Result
//
// On success: status success, data.response holds the decoded response:
//
//	http:  status_code, headers, body (string), body_len, proto, body_truncated
//	dns:   addrs | cname | mx ([{host, pref}]) | records
//	tcp:   connected, address, remote_addr, local_addr, response_time_ms,
//	       tls, tls_version, tls_cipher_suite, tls_server_name,
//	       tls_cert_subject, tls_cert_issuer, tls_cert_not_after (RFC 3339)
//	smtp:  connected, address, banner, response_time_ms, tls, tls_version,
//	       tls_cipher_suite, tls_server_name
//	exec:  stdout, stderr, stdout_len, stderr_len, stdout_truncated,
//	       stderr_truncated, exit_code, duration_ms, is_timeout
//	log:   logged (bool, whether the level was enabled)
//
// On a failed call: status error; error is the SDK's ErrorDetail (the
// host's type and code, the message prefixed with the function name), and
// data holds:
//
//	error        the error's message
//	classes      the errors.Is classes that matched, in this order:
//	             "capability", "timeout", "not_found", "network",
//	             "host_response", "deadline_exceeded" (context), "canceled" (context)
//	capability, timeout, not_found, network, host_response   one bool each
//
// An unknown call or a bad config is an error Result of type config.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"strings"

	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
	sdklog "github.com/reglet-dev/reglet-plugin-sdk/log"
)

type config struct {
	Call       string `json:"call"`
	TimeoutMs  int64  `json:"timeout_ms"`
	Repeat     int    `json:"repeat"`
	Canceled   bool   `json:"canceled"`
	AllocStats bool   `json:"alloc_stats"`
	InjectHTTP bool   `json:"inject_http"`
	// GoschedEvery yields to the Go scheduler every so many repeats.
	GoschedEvery int `json:"gosched_every"`

	URL         string              `json:"url"`
	Method      string              `json:"method"`
	Headers     map[string][]string `json:"headers"`
	Body        *string             `json:"body"`
	ContentType string              `json:"content_type"`

	Host       string `json:"host"`
	Nameserver string `json:"nameserver"`
	Port       string `json:"port"`

	DialTimeoutMs int64 `json:"dial_timeout_ms"`
	TLS           bool  `json:"tls"`
	StartTLS      bool  `json:"starttls"`

	Command       string   `json:"command"`
	Args          []string `json:"args"`
	Env           []string `json:"env"`
	Dir           string   `json:"dir"`
	ExecTimeoutMs int64    `json:"exec_timeout_ms"`
	OmitOutput    bool     `json:"omit_output"`

	Level    string         `json:"level"`
	Message  string         `json:"message"`
	Attrs    map[string]any `json:"attrs"`
	Group    string         `json:"group"`
	MinLevel string         `json:"min_level"`
	Typed    bool           `json:"typed"`
}

type probe struct{}

// injectedHTTP is the client inject_http puts in the context; it answers
// 299 "injected" without calling the host.
type injectedHTTP struct{}

func (injectedHTTP) Do(context.Context, *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: 299, Body: []byte("injected")}, nil
}
func (c injectedHTTP) Get(ctx context.Context, _ string) (*ports.HTTPResponse, error) {
	return c.Do(ctx, nil)
}
func (c injectedHTTP) Post(ctx context.Context, _, _ string, _ []byte) (*ports.HTTPResponse, error) {
	return c.Do(ctx, nil)
}

func (probe) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{
		Name:         "hostprobe",
		Version:      "0.1.0",
		Description:  "Calls one host service as configured and reports the outcome (SDK test plugin)",
		ConfigSchema: json.RawMessage(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"call":{"type":"string"}},"required":["call"]}`),
		Capabilities: entities.GrantSet{
			Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"*"}, Ports: []string{"*"}}}},
			Exec:    &entities.ExecCapability{Commands: []string{"*"}},
		},
	}, nil
}

func (probe) Check(ctx context.Context, raw []byte) (*entities.Result, error) {
	var cfg config
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&cfg); err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeConfig, "decoding config: "+err.Error())
	}
	if cfg.TimeoutMs > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(cfg.TimeoutMs)*time.Millisecond)
		defer cancel()
	}
	if cfg.InjectHTTP {
		ctx = plugin.WithClient(ctx, injectedHTTP{})
	}
	if cfg.Canceled {
		c, cancel := context.WithCancel(ctx)
		cancel()
		ctx = c
	}
	n := cfg.Repeat
	if n <= 0 {
		n = 1
	}
	var before runtime.MemStats
	if cfg.AllocStats {
		runtime.ReadMemStats(&before)
	}
	var o outcome
	o.omitOutput = cfg.OmitOutput
	var err error
	for i := 0; i < n; i++ {
		if cfg.GoschedEvery > 0 && i%cfg.GoschedEvery == 0 {
			runtime.Gosched()
		}
		err = call(ctx, &cfg, &o)
		if err != nil {
			break
		}
	}
	data := map[string]any{}
	if cfg.AllocStats {
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		data["guest"] = map[string]any{
			"calls":       n,
			"heap_sys":    after.HeapSys,
			"total_alloc": after.TotalAlloc - before.TotalAlloc,
			"mallocs":     after.Mallocs - before.Mallocs,
			"num_gc":      after.NumGC - before.NumGC,
			"gc_cpu":      after.GCCPUFraction,
		}
	}
	if err != nil {
		var cfgErr *configError
		if errors.As(err, &cfgErr) {
			return nil, entities.NewErrorDetail(entities.ErrorTypeConfig, cfgErr.msg)
		}
		classify(err, data)
		return &entities.Result{Status: entities.StatusError, Data: data}, err
	}
	data["response"] = o.data(cfg.Call)
	return entities.ResultSuccess(cfg.Call+" ok", data), nil
}

// classify records which error classes err matches.
func classify(err error, data map[string]any) {
	classes := []string{}
	for _, c := range []struct {
		name   string
		target error
		flag   bool
	}{
		{"capability", ports.ErrCapabilityDenied, true},
		{"timeout", ports.ErrTimeout, true},
		{"not_found", ports.ErrNotFound, true},
		{"network", ports.ErrNetwork, true},
		{"host_response", ports.ErrHostResponse, true},
		{"deadline_exceeded", context.DeadlineExceeded, false},
		{"canceled", context.Canceled, false},
	} {
		is := errors.Is(err, c.target)
		if is {
			classes = append(classes, c.name)
		}
		if c.flag {
			data[c.name] = is
		}
	}
	data["classes"] = classes
	data["error"] = err.Error()
}

type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// outcome holds what the last call returned, typed, so repeated calls
// build no result data (benchmarks measure the client, not this plugin).
type outcome struct {
	http    *ports.HTTPResponse
	addrs   []string
	cname   *string
	mx      []ports.MXRecord
	records []string
	tcp     *ports.TCPConnection
	smtp    *ports.SMTPConnection
	exec    *ports.CommandResult
	other   map[string]any
	// omitOutput keeps only the first 64 bytes of command output in the
	// Result (config omit_output).
	omitOutput bool
}

// data presents o as the Result's data.response.
func (o *outcome) data(call string) any {
	switch {
	case strings.HasPrefix(call, "http."):
		return httpData(o.http)
	case call == "dns.lookup_host":
		return map[string]any{"addrs": o.addrs}
	case call == "dns.cname":
		return map[string]any{"cname": *o.cname}
	case call == "dns.mx":
		out := make([]map[string]any, len(o.mx))
		for i, m := range o.mx {
			out[i] = map[string]any{"host": m.Host, "pref": m.Pref}
		}
		return map[string]any{"mx": out}
	case call == "dns.txt" || call == "dns.ns":
		return map[string]any{"records": o.records}
	case strings.HasPrefix(call, "tcp."):
		return tcpData(o.tcp)
	case call == "smtp.connect":
		return smtpData(o.smtp)
	case call == "exec.run":
		return execData(o.exec, o.omitOutput)
	}
	return o.other
}

var cname string

func call(ctx context.Context, cfg *config, o *outcome) (err error) {
	switch cfg.Call {
	case "http.get":
		o.http, err = plugin.GetClient[ports.HTTPClient](ctx).Get(ctx, cfg.URL)
	case "http.post":
		o.http, err = plugin.GetClient[ports.HTTPClient](ctx).Post(ctx, cfg.URL, cfg.ContentType, body(cfg))
	case "http.do":
		o.http, err = plugin.GetClient[ports.HTTPClient](ctx).Do(ctx, &ports.HTTPRequest{Method: cfg.Method, URL: cfg.URL, Header: cfg.Headers, Body: body(cfg)})
	case "dns.lookup_host":
		o.addrs, err = resolver(ctx, cfg).LookupHost(ctx, cfg.Host)
	case "dns.cname":
		cname, err = resolver(ctx, cfg).LookupCNAME(ctx, cfg.Host)
		o.cname = &cname
	case "dns.mx":
		o.mx, err = resolver(ctx, cfg).LookupMX(ctx, cfg.Host)
	case "dns.txt":
		o.records, err = resolver(ctx, cfg).LookupTXT(ctx, cfg.Host)
	case "dns.ns":
		o.records, err = resolver(ctx, cfg).LookupNS(ctx, cfg.Host)
	case "tcp.dial":
		o.tcp, err = plugin.GetClient[ports.TCPDialer](ctx).Dial(ctx, cfg.Host, cfg.Port)
	case "tcp.dial_timeout":
		o.tcp, err = plugin.GetClient[ports.TCPDialer](ctx).DialWithTimeout(ctx, cfg.Host, cfg.Port, ms(cfg.DialTimeoutMs))
	case "tcp.dial_secure":
		o.tcp, err = plugin.GetClient[ports.TCPDialer](ctx).DialSecure(ctx, cfg.Host, cfg.Port, ms(cfg.DialTimeoutMs))
	case "smtp.connect":
		o.smtp, err = plugin.GetClient[ports.SMTPClient](ctx).Connect(ctx, ports.SMTPRequest{
			Host: cfg.Host, Port: cfg.Port, Timeout: ms(cfg.DialTimeoutMs), TLS: cfg.TLS, StartTLS: cfg.StartTLS})
	case "exec.run":
		o.exec, err = plugin.GetClient[ports.CommandRunner](ctx).Run(ctx, ports.CommandRequest{
			Command: cfg.Command, Args: cfg.Args, Env: cfg.Env, Dir: cfg.Dir, Timeout: ms(cfg.ExecTimeoutMs)})
	case "log":
		o.other, err = logRecord(ctx, cfg)
	case "bench.log_info":
		slog.InfoContext(ctx, "resolving", "hostname", "example.com", "attempt", 1)
	case "bench.log_debug":
		slog.DebugContext(ctx, "resolving", "hostname", "example.com", "attempt", 1)
	case "noop":
	case "bench.encode_http":
		w := hostclient.EncodeHTTPRequest(hostclient.ContextWire(ctx), &ports.HTTPRequest{Method: "GET", URL: cfg.URL})
		hostclient.AppendHTTPRequest(nil, &w)
	case "bench.decode_http":
		var r wire.HTTPResponse
		err = hostclient.DecodeHTTP([]byte(`{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`), &r)
	case "bench.hostcall":
		_, err = rawHostCall()
	case "bench.now":
		_ = time.Now()
	case "":
		return &configError{"config.call is required"}
	default:
		return &configError{fmt.Sprintf("unknown call %q", cfg.Call)}
	}
	return err
}

func ms(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

func body(cfg *config) []byte {
	if cfg.Body == nil {
		return nil
	}
	return []byte(*cfg.Body)
}

func resolver(ctx context.Context, cfg *config) ports.DNSResolver {
	if cfg.Nameserver != "" {
		return plugin.NewDNSResolver(plugin.WithNameserver(cfg.Nameserver))
	}
	return plugin.GetClient[ports.DNSResolver](ctx)
}

func httpData(r *ports.HTTPResponse) any {
	if r == nil {
		return nil
	}
	return map[string]any{
		"status_code":    r.StatusCode,
		"headers":        r.Header,
		"body":           string(r.Body),
		"body_len":       len(r.Body),
		"proto":          r.Proto,
		"body_truncated": r.BodyTruncated,
	}
}

func tcpData(c *ports.TCPConnection) any {
	if c == nil {
		return nil
	}
	m := map[string]any{
		"connected":        c.Connected,
		"address":          c.Address,
		"remote_addr":      c.RemoteAddr,
		"local_addr":       c.LocalAddr,
		"response_time_ms": c.ResponseTime.Milliseconds(),
		"tls":              c.TLS,
		"tls_version":      c.TLSVersion,
		"tls_cipher_suite": c.TLSCipherSuite,
		"tls_server_name":  c.TLSServerName,
		"tls_cert_subject": c.TLSCertSubject,
		"tls_cert_issuer":  c.TLSCertIssuer,
	}
	if c.TLSVerifyError != "" {
		m["tls_verify_error"] = c.TLSVerifyError
	}
	if !c.TLSCertNotAfter.IsZero() {
		m["tls_cert_not_after"] = c.TLSCertNotAfter.UTC().Format(time.RFC3339)
	}
	return m
}

func smtpData(c *ports.SMTPConnection) any {
	if c == nil {
		return nil
	}
	m := map[string]any{
		"connected":        c.Connected,
		"address":          c.Address,
		"banner":           c.Banner,
		"response_time_ms": c.ResponseTime.Milliseconds(),
		"tls":              c.TLS,
		"tls_version":      c.TLSVersion,
		"tls_cipher_suite": c.TLSCipherSuite,
		"tls_server_name":  c.TLSServerName,
	}
	// Fields only the local host reports, when it does.
	for k, v := range map[string]string{"tls_cert_subject": c.TLSCertSubject, "tls_cert_issuer": c.TLSCertIssuer,
		"tls_verify_error": c.TLSVerifyError} {
		if v != "" {
			m[k] = v
		}
	}
	if c.StartTLSNotOffered {
		m["starttls_not_offered"] = true
	}
	if !c.TLSCertNotAfter.IsZero() {
		m["tls_cert_not_after"] = c.TLSCertNotAfter.UTC().Format(time.RFC3339)
	}
	return m
}

func execData(r *ports.CommandResult, omitOutput bool) any {
	if r == nil {
		return nil
	}
	m := map[string]any{
		"stdout":           r.Stdout,
		"stderr":           r.Stderr,
		"stdout_len":       len(r.Stdout),
		"stderr_len":       len(r.Stderr),
		"stdout_truncated": r.StdoutTruncated,
		"stderr_truncated": r.StderrTruncated,
		"exit_code":        r.ExitCode,
		"duration_ms":      r.Duration.Milliseconds(),
		"is_timeout":       r.IsTimeout,
	}
	if omitOutput {
		head := func(s string) string { return s[:min(len(s), 64)] }
		m["stdout"], m["stderr"] = head(r.Stdout), head(r.Stderr)
	}
	return m
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, &configError{"bad level: " + err.Error()}
	}
	return l, nil
}

func logRecord(ctx context.Context, cfg *config) (map[string]any, error) {
	if cfg.MinLevel != "" {
		l, err := parseLevel(cfg.MinLevel)
		if err != nil {
			return nil, err
		}
		sdklog.SetLevel(l)
	}
	l, err := parseLevel(cfg.Level)
	if err != nil {
		return nil, err
	}
	var args []any
	for k, v := range cfg.Attrs {
		switch v := v.(type) {
		case json.Number:
			if i, err := v.Int64(); err == nil {
				args = append(args, slog.Int64(k, i))
			} else if f, err := v.Float64(); err == nil {
				args = append(args, slog.Float64(k, f))
			} else {
				args = append(args, slog.String(k, v.String()))
			}
		case string:
			args = append(args, slog.String(k, v))
		case bool:
			args = append(args, slog.Bool(k, v))
		default:
			args = append(args, slog.Any(k, v))
		}
	}
	if cfg.Typed {
		args = append(args,
			slog.Time("t", time.Date(2026, 2, 11, 10, 0, 0, 0, time.UTC)),
			slog.Any("err", errors.New("boom")),
			slog.Duration("dur", 1500*time.Millisecond),
			slog.Uint64("u", math.MaxUint32),
			slog.Float64("f", 0.5),
			slog.Any("obj", struct{ A int }{7}),
			slog.Group("g", slog.Group("nested", slog.String("k", "v"))),
		)
	}
	logger := slog.Default()
	if cfg.Group != "" {
		logger = logger.WithGroup(cfg.Group)
	}
	enabled := logger.Enabled(ctx, l)
	logger.Log(ctx, l, cfg.Message, args...)
	return map[string]any{"logged": enabled}, nil
}

func main() {
	plugin.Register(probe{})
}
