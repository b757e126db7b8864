package net

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// RunSMTPCheck connects to a mail server and reads its banner. Config:
//
//	host                     string, required
//	port                     number or string, default 25
//	tls                      boolean: implicit TLS (port 465 style)
//	starttls                 boolean: upgrade with STARTTLS, which must succeed
//	expected_banner_contains string
//	timeout_seconds          number, default 10
//
// Data: address, connected, banner, tls, tls_version, response_time_ms.
func RunSMTPCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	o := apply(opts)
	host, err := config.MustGetString(cfg, "host")
	if err != nil {
		return nil, configError(err)
	}
	port, err := portString(cfg, "port", "25")
	if err != nil {
		return nil, err
	}
	req := ports.SMTPRequest{Host: host, Port: port,
		TLS: config.GetBoolDefault(cfg, "tls", false), StartTLS: config.GetBoolDefault(cfg, "starttls", false)}
	if req.TLS && req.StartTLS {
		return nil, configError(fmt.Errorf("config fields %q and %q exclude each other", "tls", "starttls"))
	}
	contains := config.GetStringDefault(cfg, "expected_banner_contains", "")
	c, err := client(ctx, o.smtp, "net.WithSMTPClient")
	if err != nil {
		return nil, err
	}
	ctx, cancel, timeout, err := withTimeout(ctx, cfg, 10*time.Second)
	if err != nil {
		return nil, err
	}
	defer cancel()
	req.Timeout = timeout
	conn, err := c.Connect(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("SMTP %s:%s: %w", host, port, err)
	}
	data := map[string]any{"address": conn.Address, "connected": conn.Connected, "banner": conn.Banner,
		"tls": conn.TLS, "tls_version": conn.TLSVersion, "response_time_ms": ms(conn.ResponseTime)}
	switch {
	case !conn.Connected:
		return entities.ResultFailure(fmt.Sprintf("SMTP %s:%s did not answer", host, port), data), nil
	case (req.TLS || req.StartTLS) && !conn.TLS:
		return entities.ResultFailure(fmt.Sprintf("SMTP %s:%s did not negotiate TLS", host, port), data), nil
	case contains != "" && !strings.Contains(conn.Banner, contains):
		return entities.ResultFailure(fmt.Sprintf("SMTP %s:%s banner %q does not contain %q", host, port, conn.Banner, contains), data), nil
	}
	return entities.ResultSuccess(fmt.Sprintf("SMTP %s:%s: %s", host, port, conn.Banner), data), nil
}
