package plugin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/typed/probe"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// rawHello is examples/hello's Plugin, for native comparison.
type rawHello struct{}

func (rawHello) Manifest(context.Context) (*entities.Manifest, error) {
	return &entities.Manifest{Name: "hello"}, nil
}

func (rawHello) Check(_ context.Context, config []byte) (*entities.Result, error) {
	var cfg struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(config, &cfg); err != nil {
		return nil, entities.NewErrorDetail(entities.ErrorTypeConfig, "decoding config: "+err.Error())
	}
	if cfg.Name == "" {
		return entities.ResultFailure("nobody to greet", map[string]any{"greeting": ""}), nil
	}
	return entities.ResultSuccess("greeted", map[string]any{"greeting": fmt.Sprintf("hello, %s", cfg.Name)}), nil
}

// helloInput/helloOutput/helloSvc are rawHello as a typed operation.
type helloInput struct {
	Name string `json:"name" jsonschema:"required"`
}
type helloOutput struct {
	Greeting string `json:"greeting"`
}
type helloSvc struct {
	plugin.Service `name:"hello"`
	Greet          plugin.Op[helloInput, helloOutput] `method:"GreetHandler"`
}

func (*helloSvc) GreetHandler(_ context.Context, in *helloInput) (*helloOutput, error) {
	return &helloOutput{Greeting: "hello, " + in.Name}, nil
}

// httpConfig/httpIn mirror examples/http: a Config type beside the input.
type httpConfig struct {
	URL            string `json:"url" jsonschema:"required,description=URL to request"`
	Method         string `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
	TimeoutSeconds int    `json:"timeout_seconds,omitempty" jsonschema:"default=30"`
}
type httpIn struct {
	URL            string `json:"url" jsonschema:"required,description=URL to request"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
}
type httpOut struct {
	StatusCode int    `json:"status_code"`
	URL        string `json:"url"`
}
type httpSvc struct {
	plugin.Service `name:"http"`
	Check          plugin.Op[httpIn, httpOut] `method:"CheckHandler"`
}

func (*httpSvc) CheckHandler(_ context.Context, in *httpIn) (*httpOut, error) {
	return &httpOut{StatusCode: in.ExpectedStatus, URL: in.URL}, nil
}

func benchObserve(b *testing.B, p plugin.Plugin, config string) {
	ctx := context.Background()
	cfg := []byte(config)
	if out := plugin.ObserveJSON(ctx, p, cfg); !json.Valid(out) {
		b.Fatalf("bad result %s", out)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		plugin.ObserveJSON(ctx, p, cfg)
	}
}

// BenchmarkObserveNative is one observation through the lifecycle the
// wasm exports use (config check, dispatch, metadata, encoding), natively.
func BenchmarkObserveNative(b *testing.B) {
	hello := plugin.DefinePlugin(plugin.PluginDef{Name: "hello"})
	plugin.MustRegisterService(hello, &helloSvc{})
	withConfig := plugin.DefinePlugin(plugin.PluginDef{Name: "http", Config: &httpConfig{}})
	plugin.MustRegisterService(withConfig, &httpSvc{})

	b.Run("raw_hello", func(b *testing.B) { benchObserve(b, rawHello{}, `{"name":"x"}`) })
	b.Run("typed_hello", func(b *testing.B) { benchObserve(b, hello, `{"name":"x"}`) })
	b.Run("typed_routed", func(b *testing.B) { benchObserve(b, probe.Plugin, `{"service":"probe","operation":"limit","n":4}`) })
	b.Run("typed_with_config", func(b *testing.B) {
		benchObserve(b, withConfig, `{"url":"https://example.com","method":"GET","expected_status":200}`)
	})
	b.Run("typed_validation_error", func(b *testing.B) { benchObserve(b, hello, `{"nme":"x"}`) })
	// The same definition behind a Plugin that only forwards Check, as
	// the README's myPlugin: the output is decoded into Result.Data and
	// encoded again.
	b.Run("typed_hello_forwarded", func(b *testing.B) { benchObserve(b, forward{hello}, `{"name":"x"}`) })
}

type forward struct{ p plugin.Plugin }

func (f forward) Manifest(ctx context.Context) (*entities.Manifest, error) { return f.p.Manifest(ctx) }
func (f forward) Check(ctx context.Context, c []byte) (*entities.Result, error) {
	return f.p.Check(ctx, c)
}

// BenchmarkObserveWasm is one _observe round trip through the local host
// (write config, call, copy the Result out, deallocate), raw against typed.
func BenchmarkObserveWasm(b *testing.B) {
	cases := []struct{ name, pkg, config string }{
		{"raw_hello", "./examples/hello", `{"name":"x"}`},
		{"typed_hello", "./internal/testplugins/typedhello", `{"name":"x"}`},
		{"typed_routed", "./internal/testplugins/typed", `{"service":"probe","operation":"limit","n":4}`},
		{"typed_http_example", "./examples/http", `{"url":"https://example.com","method":"GET"}`},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			pl := plugintest.Load(b, plugintest.BuildSDK(b, c.pkg),
				host.WithHostFunc(host.ImportHTTPRequest, func(context.Context, []byte) []byte { return []byte(`{"status_code":200}`) }))
			ctx := context.Background()
			cfg := []byte(c.config)
			if out, err := pl.ObserveJSON(ctx, cfg); err != nil || !json.Valid(out) {
				b.Fatalf("%s %v", out, err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := pl.ObserveJSON(ctx, cfg); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			// The time spent inside Check as the guest measures it
			// (metadata.duration_ns): the plugin's share of a round trip.
			var total int64
			const n = 200
			for range n {
				r, err := pl.Observe(ctx, cfg)
				if err != nil {
					b.Fatal(err)
				}
				total += r.Metadata.DurationNs
			}
			b.ReportMetric(float64(total)/n, "guest-check-ns/op")
		})
	}
}

// BenchmarkFirstManifestWasm is the first _manifest of a fresh instance
// (schemas built then, not at start-up), against a later, cached one.
func BenchmarkFirstManifestWasm(b *testing.B) {
	for _, pkg := range []string{"./examples/http", "./internal/testplugins/typed", "./examples/hello"} {
		b.Run(pkg[2:], func(b *testing.B) {
			pl := plugintest.Load(b, plugintest.BuildSDK(b, pkg))
			ctx := context.Background()
			var first, second, init time.Duration
			for b.Loop() {
				b.StopTimer()
				t0 := time.Now()
				in, err := pl.NewInstance(ctx)
				if err != nil {
					b.Fatal(err)
				}
				// The first call into the module runs main; do it with a
				// cheap allocate-free observation so the manifest timing
				// is the manifest alone.
				if _, err := in.ObserveJSON(ctx, []byte(`{"operation":"none"}`)); err != nil {
					b.Fatal(err)
				}
				init += time.Since(t0)
				b.StartTimer()
				t1 := time.Now()
				if _, err := in.ManifestJSON(ctx); err != nil {
					b.Fatal(err)
				}
				first += time.Since(t1)
				b.StopTimer()
				t2 := time.Now()
				if _, err := in.ManifestJSON(ctx); err != nil {
					b.Fatal(err)
				}
				second += time.Since(t2)
				in.Close(ctx)
				b.StartTimer()
			}
			b.ReportMetric(float64(first.Nanoseconds())/float64(b.N), "first-ns/op")
			b.ReportMetric(float64(second.Nanoseconds())/float64(b.N), "cached-ns/op")
			b.ReportMetric(float64(init.Nanoseconds())/float64(b.N), "instantiate+first-observe-ns/op")
		})
	}
}

// BenchmarkObserveWasmPaired alternates raw (examples/hello) and typed
// (typedhello: the same plugin with typed operations) round trips, so both
// see the same machine load, and reports the median of each and their
// ratio. ns/op is a pair of calls.
func BenchmarkObserveWasmPaired(b *testing.B) {
	ctx := context.Background()
	raw := plugintest.Load(b, plugintest.BuildSDK(b, "./examples/hello"))
	typed := plugintest.Load(b, plugintest.BuildSDK(b, "./internal/testplugins/typedhello"))
	cfg := []byte(`{"name":"x"}`)
	var rawNs, typedNs, rawGuest, typedGuest []int64
	call := func(pl *host.Plugin, rt, guest *[]int64) {
		t0 := time.Now()
		out, err := pl.ObserveJSON(ctx, cfg)
		*rt = append(*rt, time.Since(t0).Nanoseconds())
		if err != nil {
			b.Fatal(err)
		}
		var r struct {
			Metadata struct {
				DurationNs int64 `json:"duration_ns"`
			} `json:"metadata"`
		}
		_ = json.Unmarshal(out, &r)
		*guest = append(*guest, r.Metadata.DurationNs)
	}
	for range 50 { // warm both
		call(raw, &rawNs, &rawGuest)
		call(typed, &typedNs, &typedGuest)
	}
	rawNs, typedNs, rawGuest, typedGuest = nil, nil, nil, nil
	for b.Loop() {
		call(raw, &rawNs, &rawGuest)
		call(typed, &typedNs, &typedGuest)
	}
	med := func(xs []int64) float64 {
		s := append([]int64(nil), xs...)
		slices.Sort(s)
		return float64(s[len(s)/2])
	}
	b.ReportMetric(med(rawNs), "raw-p50-ns")
	b.ReportMetric(med(typedNs), "typed-p50-ns")
	b.ReportMetric(med(typedNs)/med(rawNs), "typed/raw")
	b.ReportMetric(med(rawGuest), "raw-guest-p50-ns")
	b.ReportMetric(med(typedGuest), "typed-guest-p50-ns")
}
