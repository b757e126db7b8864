package plugin

import (
	"context"
	"fmt"
	"reflect"
)

// configKey keys the decoded PluginDef.Config in a context.
type configKey struct{}

// WithConfig returns a context carrying cfg, a *T (or a T) for the struct
// type T given as PluginDef.Config, as the plugin config GetConfig[T]
// returns. The SDK does this for every observation of a plugin that has a
// Config; tests of a handler use it to give the handler the config it
// would see:
//
//	ctx := plugin.WithConfig(context.Background(), &core.HTTPConfig{URL: "https://example.com", Method: "POST"})
func WithConfig(ctx context.Context, cfg any) context.Context {
	if cfg == nil {
		return ctx
	}
	return context.WithValue(ctx, configKey{}, cfg)
}

// TryGetConfig returns the plugin-level config of the observation being
// handled: the observation's config decoded into PluginDef.Config's type T,
// validated and with its defaults filled in, including the keys the
// operation's input does not declare. ok is false when the plugin has no
// Config, when T is not its type, or when ctx is not a handler's context
// (or one given WithConfig).
func TryGetConfig[T any](ctx context.Context) (cfg *T, ok bool) {
	if ctx == nil {
		return nil, false
	}
	switch c := ctx.Value(configKey{}).(type) {
	case *T:
		return c, c != nil
	case T:
		return &c, true
	}
	return nil, false
}

// GetConfig is TryGetConfig for handlers of a plugin that has a Config: it
// panics, naming T and what the context holds, when there is none. A panic
// in a handler becomes an error Result of type panic, so a mistake here
// shows on the first observation, in tests as in production.
//
//	func (s *HTTPService) CheckHandler(ctx context.Context, in *CheckInput) (*CheckOutput, error) {
//		cfg := plugin.GetConfig[core.HTTPConfig](ctx) // method, timeout_seconds, ...
//		...
//	}
func GetConfig[T any](ctx context.Context) *T {
	c, ok := TryGetConfig[T](ctx)
	if ok {
		return c
	}
	have := "no plugin config: the plugin's PluginDef has no Config, or ctx is not the handler's context (in a test, give one with plugin.WithConfig)"
	if ctx != nil {
		if v := ctx.Value(configKey{}); v != nil {
			have = fmt.Sprintf("the plugin config is a %T", v)
		}
	}
	panic(fmt.Sprintf("plugin.GetConfig[%s]: %s", reflect.TypeFor[T](), have))
}
