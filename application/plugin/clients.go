package plugin

import (
	"context"
	"fmt"
	"reflect"
)

// clientsKey keys the client list in a context.
type clientsKey struct{}

// clientNode is one client in a context; newer clients shadow older ones.
type clientNode struct {
	client any
	next   *clientNode
}

// hostBacked (clients_wasip1.go, clients_other.go) returns the clients
// backed by reglet_host functions: on wasm one per port, natively none, so
// a test must inject clients. Only TryGetClient calls it, so a plugin that
// never asks for a client does not link internal/hostclient.

// WithClient returns a context carrying client. GetClient[T] on that context
// (or one derived from it) returns client when it implements T, in
// preference to any client given earlier and to the host-backed clients the
// SDK provides on wasm. This is how tests inject mocks:
//
//	ctx := plugin.WithClient(context.Background(), mockHTTPClient)
func WithClient(ctx context.Context, client any) context.Context {
	if client == nil {
		return ctx
	}
	next, _ := ctx.Value(clientsKey{}).(*clientNode)
	return context.WithValue(ctx, clientsKey{}, &clientNode{client: client, next: next})
}

// TryGetClient returns the client of type T for ctx: the newest one given
// with WithClient that implements T, else the host-backed one on wasm. ok is
// false when there is none.
func TryGetClient[T any](ctx context.Context) (client T, ok bool) {
	if ctx != nil {
		for n, _ := ctx.Value(clientsKey{}).(*clientNode); n != nil; n = n.next {
			if c, ok := n.client.(T); ok {
				return c, true
			}
		}
	}
	for _, c := range hostBacked() {
		if c, ok := c.(T); ok {
			return c, true
		}
	}
	return client, false
}

// GetClient is TryGetClient for handlers that cannot work without the
// client: it panics, naming T, when there is none. On wasm the SDK provides
// ports.HTTPClient, DNSResolver, TCPDialer, SMTPClient and CommandRunner; in
// native tests, inject one with WithClient. A panic in a handler becomes an
// error Result of type panic, so the plugin keeps serving.
func GetClient[T any](ctx context.Context) T {
	c, ok := TryGetClient[T](ctx)
	if !ok {
		panic(fmt.Sprintf("plugin.GetClient[%s]: no client in context; inject one with plugin.WithClient(ctx, client)%s",
			reflect.TypeFor[T](), nativeHint))
	}
	return c
}
