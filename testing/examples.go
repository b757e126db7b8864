package plugintest

import (
	"context"
	"sort"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/exampletest"
)

// exampleOption gives clients or host options to the examples a name
// selects.
type exampleOption struct {
	name    string
	clients []any
	host    []host.Option
	used    bool
}

// ExampleClients gives the examples that name selects the clients (mocks)
// their handlers get, natively through plugin.WithClient and in the wasm
// run as the answers to their host calls (host.WithClients). name is an
// example's name, "operation/example", "service/operation/example", or "*"
// for every example; options that select the same example add up, in
// order.
func ExampleClients(name string, clients ...any) Option {
	return func(o *options) { o.examples = append(o.examples, exampleOption{name: name, clients: clients}) }
}

// ExampleHost gives the wasm run of the examples that name selects (as in
// ExampleClients) extra host options, such as host.WithGrants for an example
// that talks to a server the test started on loopback. Natively there is no
// host: such an example needs clients there too.
func ExampleHost(name string, opts ...host.Option) Option {
	return func(o *options) { o.examples = append(o.examples, exampleOption{name: name, host: opts}) }
}

func (e *exampleOption) selects(svc, op, ex string) bool {
	return e.name == "*" || e.name == ex || e.name == op+"/"+ex || e.name == svc+"/"+op+"/"+ex
}

// RunExamples runs every example registered with the operations of p
// (plugin.RegisterOp) as the subtest "service/operation/example": the
// example's Input, routed to its operation, is observed and the Result must
// meet the example's expectation, as the CLI's test command judges it:
//
//   - ExpectedError: an error (or failed check) whose message contains it;
//   - otherwise a success, and ExpectedOutput, when given, must match the
//     fields it sets (a zero-valued field it leaves out is not compared:
//     an expected &CheckOutput{StatusCode: 200} says nothing of duration_ms).
//
// With WithWasm each example runs natively and through the .wasm, as the
// subtests ".../native" and ".../wasm" (".../wasm-w", ".../wasm-h" with
// WithDialects). ExampleClients and ExampleHost give
// examples their mocks and grants. A plugin without examples fails the
// test, as does an option that selects no example.
func RunExamples(t *testing.T, p plugin.Plugin, opts ...Option) {
	t.Helper()
	o := collect(opts)
	m, err := p.Manifest(context.Background())
	if err != nil {
		t.Fatalf("plugintest.RunExamples: manifest: %v", err)
	}
	w := o.start(t)
	svcNames := make([]string, 0, len(m.Services))
	for name := range m.Services {
		svcNames = append(svcNames, name)
	}
	sort.Strings(svcNames)
	n := 0
	for _, svc := range svcNames {
		for _, op := range m.Services[svc].Operations {
			for _, ex := range op.Examples {
				n++
				var clients []any
				var hostOpts []host.Option
				for i := range o.examples {
					if e := &o.examples[i]; e.selects(svc, op.Name, ex.Name) {
						e.used = true
						clients = append(clients, e.clients...)
						hostOpts = append(hostOpts, e.host...)
					}
				}
				runExample(t, p, w, o, svc, op.Name, ex, clients, hostOpts)
			}
		}
	}
	if n == 0 {
		t.Fatalf("plugintest.RunExamples: %s registers no examples (plugin.RegisterOp)", m.Name)
	}
	for _, e := range o.examples {
		if !e.used {
			t.Errorf("plugintest.RunExamples: option for %q selects no example", e.name)
		}
	}
}

func runExample(t *testing.T, p plugin.Plugin, w *wasmRun, o *options, svc, op string, ex entities.ExampleInfo, clients []any, hostOpts []host.Option) {
	t.Helper()
	t.Run(svc+"/"+op+"/"+ex.Name, func(t *testing.T) {
		t.Helper()
		config, err := exampletest.Config(svc, op, ex)
		if err != nil {
			t.Fatal(err)
		}
		native := func(t *testing.T) {
			t.Helper()
			if problem := exampletest.Check(ex, observeNative(t, p, config, clients)); problem != "" {
				t.Errorf("example %q: %s", ex.Name, problem)
			}
		}
		if w == nil {
			native(t)
			return
		}
		t.Run("native", native)
		o.eachDialect(t, func(t *testing.T, _ *host.Dialect, dialectOpts []host.Option) {
			t.Helper()
			extra := append(append([]host.Option{}, dialectOpts...), hostOpts...)
			if problem := exampletest.Check(ex, w.observe(t, config, clients, extra)); problem != "" {
				t.Errorf("example %q: %s", ex.Name, problem)
			}
		})
	})
}
