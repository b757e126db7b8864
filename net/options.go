package net

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"

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

// WithHTTPClient makes the HTTP check use c instead of the context's client.
func WithHTTPClient(c ports.HTTPClient) Option { return func(o *options) { o.http = c } }

// WithDNSResolver makes the DNS check use r instead of the context's
// resolver, also when the config names a nameserver.
func WithDNSResolver(r ports.DNSResolver) Option { return func(o *options) { o.dns = r } }

// WithTCPDialer makes the TCP check use d instead of the context's dialer.
func WithTCPDialer(d ports.TCPDialer) Option { return func(o *options) { o.tcp = d } }

// WithSMTPClient makes the SMTP check use c instead of the context's client.
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

// configError turns a config problem into a config ErrorDetail.
func configError(err error) error { return checkcfg.Error(err) }

// decode validates a config map against T's JSON Schema (the schema the
// typed examples publish as their config_schema) and decodes it, defaults
// filled. The routing keys "operation" and "service" are ignored. A port
// given as a decimal string ("443") is read as the number, and method and
// record_type are upper-cased.
func decode[T any](cfg map[string]any) (*T, error) {
	return checkcfg.Decode[T](cfg, func(k string, v any) any {
		if s, ok := v.(string); ok {
			switch k {
			case "port":
				if n, err := strconv.Atoi(s); err == nil {
					return n
				}
			case "method", "record_type":
				return strings.ToUpper(s)
			}
		}
		return v
	})
}

// result turns a check's output and error into a Result: success, failure
// (a *plugin.Failure, with out as data) or the error itself.
func result(out any, success string, err error) (*entities.Result, error) {
	if err != nil && !plugin.IsFailure(err) {
		return nil, err
	}
	data, derr := toData(out)
	if derr != nil {
		return nil, derr
	}
	if err != nil {
		return entities.ResultFailure(err.Error(), data), nil
	}
	return entities.ResultSuccess(success, data), nil
}

// toData is v's JSON as a map, as a typed handler's Result data would be.
func toData(v any) (map[string]any, error) { return checkcfg.Data(v) }

func ms(d interface{ Milliseconds() int64 }) int64 { return d.Milliseconds() }
