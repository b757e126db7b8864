// Package services is the multiport test plugin's definition, importable
// so the tests run it natively too; ../ (package main) registers it.
package services

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// Plugin is the test plugin's definition.
var Plugin = plugin.DefinePlugin(plugin.PluginDef{Name: "multiport", Version: "0.0.1", Description: "every port, a panic and a deadline"})

// Target names what an operation reaches.
type Target struct {
	// Target is the URL (http), name (dns), host (tcp, smtp), command
	// (exec) or path (read).
	Target string `json:"target" jsonschema:"required"`
	// Port is the tcp and smtp port.
	Port int `json:"port,omitempty"`
	// TLS asks tcp for TLS and smtp for STARTTLS.
	TLS bool `json:"tls,omitempty"`
	// Args are exec's arguments.
	Args []string `json:"args,omitempty"`
	// Nameserver makes dns ask that nameserver (host:port).
	Nameserver string `json:"nameserver,omitempty"`
	// TimeoutMs, when set, is the handler's deadline.
	TimeoutMs int `json:"timeout_ms,omitempty"`
}

// Answer is what the port answered, rendered as one line.
type Answer struct {
	Answer string `json:"answer"`
}

// NetService reaches the network ports.
type NetService struct {
	plugin.Service `name:"net" desc:"Network ports"`
	HTTP           plugin.Op[Target, Answer] `desc:"GET a URL"`
	DNS            plugin.Op[Target, Answer] `desc:"Look up TXT records"`
	TCP            plugin.Op[Target, Answer] `desc:"Connect, with TLS if asked"`
	SMTP           plugin.Op[Target, Answer] `desc:"Read a banner, with STARTTLS if asked"`
}

// SystemService runs commands and reads files.
type SystemService struct {
	plugin.Service `name:"system" desc:"Commands and files"`
	Exec           plugin.Op[Target, Answer] `desc:"Run a command"`
	Read           plugin.Op[Target, Answer] `desc:"Read a file"`
}

// FaultsService misbehaves.
type FaultsService struct {
	plugin.Service `name:"faults" desc:"A panic and a deadline"`
	Panic          plugin.Op[Target, Answer] `desc:"Panic"`
	Deadline       plugin.Op[Target, Answer] `desc:"GET a URL that answers after the handler's deadline"`
}

func init() {
	plugin.MustRegisterService(Plugin, &NetService{})
	plugin.MustRegisterService(Plugin, &SystemService{})
	plugin.MustRegisterService(Plugin, &FaultsService{})
}

// withDeadline gives ctx the input's deadline, if any.
func withDeadline(ctx context.Context, in *Target) (context.Context, context.CancelFunc) {
	if in.TimeoutMs > 0 {
		return context.WithTimeout(ctx, time.Duration(in.TimeoutMs)*time.Millisecond)
	}
	return context.WithCancel(ctx)
}

func get(ctx context.Context, in *Target) (*Answer, error) {
	ctx, cancel := withDeadline(ctx, in)
	defer cancel()
	r, err := plugin.GetClient[ports.HTTPClient](ctx).Get(ctx, in.Target)
	if err != nil {
		return nil, err
	}
	return &Answer{Answer: fmt.Sprintf("%d %s", r.StatusCode, r.Body)}, nil
}

// HTTPHandler GETs the target URL.
func (*NetService) HTTPHandler(ctx context.Context, in *Target) (*Answer, error) { return get(ctx, in) }

// DNSHandler looks up the target's TXT records.
func (*NetService) DNSHandler(ctx context.Context, in *Target) (*Answer, error) {
	ctx, cancel := withDeadline(ctx, in)
	defer cancel()
	var r ports.DNSResolver = plugin.GetClient[ports.DNSResolver](ctx)
	if in.Nameserver != "" {
		r = plugin.NewDNSResolver(plugin.WithNameserver(in.Nameserver))
	}
	recs, err := r.LookupTXT(ctx, in.Target)
	if err != nil {
		return nil, err
	}
	return &Answer{Answer: strings.Join(recs, ",")}, nil
}

// TCPHandler connects to the target.
func (*NetService) TCPHandler(ctx context.Context, in *Target) (*Answer, error) {
	ctx, cancel := withDeadline(ctx, in)
	defer cancel()
	d := plugin.GetClient[ports.TCPDialer](ctx)
	port := strconv.Itoa(in.Port)
	var c *ports.TCPConnection
	var err error
	if in.TLS {
		c, err = d.DialSecure(ctx, in.Target, port, 2*time.Second)
	} else {
		c, err = d.Dial(ctx, in.Target, port)
	}
	if err != nil {
		return nil, err
	}
	return &Answer{Answer: fmt.Sprintf("connected=%v tls=%v %s", c.Connected, c.TLS, c.TLSCertSubject)}, nil
}

// SMTPHandler reads the target's banner.
func (*NetService) SMTPHandler(ctx context.Context, in *Target) (*Answer, error) {
	ctx, cancel := withDeadline(ctx, in)
	defer cancel()
	c, err := plugin.GetClient[ports.SMTPClient](ctx).Connect(ctx, ports.SMTPRequest{Host: in.Target, Port: strconv.Itoa(in.Port), StartTLS: in.TLS})
	if err != nil {
		return nil, err
	}
	return &Answer{Answer: fmt.Sprintf("connected=%v tls=%v %s", c.Connected, c.TLS, strings.SplitN(c.Banner, "\n", 2)[0])}, nil
}

// ExecHandler runs the target command.
func (*SystemService) ExecHandler(ctx context.Context, in *Target) (*Answer, error) {
	ctx, cancel := withDeadline(ctx, in)
	defer cancel()
	r, err := plugin.GetClient[ports.CommandRunner](ctx).Run(ctx, ports.CommandRequest{Command: in.Target, Args: in.Args})
	if err != nil {
		return nil, err
	}
	return &Answer{Answer: fmt.Sprintf("exit=%d out=%q", r.ExitCode, r.Stdout)}, nil
}

// ReadHandler reads the target file (through WASI's preopened
// directories in the .wasm).
func (*SystemService) ReadHandler(_ context.Context, in *Target) (*Answer, error) {
	b, err := os.ReadFile(in.Target)
	if err != nil {
		return nil, err
	}
	return &Answer{Answer: string(b)}, nil
}

// PanicHandler panics.
func (*FaultsService) PanicHandler(context.Context, *Target) (*Answer, error) {
	panic("multiport: asked to panic")
}

// DeadlineHandler GETs the target with the input's deadline.
func (*FaultsService) DeadlineHandler(ctx context.Context, in *Target) (*Answer, error) {
	return get(ctx, in)
}
