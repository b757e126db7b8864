package upstream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

var (
	flagRounds = flag.Int("rounds", 15, "interleaved rounds per measurement")
	flagCalls  = flag.Int("calls", 200, "warm _observe calls per round, plugin and SDK")
	flagStarts = flag.Int("starts", 3, "instantiations per round, plugin and SDK")
	flagGrowth = flag.Int("growth", 20000, "calls on one instance for the memory-growth figure")
	flagOut    = flag.String("out", "", "also write the Markdown table to this file")
	flagInterp = flag.Bool("interp", false, "smoke run: wazero's interpreter (no compile time), no stripped builds")
	flagCache  = flag.String("cache", defaultCacheDir(), "wazero compilation cache directory (empty: none)")
)

// defaultCacheDir keeps compiled modules between runs: compiling the six
// modules twice takes most of a run's time on a busy machine.
func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "reglet-bench-upstream-wazero")
}

// An sdk is one way of building the probe sources.
type sdk struct {
	name  string
	flags []string // go build flags selecting the go.mod and the tagged files
}

var sdks = []sdk{
	{name: "ours"},
	{name: "upstream", flags: []string{"-modfile=go.upstream.mod", "-tags=upstream"}},
}

// The plugins under probe/ and the config each gets per call. bound
// builds ours with `reglet-plugin build` (handlers bound by generated code,
// not MethodByName) from probe/<dir>; upstream's build is the plain one.
var plugins = []struct {
	name, dir string
	bound     bool
	config    string
	check     func(data map[string]any) error
}{
	{"raw", "raw", false, `{"name":"bench"}`, func(d map[string]any) error {
		return wantField(d, "greeting", "hello, bench")
	}},
	{"bare", "bare", false, `{"name":"bench"}`, func(d map[string]any) error {
		return wantField(d, "greeting", "hello, bench")
	}},
	{"typed", "typed", false, typedConfig, checkTyped},
	{"typed-bound", "typed", true, typedConfig, checkTyped},
	{"hostcall", "hostcall", false, `{"url":"https://example.com"}`, func(d map[string]any) error {
		return wantField(d, "status_code", float64(200))
	}},
}

const typedConfig = `{"url":"https://example.com","expected_status":200}`

func checkTyped(d map[string]any) error {
	if err := wantField(d, "url", "https://example.com"); err != nil {
		return err
	}
	return wantField(d, "status_code", float64(200))
}

// manifestName and httpCalls are what each plugin's manifest is called and
// how many http_request calls one observation makes.
var (
	manifestName = map[string]string{"raw": "raw", "bare": "raw", "typed": "http", "typed-bound": "http", "hostcall": "hostcall"}
	httpCalls    = map[string]int{"raw": 0, "bare": 0, "typed": 1, "typed-bound": 1, "hostcall": 1}
)

func wantField(d map[string]any, k string, v any) error {
	if d[k] != v {
		return fmt.Errorf("data.%s = %v, want %v (data %v)", k, d[k], v, d)
	}
	return nil
}

// A hostConfig is one way of setting up the wazero runtime.
type hostConfig struct {
	name string
	rc   func() wazero.RuntimeConfig
}

var hostConfigs = []hostConfig{
	// reglet-host-sdk v0.1.5's executor: the default runtime config (no
	// interrupts); instances get wazero's default module config, whose
	// clocks are fake; the host never calls deallocate.
	{"executor", wazero.NewRuntimeConfig},
	// A host that lets a context end a call: wazero compiles termination
	// checks into the code and watches each call's context.
	{"close-on-done", func() wazero.RuntimeConfig { return wazero.NewRuntimeConfig().WithCloseOnContextDone(true) }},
}

// cannedHTTP is the host's answer to every http_request.
var cannedHTTP = []byte(`{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"b2s=","proto":"HTTP/1.1"}`)

// buildProbe builds probe/<plugin> with s into dir and returns the path.
// cli, when not empty, is the reglet-plugin command to build with instead
// of go build (ours, bound).
func buildProbe(tb testing.TB, dir string, s sdk, plugin, cli string, ldflags string) string {
	tb.Helper()
	name := plugin + "-" + s.name
	if cli != "" {
		name += "-bound"
	}
	args := []string{"build", "-buildmode=c-shared", "-trimpath"}
	if cli != "" {
		args = []string{"build", "-trimpath"}
	}
	if ldflags != "" {
		args = append(args, "-ldflags="+ldflags)
		name += "-stripped"
	}
	out := filepath.Join(dir, name+".wasm")
	args = append(args, s.flags...)
	args = append(args, "-o", out, "./"+plugin)
	bin := "go"
	if cli != "" {
		bin = cli
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = "probe"
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm", "GOWORK=off", "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return out
}

func fileSize(tb testing.TB, path string) int64 {
	tb.Helper()
	st, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// host is one wazero runtime with WASI and a reglet_host module.
type host struct {
	cfg      hostConfig
	rt       wazero.Runtime
	compiled map[string]wazero.CompiledModule // by plugin-sdk
	httpN    int                              // http_request calls answered
}

func newHost(ctx context.Context, tb testing.TB, hc hostConfig) *host {
	tb.Helper()
	rc := hc.rc()
	if *flagInterp {
		rc = wazero.NewRuntimeConfigInterpreter().WithCloseOnContextDone(hc.name == "close-on-done")
	} else if *flagCache != "" {
		cache, err := wazero.NewCompilationCacheWithDir(*flagCache)
		if err != nil {
			tb.Fatal(err)
		}
		rc = rc.WithCompilationCache(cache)
	}
	h := &host{cfg: hc, rt: wazero.NewRuntimeWithConfig(ctx, rc), compiled: map[string]wazero.CompiledModule{}}
	wasi_snapshot_preview1.MustInstantiate(ctx, h.rt)
	b := h.rt.NewHostModuleBuilder("reglet_host")
	i64 := []api.ValueType{api.ValueTypeI64}
	answer := func(resp func() []byte) api.GoModuleFunc {
		return func(ctx context.Context, m api.Module, stack []uint64) {
			stack[0] = writeGuest(ctx, m, resp())
		}
	}
	b.NewFunctionBuilder().WithGoModuleFunction(answer(func() []byte { h.httpN++; return cannedHTTP }), i64, i64).Export("http_request")
	unsupported := []byte(`{"error":{"message":"not served by the benchmark host","type":"internal","code":"UNSUPPORTED"}}`)
	for _, name := range []string{"dns_lookup", "tcp_connect", "smtp_connect", "exec_command"} {
		b.NewFunctionBuilder().WithGoModuleFunction(answer(func() []byte { return unsupported }), i64, i64).Export(name)
	}
	b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(context.Context, api.Module, []uint64) {}), i64, nil).Export("log_message")
	if _, err := b.Instantiate(ctx); err != nil {
		tb.Fatal(err)
	}
	return h
}

// writeGuest copies b into a block from the guest's allocate and returns it
// packed, or 0 when the guest cannot allocate.
func writeGuest(ctx context.Context, m api.Module, b []byte) uint64 {
	res, err := m.ExportedFunction("allocate").Call(ctx, uint64(len(b)))
	if err != nil || len(res) == 0 {
		return 0
	}
	ptr := uint32(res[0])
	if !m.Memory().Write(ptr, b) {
		return 0
	}
	return uint64(ptr)<<32 | uint64(len(b))
}

// readGuest copies the packed block out of guest memory.
func readGuest(m api.Module, packed uint64) ([]byte, error) {
	b, ok := m.Memory().Read(uint32(packed>>32), uint32(packed))
	if !ok {
		return nil, fmt.Errorf("packed result %#x is outside memory", packed)
	}
	return bytes.Clone(b), nil
}

// instance is one instantiated plugin.
type instance struct {
	mod      api.Module
	alloc    api.Function
	observe  api.Function
	manifest api.Function
	// firstManifest is the thread CPU time of the first _manifest call,
	// part of start-up: the Manifest is encoded once per instance.
	firstManifest int64
}

// start instantiates compiled (running _initialize) and calls _manifest
// once, as a host does before its first observation.
func (h *host) start(ctx context.Context, compiled wazero.CompiledModule) (*instance, []byte, error) {
	mod, err := h.rt.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize"))
	if err != nil {
		return nil, nil, err
	}
	in := &instance{mod: mod, alloc: mod.ExportedFunction("allocate"),
		observe: mod.ExportedFunction("_observe"), manifest: mod.ExportedFunction("_manifest")}
	t0 := threadCPU()
	res, err := in.manifest.Call(ctx)
	in.firstManifest = threadCPU() - t0
	if err != nil {
		return nil, nil, fmt.Errorf("_manifest: %w", err)
	}
	man, err := readGuest(mod, res[0])
	return in, man, err
}

// call writes config into a block from allocate and calls _observe; the
// host never calls deallocate, like reglet-host-sdk's executor.
func (in *instance) call(ctx context.Context, config []byte) ([]byte, error) {
	res, err := in.alloc.Call(ctx, uint64(len(config)))
	if err != nil {
		return nil, fmt.Errorf("allocate: %w", err)
	}
	ptr := res[0]
	if !in.mod.Memory().Write(uint32(ptr), config) {
		return nil, errors.New("allocate returned a block outside memory")
	}
	res, err = in.observe.Call(ctx, ptr, uint64(len(config)))
	if err != nil {
		return nil, fmt.Errorf("_observe: %w", err)
	}
	return readGuest(in.mod, res[0])
}

// callDeadline is call under a fresh context with a deadline.
func (in *instance) callDeadline(ctx context.Context, config []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return in.call(ctx, config)
}

// checkResult fails unless out is a success Result whose data passes check.
func checkResult(out []byte, check func(map[string]any) error) error {
	var r struct {
		Status string         `json:"status"`
		Data   map[string]any `json:"data"`
		Error  any            `json:"error"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return fmt.Errorf("result is not JSON: %v: %s", err, out)
	}
	if r.Status != "success" {
		return fmt.Errorf("status %q (error %v): %s", r.Status, r.Error, out)
	}
	return check(r.Data)
}

// samples collects per-round figures by key.
type samples map[string][]float64

func (s samples) add(k string, v float64) { s[k] = append(s[k], v) }

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	c := append([]float64(nil), v...)
	sort.Float64s(c)
	if len(c)%2 == 1 {
		return c[len(c)/2]
	}
	return (c[len(c)/2-1] + c[len(c)/2]) / 2
}

// BenchmarkCompare builds the probes with both SDKs, runs every measurement
// in interleaved rounds on both host configurations and prints the table
// of medians and ratios (ours / upstream). It asserts what each call
// returns, never how long it took.
func BenchmarkCompare(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()

	// The CLI, for the bound builds.
	cli := filepath.Join(dir, "reglet-plugin")
	build := exec.Command("go", "build", "-o", cli, "./cmd/reglet-plugin")
	build.Dir = filepath.Join("..", "..")
	build.Env = append(os.Environ(), "GOWORK=off")
	if msg, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building the CLI: %v\n%s", err, msg)
	}

	// Sizes, default flags and stripped; and the floor.
	wasm := map[string]string{}
	var sizeRows [][]string
	size := map[string]int64{}
	for _, p := range plugins {
		strips := []string{"", "-s -w"}
		if *flagInterp {
			strips = strips[:1]
		}
		for _, strip := range strips {
			var v [2]int64
			for i, s := range sdks {
				withCLI := ""
				if p.bound && s.name == "ours" {
					withCLI = cli
				}
				path := buildProbe(b, dir, s, p.dir, withCLI, strip)
				v[i] = fileSize(b, path)
				if strip == "" {
					wasm[p.name+"-"+s.name] = path
				}
				size[p.name+"-"+s.name+strip] = v[i]
			}
			label := "default"
			if strip != "" {
				label = "`-s -w`"
			}
			sizeRows = append(sizeRows, []string{"size " + p.name + " (" + label + ")", "", bytesStr(v[0]), bytesStr(v[1]), ratio(float64(v[0]), float64(v[1])), sizeTarget(p.name)})
		}
	}
	floor := fileSize(b, buildProbe(b, dir, sdks[0], "floor", "", ""))
	sizeRows = append(sizeRows,
		[]string{"size raw / floor", "", ratio(float64(size["raw-ours"]), float64(floor)), ratio(float64(size["raw-upstream"]), float64(floor)), "", "ours <= 1.25x"},
		[]string{"size typed / floor", "", ratio(float64(size["typed-ours"]), float64(floor)), ratio(float64(size["typed-upstream"]), float64(floor)), "", "ours <= 1.60x"},
		[]string{"size typed-bound / floor", "", ratio(float64(size["typed-bound-ours"]), float64(floor)), ratio(float64(size["typed-bound-upstream"]), float64(floor)), "", "ours <= 1.60x"},
		[]string{"size raw - bare (the SDK's bytes in the raw probe)", "", bytesStr(size["raw-ours"] - size["bare-ours"]), bytesStr(size["raw-upstream"] - size["bare-upstream"]), ratio(float64(size["raw-ours"]-size["bare-ours"]), float64(size["raw-upstream"]-size["bare-upstream"])), ""})

	var hosts []*host
	for _, hc := range hostConfigs {
		h := newHost(ctx, b, hc)
		defer h.rt.Close(ctx)
		for k, path := range wasm {
			bin, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			c, err := h.rt.CompileModule(ctx, bin)
			if err != nil {
				b.Fatalf("%s: compile %s: %v", hc.name, k, err)
			}
			h.compiled[k] = c
		}
		hosts = append(hosts, h)
	}

	// Warm instances, checked once each.
	warm := map[string]*instance{}
	for _, h := range hosts {
		for _, p := range plugins {
			for _, s := range sdks {
				k := p.name + "-" + s.name
				in, man, err := h.start(ctx, h.compiled[k])
				if err != nil {
					b.Fatalf("%s %s: %v", h.cfg.name, k, err)
				}
				if !bytes.Contains(man, []byte(`"name":"`+manifestName[p.name]+`"`)) {
					b.Fatalf("%s %s: manifest %s", h.cfg.name, k, man)
				}
				before := h.httpN
				for i := 0; i < 20; i++ {
					out, err := in.call(ctx, []byte(p.config))
					if err == nil {
						err = checkResult(out, p.check)
					}
					if err != nil {
						b.Fatalf("%s %s: %v", h.cfg.name, k, err)
					}
				}
				if wantHTTP := 20 * httpCalls[p.name]; h.httpN-before != wantHTTP {
					b.Fatalf("%s %s: %d http_request calls in 20 observations, want %d", h.cfg.name, k, h.httpN-before, wantHTTP)
				}
				warm[h.cfg.name+"/"+k] = in
			}
		}
	}

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		smp := samples{}
		for r := 0; r < *flagRounds; r++ {
			order := sdks
			if r%2 == 1 {
				order = []sdk{sdks[1], sdks[0]}
			}
			for _, h := range hosts {
				for _, p := range plugins {
					for _, s := range order {
						k := p.name + "-" + s.name
						key := h.cfg.name + "/" + k
						// Start-up: instantiate + _initialize + first _manifest.
						for i := 0; i < *flagStarts; i++ {
							t0 := threadCPU()
							in, _, err := h.start(ctx, h.compiled[k])
							d := threadCPU() - t0
							if err != nil {
								b.Fatalf("%s: %v", key, err)
							}
							_ = in.mod.Close(ctx)
							smp.add("start/"+key, float64(d))
							smp.add("manifest/"+key, float64(in.firstManifest))
						}
						in := warm[key]
						for _, dl := range []bool{false, true} {
							call, tag := in.call, "warm/"
							if dl {
								call, tag = in.callDeadline, "warmdl/"
							}
							t0 := threadCPU()
							for i := 0; i < *flagCalls; i++ {
								if _, err := call(ctx, []byte(p.config)); err != nil {
									b.Fatalf("%s: %v", key, err)
								}
							}
							smp.add(tag+key, float64(threadCPU()-t0)/float64(*flagCalls))
						}
					}
				}
			}
		}

		// Memory growth over *flagGrowth calls on a fresh instance.
		growth := map[string]uint32{}
		for _, h := range hosts {
			for _, p := range plugins {
				for _, s := range sdks {
					k := p.name + "-" + s.name
					in, _, err := h.start(ctx, h.compiled[k])
					if err != nil {
						b.Fatal(err)
					}
					for i := 0; i < growthWarmup; i++ {
						if _, err := in.call(ctx, []byte(p.config)); err != nil {
							b.Fatal(err)
						}
					}
					before := in.mod.Memory().Size()
					var last []byte
					for i := 0; i < *flagGrowth; i++ {
						if last, err = in.call(ctx, []byte(p.config)); err != nil {
							b.Fatalf("%s %s call %d: %v", h.cfg.name, k, i, err)
						}
					}
					if err := checkResult(last, p.check); err != nil {
						b.Fatalf("%s %s after %d calls: %v", h.cfg.name, k, *flagGrowth, err)
					}
					growth[h.cfg.name+"/"+k] = in.mod.Memory().Size() - before
					_ = in.mod.Close(ctx)
				}
			}
		}

		table := render(smp, growth, sizeRows)
		fmt.Print(table)
		if *flagOut != "" {
			if err := os.WriteFile(*flagOut, []byte(table), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		for _, h := range hosts {
			for _, p := range plugins {
				b.ReportMetric(median(smp["warm/"+h.cfg.name+"/"+p.name+"-ours"])/median(smp["warm/"+h.cfg.name+"/"+p.name+"-upstream"]), "x-warm-"+p.name+"-"+h.cfg.name)
			}
		}
		b.ReportMetric(float64(size["raw-ours"])/float64(size["raw-upstream"]), "x-size-raw")
		b.ReportMetric(float64(size["typed-ours"])/float64(size["typed-upstream"]), "x-size-typed")
		b.ReportMetric(float64(size["typed-bound-ours"])/float64(size["typed-bound-upstream"]), "x-size-typed-bound")
	}
}

// growthWarmup calls run before memory growth is measured: the guest's
// heap reaches its first collection goal in them, which is a one-off
// reservation, not growth across calls.
const growthWarmup = 1000

// render prints the Markdown table: medians per SDK and their ratio.
func render(smp samples, growth map[string]uint32, sizeRows [][]string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%d rounds, %d calls and %d start-ups per round; medians of %s; ratio = ours / upstream\n\n", *flagRounds, *flagCalls, *flagStarts, clockName)
	sb.WriteString("| measure | host | ours | upstream v0.6.2 | ratio | target |\n|---|---|---|---|---|---|\n")
	row := func(c []string) { sb.WriteString("| " + strings.Join(c, " | ") + " |\n") }
	for _, r := range sizeRows {
		row(r)
	}
	for _, hc := range hostConfigs {
		for _, p := range plugins {
			m := func(what, s string) float64 { return median(smp[what+hc.name+"/"+p.name+"-"+s]) }
			row([]string{"start-up " + p.name, hc.name, ms(m("start/", "ours")), ms(m("start/", "upstream")), ratio(m("start/", "ours"), m("start/", "upstream")), target(p.name, "<= 0.45x")})
			row([]string{"of which the first `_manifest` " + p.name, hc.name, ms(m("manifest/", "ours")), ms(m("manifest/", "upstream")), ratio(m("manifest/", "ours"), m("manifest/", "upstream")), ""})
			row([]string{"warm `_observe` " + p.name, hc.name, us(m("warm/", "ours")), us(m("warm/", "upstream")), ratio(m("warm/", "ours"), m("warm/", "upstream")), warmTarget(p.name)})
			row([]string{"warm `_observe` " + p.name + ", per-call deadline", hc.name, us(m("warmdl/", "ours")), us(m("warmdl/", "upstream")), ratio(m("warmdl/", "ours"), m("warmdl/", "upstream")), warmTarget(p.name)})
		}
		// Differences of two probes' calls, paired by round: the
		// guest -> host -> guest call (hostcall minus raw) and the raw
		// SDK's share of a raw call (raw minus bare, the same job with no SDK).
		for _, diff := range []struct{ label, a, b, target string }{
			{"guest->host->guest (hostcall - raw)", "hostcall", "raw", "<= 0.50x"},
			{"the SDK's share of a raw call (raw - bare)", "raw", "bare", ""},
		} {
			for _, what := range []string{"warm/", "warmdl/"} {
				d := func(s string) float64 {
					a, b := smp[what+hc.name+"/"+diff.a+"-"+s], smp[what+hc.name+"/"+diff.b+"-"+s]
					v := make([]float64, len(b))
					for i := range b {
						v[i] = a[i] - b[i]
					}
					return median(v)
				}
				label := diff.label
				if what == "warmdl/" {
					label += ", per-call deadline"
				}
				ours, up := d("ours"), d("upstream")
				r := ratio(ours, up)
				if ours <= 0 || up <= 0 {
					r = "n/a" // a difference within the noise has no ratio
				}
				row([]string{label, hc.name, us(ours), us(up), r, diff.target})
			}
		}
		for _, p := range plugins {
			g := func(s string) uint32 { return growth[hc.name+"/"+p.name+"-"+s] }
			row([]string{fmt.Sprintf("memory growth, calls %d to %d, %s", growthWarmup, growthWarmup+*flagGrowth, p.name), hc.name, kib(g("ours")), kib(g("upstream")), "", target(p.name, "<= 1 MiB")})
		}
	}
	return sb.String()
}

func sizeTarget(p string) string {
	switch p {
	case "raw":
		return "<= 0.70x"
	case "typed", "typed-bound":
		return "<= 0.60x"
	}
	return ""
}

// target is t for a probe the issue sets targets for; bare is a
// reference (the same code in both columns), so it has none.
func target(p, t string) string {
	if p == "bare" {
		return ""
	}
	return t
}

func warmTarget(p string) string {
	if p == "hostcall" || p == "bare" {
		return ""
	}
	return "<= 0.45x"
}

func ratio(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func bytesStr(n int64) string {
	if n < 0 {
		return "-" + bytesStr(-n)
	}
	s := fmt.Sprint(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func ms(ns float64) string { return fmt.Sprintf("%.2f ms", ns/1e6) }
func us(ns float64) string { return fmt.Sprintf("%.1f µs", ns/1e3) }
func kib(n uint32) string  { return fmt.Sprintf("%d KiB", n/1024) }
