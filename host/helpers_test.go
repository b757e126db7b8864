package host

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// callCtx returns a context in which host functions see cfg (as if a
// plugin instance with these options were calling).
func callCtx(cfg config) context.Context {
	c := cfg
	return withCall(context.Background(), &Instance{cfg: &c})
}

func cfgWith(opts ...Option) config {
	c := defaultConfig()
	for _, o := range opts {
		o(&c)
	}
	return c
}

// invoke calls fn with req (any value, marshalled; a []byte is sent raw)
// and decodes the response into out.
func invoke(t testing.TB, ctx context.Context, fn HostFunc, req any, out any) []byte {
	t.Helper()
	var raw []byte
	switch r := req.(type) {
	case []byte:
		raw = r
	default:
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		raw = b
	}
	resp := fn(ctx, raw)
	if out != nil {
		if err := json.Unmarshal(resp, out); err != nil {
			t.Fatalf("response %s: %v", resp, err)
		}
	}
	return resp
}

// call runs host function fn on req as a plugin granted g (and opts) would,
// and decodes the response as R.
func call[R any](t testing.TB, fn HostFunc, g entities.GrantSet, req any, opts ...Option) R {
	t.Helper()
	var resp R
	invoke(t, callCtx(cfgWith(append(opts, WithGrants(g))...)), fn, req, &resp)
	return resp
}
