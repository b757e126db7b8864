package plugintest

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// TestCase is one observation for RunPluginTests.
type TestCase struct {
	// Name names the subtest.
	Name string
	// Config is the observation's config; nil means {}.
	Config map[string]any
	// Clients are the mocks the handlers get. Natively they are injected
	// with plugin.WithClient, so plugin.GetClient returns them; in the wasm
	// run (WithWasm) each one that implements a port (ports.HTTPClient,
	// ports.DNSResolver, ...) answers that host function (host.WithClients).
	Clients []any
	// Want declares what the Result must be (status, message substring,
	// error type and code, data members); see AssertWant.
	Want Want
	// Validate checks the Result in code, after Want when both are given.
	// With neither, the Result must be a success.
	Validate func(t *testing.T, r *entities.Result)

	// Host holds options for this case's wasm run, applied after those
	// of WithWasm: grants (host.WithGrants) to reach a test server on
	// loopback, extra CAs. Natively there is no host.
	Host []host.Option
	// RealHost makes the wasm run's host serve the plugin's calls itself,
	// under Host's grants, instead of the Clients: the native run checks
	// the handlers against mocks and the wasm run the whole path against
	// real (loopback) servers, with one Want or Validate for both.
	RealHost bool
	// NativeOnly and WasmOnly run the case in one world only: WasmOnly
	// for what a mock cannot stand for (a denied grant, the host's own
	// resolver, what WASI cannot see), NativeOnly for what only a mock or
	// the native file system can produce. A WasmOnly case needs WithWasm.
	NativeOnly, WasmOnly bool
	// InDialect states, for the wasm run in the dialects it names (see
	// WithDialects), a Result that differs from Want because that host
	// genuinely answers otherwise (DIALECTS.md: dialect H refuses this
	// SDK's tcp_connect and smtp_connect with its VALIDATION_ERROR). In
	// such a dialect this Want replaces Want and Validate. Say in a comment
	// why the host differs; a difference that is a bug is a failing test,
	// not an entry here.
	InDialect map[host.Dialect]Want
}

// check runs the case's expectations on r for the run in dialect d (nil
// for the native run and a wasm run without WithDialects).
func (tc *TestCase) check(t *testing.T, r *entities.Result, d *host.Dialect) {
	t.Helper()
	if d != nil {
		if w, ok := tc.InDialect[*d]; ok {
			AssertWant(t, r, w)
			return
		}
	}
	if tc.Want.isSet() {
		AssertWant(t, r, tc.Want)
	}
	if tc.Validate != nil {
		tc.Validate(t, r)
	} else if !tc.Want.isSet() {
		AssertSuccess(t, r)
	}
}

// RunPluginTests runs each case as a subtest: it encodes the Config, runs
// p's Check exactly as the wasm export does (config validation, panic
// recovery, metadata, JSON encoding of the Result) and checks the decoded
// Result against the case's Want and Validate. It needs no wasm: plugins
// are tested with plain go test.
//
// With WithWasm, every case also runs through the plugin compiled to wasm,
// in the local host, with the same Clients answering its host calls: case
// "basic" becomes the subtests "basic/native" and "basic/wasm", and both
// must meet the expectations. With WithDialects the wasm run is repeated
// in each host dialect, as "basic/wasm-w", "basic/wasm-h". TestCase.Host,
// RealHost, NativeOnly, WasmOnly and InDialect shape a case's wasm runs.
func RunPluginTests(t *testing.T, p plugin.Plugin, cases []TestCase, opts ...Option) {
	t.Helper()
	o := collect(opts)
	w := o.start(t)
	for i := range cases {
		tc := &cases[i]
		t.Run(tc.Name, func(t *testing.T) {
			t.Helper()
			if tc.NativeOnly && tc.WasmOnly {
				t.Fatal("plugintest: a case cannot be both NativeOnly and WasmOnly")
			}
			for d := range tc.InDialect {
				if !o.hasDialect(d) {
					t.Fatalf("plugintest: the case states a Result in dialect %s, which no WithDialects option runs", d)
				}
			}
			if w == nil {
				if tc.WasmOnly {
					t.Fatal("plugintest: the case is WasmOnly but RunPluginTests has no WithWasm option")
				}
				tc.check(t, Observe(t, p, tc.Config, tc.Clients...), nil)
				return
			}
			if !tc.WasmOnly {
				t.Run("native", func(t *testing.T) {
					t.Helper()
					tc.check(t, Observe(t, p, tc.Config, tc.Clients...), nil)
				})
			}
			if tc.NativeOnly {
				return
			}
			clients := tc.Clients
			if tc.RealHost {
				clients = nil
			}
			o.eachDialect(t, func(t *testing.T, d *host.Dialect, dialectOpts []host.Option) {
				t.Helper()
				extra := append(append([]host.Option{}, dialectOpts...), tc.Host...)
				tc.check(t, w.observe(t, encodeConfig(t, tc.Config), clients, extra), d)
			})
		})
	}
}

// Observe runs one observation of p natively, as RunPluginTests does, and
// returns the decoded Result.
func Observe(t testing.TB, p plugin.Plugin, config map[string]any, clients ...any) *entities.Result {
	t.Helper()
	return observeNative(t, p, encodeConfig(t, config), clients)
}

// encodeConfig returns config as JSON ({} for nil).
func encodeConfig(t testing.TB, config map[string]any) []byte {
	t.Helper()
	if config == nil {
		config = map[string]any{}
	}
	raw, err := json.Marshal(config)
	if err != nil {
		t.Fatalf("plugintest: encoding config: %v", err)
	}
	return raw
}

// observeNative runs one observation of p with the JSON config raw, the
// clients in its context, and decodes the Result.
func observeNative(t testing.TB, p plugin.Plugin, raw []byte, clients []any) *entities.Result {
	t.Helper()
	ctx := context.Background()
	for _, c := range clients {
		ctx = plugin.WithClient(ctx, c)
	}
	var r entities.Result
	out := plugin.ObserveJSON(ctx, p, raw)
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("plugintest: the plugin's Result is not valid JSON: %v\n%s", err, out)
	}
	return &r
}

// AssertSuccess fails the test unless r's status is success.
func AssertSuccess(t testing.TB, r *entities.Result) {
	t.Helper()
	assertStatus(t, r, entities.StatusSuccess)
}

// AssertFailure fails the test unless r's status is failure (the check ran
// and the target did not meet it).
func AssertFailure(t testing.TB, r *entities.Result) {
	t.Helper()
	assertStatus(t, r, entities.StatusFailure)
}

// AssertError fails the test unless r's status is error with the given
// error type (e.g. "config", "network"); an empty errType accepts any.
func AssertError(t testing.TB, r *entities.Result, errType string) {
	t.Helper()
	assertStatus(t, r, entities.StatusError)
	if r.Error == nil {
		t.Fatalf("error Result carries no error detail")
	}
	if errType != "" && r.Error.Type != errType {
		t.Fatalf("error type = %q, want %q (message: %s)", r.Error.Type, errType, r.Error.Message)
	}
}

func assertStatus(t testing.TB, r *entities.Result, want entities.Status) {
	t.Helper()
	if r == nil {
		t.Fatalf("Result is nil, want status %s", want)
	}
	if r.Status != want {
		detail := r.Message
		if r.Error != nil {
			detail = r.Error.Type + ": " + r.Error.Message
		}
		t.Fatalf("status = %s (%s), want %s", r.Status, detail, want)
	}
}

// AssertDataField fails the test unless r.Data[key] equals want as JSON
// values: 200 matches 200.0, and []string{"a"} matches []any{"a"}.
func AssertDataField(t testing.TB, r *entities.Result, key string, want any) {
	t.Helper()
	if r == nil || r.Data == nil {
		t.Fatalf("Result has no data; want %s = %v", key, want)
	}
	got, ok := r.Data[key]
	if !ok {
		t.Fatalf("data has no field %q (fields: %v)", key, keys(r.Data))
	}
	if !sameJSON(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Fatalf("data.%s = %s, want %s", key, g, w)
	}
}

func sameJSON(a, b any) bool {
	na, errA := normalise(a)
	nb, errB := normalise(b)
	return errA == nil && errB == nil && bytes.Equal(na, nb)
}

// normalise encodes v after a decode round trip, so equal JSON values
// encode to equal bytes whatever Go types held them.
func normalise(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil, err
	}
	return json.Marshal(generic)
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
