package net

import (
	"context"
	"fmt"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// RunTCPCheck connects to host:port, optionally with TLS. Config:
//
//	host              string, required
//	port              number or string, required
//	tls               boolean: make a TLS handshake and report the certificate
//	min_days_valid    integer: with tls, fail when the certificate expires sooner
//	timeout_seconds   number, default 10
//
// Data: address, connected, response_time_ms, and with TLS tls_version,
// tls_cipher_suite, tls_cert_subject, tls_cert_issuer, tls_cert_not_after,
// tls_cert_days_left.
func RunTCPCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	o := apply(opts)
	host, err := config.MustGetString(cfg, "host")
	if err != nil {
		return nil, configError(err)
	}
	port, err := portString(cfg, "port", "")
	if err != nil {
		return nil, err
	}
	useTLS := config.GetBoolDefault(cfg, "tls", false)
	minDays := config.GetIntDefault(cfg, "min_days_valid", 0)
	d, err := client(ctx, o.tcp, "net.WithTCPDialer")
	if err != nil {
		return nil, err
	}
	ctx, cancel, timeout, err := withTimeout(ctx, cfg, 10*time.Second)
	if err != nil {
		return nil, err
	}
	defer cancel()
	var conn *ports.TCPConnection
	if useTLS {
		conn, err = d.DialSecure(ctx, host, port, timeout)
	} else {
		conn, err = d.DialWithTimeout(ctx, host, port, timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to %s:%s: %w", host, port, err)
	}
	data := map[string]any{"address": conn.Address, "connected": conn.Connected, "response_time_ms": ms(conn.ResponseTime)}
	if !conn.Connected {
		return entities.ResultFailure(fmt.Sprintf("%s:%s did not accept the connection", host, port), data), nil
	}
	if !useTLS {
		return entities.ResultSuccess(fmt.Sprintf("%s:%s accepts connections", host, port), data), nil
	}
	daysLeft := int(time.Until(conn.TLSCertNotAfter).Hours() / 24)
	data["tls_version"] = conn.TLSVersion
	data["tls_cipher_suite"] = conn.TLSCipherSuite
	data["tls_cert_subject"] = conn.TLSCertSubject
	data["tls_cert_issuer"] = conn.TLSCertIssuer
	data["tls_cert_not_after"] = conn.TLSCertNotAfter.UTC().Format(time.RFC3339)
	data["tls_cert_days_left"] = daysLeft
	if minDays > 0 && daysLeft < minDays {
		return entities.ResultFailure(fmt.Sprintf("%s:%s certificate expires in %d days, want at least %d", host, port, daysLeft, minDays), data), nil
	}
	return entities.ResultSuccess(fmt.Sprintf("%s:%s accepts TLS (%s)", host, port, conn.TLSVersion), data), nil
}
