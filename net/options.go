package net

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/checkcfg"
)

// Option configures a check.
type Option func(*options)

type options struct {
	http ports.HTTPClient
	dns  ports.DNSResolver
	tcp  ports.TCPDialer
	smtp ports.SMTPClient
}

// WithHTTPClient makes RunHTTPCheck use c instead of the context's client.
func WithHTTPClient(c ports.HTTPClient) Option { return func(o *options) { o.http = c } }

// WithDNSResolver makes RunDNSCheck use r instead of the context's resolver.
func WithDNSResolver(r ports.DNSResolver) Option { return func(o *options) { o.dns = r } }

// WithTCPDialer makes RunTCPCheck use d instead of the context's dialer.
func WithTCPDialer(d ports.TCPDialer) Option { return func(o *options) { o.tcp = d } }

// WithSMTPClient makes RunSMTPCheck use c instead of the context's client.
func WithSMTPClient(c ports.SMTPClient) Option { return func(o *options) { o.smtp = c } }

func apply(opts []Option) options {
	var o options
	for _, f := range opts {
		if f != nil {
			f(&o)
		}
	}
	return o
}

// client returns given, else the context's client of type T, else an
// internal error saying how to provide one.
func client[T any](ctx context.Context, given T, option string) (T, error) {
	if any(given) != nil {
		return given, nil
	}
	if c, ok := plugin.TryGetClient[T](ctx); ok {
		return c, nil
	}
	var zero T
	return zero, entities.NewErrorDetail(entities.ErrorTypeInternal,
		fmt.Sprintf("no %s: pass %s, or put one in the context with plugin.WithClient", reflect.TypeFor[T](), option))
}

// configError turns a config.FieldError into a config ErrorDetail.
func configError(err error) error { return checkcfg.Error(err) }

// withTimeout applies the config's timeout_seconds (default def) to ctx.
func withTimeout(ctx context.Context, cfg map[string]any, def time.Duration) (context.Context, context.CancelFunc, time.Duration, error) {
	d, err := checkcfg.Timeout(cfg, def)
	if err != nil {
		return nil, nil, 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, d, nil
}

// portString reads a port given as a number or a string.
func portString(cfg map[string]any, key string, def string) (string, error) {
	v, ok := cfg[key]
	if !ok || v == nil {
		if def == "" {
			return "", configError(fmt.Errorf("config field %q is required (port number)", key))
		}
		return def, nil
	}
	if s, ok := v.(string); ok && s != "" {
		return s, nil
	}
	n, err := config.MustGetInt(cfg, key)
	if err != nil || n <= 0 || n > 65535 {
		return "", configError(fmt.Errorf("config field %q must be a port number from 1 to 65535", key))
	}
	return fmt.Sprint(n), nil
}

func ms(d time.Duration) int64 { return d.Milliseconds() }
