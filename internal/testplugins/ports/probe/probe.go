// Package probe is a typed plugin with one operation that calls one method
// of one port (HTTP, DNS, TCP, SMTP, exec) and reports, as data, what the
// client answered and which error classes its error matches. The plugintest
// tests run it natively with mocks and, through ../ (package main),
// compiled to wasm with the same mocks answering the host calls, and
// compare.
package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// Plugin is the probe's definition.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{
	Name:    "ports",
	Version: "0.0.1",
})

// CallInput says which method to call, with what.
type CallInput struct {
	Call   string `json:"call" jsonschema:"required,enum=http_get,enum=http_post,enum=http_do,enum=dns_host,enum=dns_cname,enum=dns_mx,enum=dns_txt,enum=dns_ns,enum=tcp_dial,enum=tcp_timeout,enum=tcp_secure,enum=smtp,enum=exec"`
	Target string `json:"target,omitempty"`
	// Fail makes the handler return the client's error instead of
	// reporting it as data.
	Fail bool `json:"fail,omitempty"`
}

// CallOutput is what the client answered.
type CallOutput struct {
	// Answer renders the client's result.
	Answer string `json:"answer,omitempty"`
	// Classes lists the ports error classes the error matches.
	Classes []string `json:"classes,omitempty"`
	// Error is the error's message.
	Error string `json:"error,omitempty"`
	// ErrType and ErrCode are the *entities.ErrorDetail's, when the error
	// has one.
	ErrType string `json:"err_type,omitempty"`
	ErrCode string `json:"err_code,omitempty"`
}

// Service has the one operation.
type Service struct {
	plugin.Service `name:"ports" desc:"Calls a port"`
	Call           plugin.Op[CallInput, CallOutput] `desc:"Call one port method"`
}

func init() {
	plugin.RegisterOp[CallInput, CallOutput]("Call",
		plugin.Example[CallInput, CallOutput]{
			Name:           "get",
			Input:          CallInput{Call: "http_get", Target: "https://example.com/"},
			ExpectedOutput: &CallOutput{Answer: "200 HTTP/1.1 body=ok"},
		},
		plugin.Example[CallInput, CallOutput]{
			Name:          "denied",
			Input:         CallInput{Call: "dns_host", Target: "example.com", Fail: true},
			ExpectedError: "not granted",
		},
	)
	plugin.MustRegisterService(Plugin, &Service{})
}

// CallHandler calls the port method in.Call names.
func (s *Service) CallHandler(ctx context.Context, in *CallInput) (*CallOutput, error) {
	answer, err := call(ctx, in)
	if err != nil && in.Fail {
		return nil, fmt.Errorf("call failed: %w", err)
	}
	out := &CallOutput{Answer: answer}
	if err != nil {
		out.Error = err.Error()
		out.Classes = Classes(err)
		var d *entities.ErrorDetail
		if errors.As(err, &d) {
			out.ErrType, out.ErrCode = d.Type, d.Code
		}
	}
	return out, nil
}

// Classes lists the ports error classes err matches.
func Classes(err error) []string {
	var out []string
	for _, c := range []struct {
		name string
		err  error
	}{
		{"capability", ports.ErrCapabilityDenied}, {"timeout", ports.ErrTimeout}, {"not_found", ports.ErrNotFound},
		{"network", ports.ErrNetwork}, {"host_response", ports.ErrHostResponse},
	} {
		if errors.Is(err, c.err) {
			out = append(out, c.name)
		}
	}
	return out
}

func call(ctx context.Context, in *CallInput) (string, error) {
	switch in.Call {
	case "http_get", "http_post", "http_do":
		c := plugin.GetClient[ports.HTTPClient](ctx)
		var r *ports.HTTPResponse
		var err error
		switch in.Call {
		case "http_get":
			r, err = c.Get(ctx, in.Target)
		case "http_post":
			r, err = c.Post(ctx, in.Target, "text/plain", []byte("ping"))
		default:
			r, err = c.Do(ctx, &ports.HTTPRequest{Method: "PUT", URL: in.Target, Header: map[string][]string{"X-Probe": {"1"}}})
		}
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%d %s body=%s", r.StatusCode, r.Proto, r.Body), nil
	case "dns_host", "dns_cname", "dns_mx", "dns_txt", "dns_ns":
		r := plugin.GetClient[ports.DNSResolver](ctx)
		var recs []string
		var err error
		switch in.Call {
		case "dns_host":
			recs, err = r.LookupHost(ctx, in.Target)
		case "dns_cname":
			var name string
			name, err = r.LookupCNAME(ctx, in.Target)
			recs = []string{name}
		case "dns_mx":
			var mx []ports.MXRecord
			mx, err = r.LookupMX(ctx, in.Target)
			for _, m := range mx {
				recs = append(recs, fmt.Sprintf("%d:%s", m.Pref, m.Host))
			}
		case "dns_txt":
			recs, err = r.LookupTXT(ctx, in.Target)
		default:
			recs, err = r.LookupNS(ctx, in.Target)
		}
		if err != nil {
			return "", err
		}
		return strings.Join(recs, ","), nil
	case "tcp_dial", "tcp_timeout", "tcp_secure":
		d := plugin.GetClient[ports.TCPDialer](ctx)
		var c *ports.TCPConnection
		var err error
		switch in.Call {
		case "tcp_dial":
			c, err = d.Dial(ctx, in.Target, "443")
		case "tcp_timeout":
			c, err = d.DialWithTimeout(ctx, in.Target, "443", 2*time.Second)
		default:
			c, err = d.DialSecure(ctx, in.Target, "443", 2*time.Second)
		}
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("connected=%v %s tls=%v %s %s %s %s", c.Connected, c.Address, c.TLS, c.TLSVersion,
			c.TLSCertSubject, c.TLSCertNotAfter.UTC().Format(time.RFC3339), c.TLSVerifyError), nil
	case "smtp":
		c, err := plugin.GetClient[ports.SMTPClient](ctx).Connect(ctx, ports.SMTPRequest{Host: in.Target, Port: "587", StartTLS: true})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("connected=%v %s %q tls=%v not_offered=%v %s %s", c.Connected, c.Address, c.Banner, c.TLS,
			c.StartTLSNotOffered, c.TLSCertIssuer, c.TLSVerifyError), nil
	case "exec":
		r, err := plugin.GetClient[ports.CommandRunner](ctx).Run(ctx, ports.CommandRequest{Command: in.Target, Args: []string{"-v"}})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("exit=%d out=%q err=%q truncated=%v,%v", r.ExitCode, r.Stdout, r.Stderr, r.StdoutTruncated, r.StderrTruncated), nil
	}
	return "", fmt.Errorf("unknown call %q", in.Call)
}
