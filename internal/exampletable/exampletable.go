// Package exampletable runs the examples' test tables: each case natively
// (the plugin definition with mock clients) and through the example's
// compiled .wasm in the local host (grants and loopback servers), with the
// same expectations.
package exampletable

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// Case is one observation and what its Result must be.
type Case struct {
	Name   string
	Config map[string]any
	// Clients are the mocks of a native run; a case without clients (and
	// without Native or NativeOnly) runs through the .wasm only.
	Clients []any
	// Native runs the case natively even without clients (a plugin that
	// needs none, such as one reading files).
	Native bool
	// Opts load the .wasm (grants, extra CAs); a case with WasmOnly false
	// and no Opts still runs through the .wasm, with nothing granted.
	Opts []host.Option
	// NativeOnly and WasmOnly limit where the case runs.
	NativeOnly, WasmOnly bool

	Status  entities.Status
	Message string // a substring of the Result's message
	ErrType string // for an error Result: the error's type
	// Data holds members the Result's data must have, compared as JSON;
	// a value Present only checks the member is there, Absent that it is
	// not.
	Data map[string]any
}

// Present and Absent are Data values that check only presence.
const (
	Present = "<present>"
	Absent  = "<absent>"
)

// Run runs the cases natively with def and through the .wasm built from
// pkg (e.g. "./examples/dns"), each as a subtest "native/<name>" or
// "wasm/<name>".
func Run(t *testing.T, def plugin.Plugin, pkg string, cases []Case) {
	t.Helper()
	t.Run("native", func(t *testing.T) {
		for _, c := range cases {
			if c.WasmOnly || (c.Clients == nil && !c.NativeOnly && !c.Native) {
				continue
			}
			t.Run(c.Name, func(t *testing.T) {
				raw, _ := json.Marshal(c.Config)
				ctx := context.Background()
				for _, cl := range c.Clients {
					ctx = plugin.WithClient(ctx, cl)
				}
				r, err := def.Check(ctx, raw)
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				Assert(t, r, c)
			})
		}
	})
	if testing.Short() {
		return
	}
	t.Run("wasm", func(t *testing.T) {
		wasm := plugintest.BuildSDK(t, pkg)
		h := plugintest.NewHost(t)
		for _, c := range cases {
			if c.NativeOnly {
				continue
			}
			t.Run(c.Name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				p, err := h.Load(ctx, wasm, c.Opts...)
				if err != nil {
					t.Fatal(err)
				}
				defer p.Close(ctx)
				raw, _ := json.Marshal(c.Config)
				r, err := p.Observe(ctx, raw)
				if err != nil {
					t.Fatalf("Observe: %v", err)
				}
				Assert(t, r, c)
			})
		}
	})
}

// Assert checks r against the case's expectations.
func Assert(t testing.TB, r *entities.Result, c Case) {
	t.Helper()
	all, _ := json.Marshal(r)
	if r.Status != c.Status {
		t.Fatalf("status %s, want %s: %s", r.Status, c.Status, all)
	}
	if !strings.Contains(r.Message, c.Message) {
		t.Errorf("message %q lacks %q", r.Message, c.Message)
	}
	if c.ErrType != "" && (r.Error == nil || r.Error.Type != c.ErrType) {
		t.Errorf("error %+v, want type %s", r.Error, c.ErrType)
	}
	for k, want := range c.Data {
		got, ok := r.Data[k]
		switch {
		case want == Present:
			if !ok {
				t.Errorf("data.%s missing: %s", k, all)
			}
		case want == Absent:
			if ok {
				t.Errorf("data.%s = %v, want it absent", k, got)
			}
		default:
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if !ok || string(g) != string(w) {
				t.Errorf("data.%s = %s, want %s", k, g, w)
			}
		}
	}
}

// Grant returns a host option granting network access to host:port.
func Grant(hostPattern, port string) host.Option {
	return host.WithGrants(entities.GrantSet{Network: &entities.NetworkCapability{
		Rules: []entities.NetworkRule{{Hosts: []string{hostPattern}, Ports: []string{port}}}}})
}
