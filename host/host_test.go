package host

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
)

// These tests live inside package host (plugintest imports host, so they
// build plugins with wasmbuild directly) to reach the raw exports.

func build(t testing.TB, pkg string) []byte { return testkit.Wasm(t, pkg) }

func load(t testing.TB, pkg string, opts ...HostOption) *Plugin {
	t.Helper()
	ctx := context.Background()
	h, err := New(ctx, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close(ctx) })
	p, err := h.Load(ctx, build(t, pkg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close(ctx) })
	return p
}

func observe(t *testing.T, p *Plugin, config string) *entities.Result {
	t.Helper()
	r, err := p.Observe(context.Background(), []byte(config))
	if err != nil {
		t.Fatalf("Observe(%s): %v", config, err)
	}
	return r
}

func TestManifestAndObserve(t *testing.T) {
	for _, habit := range []struct {
		name string
		opts []HostOption
	}{
		{"freeing", nil},
		{"never-freeing", []HostOption{WithoutDeallocate()}},
		{"fresh-instance", []HostOption{WithFreshInstances()}},
	} {
		t.Run(habit.name, func(t *testing.T) {
			p := load(t, "./examples/hello", habit.opts...)
			ctx := context.Background()
			m, err := p.Manifest(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if m.Name != "hello" || m.Version != "1.0.0" || m.SDKVersion != "0.1.0" {
				t.Errorf("manifest = %+v", m)
			}
			var schema map[string]any
			if err := json.Unmarshal(m.ConfigSchema, &schema); err != nil || schema["type"] != "object" {
				t.Errorf("config_schema = %s (%v)", m.ConfigSchema, err)
			}
			for i := 0; i < 3; i++ {
				r := observe(t, p, `{"name":"reglet"}`)
				if r.Status != entities.StatusSuccess || r.Data["greeting"] != "hello, reglet" {
					t.Fatalf("call %d: result = %+v", i, r)
				}
				if r.Metadata == nil || r.Metadata.SDKVersion != "0.1.0" || r.Metadata.DurationNs <= 0 ||
					r.Metadata.EndTime.Before(r.Metadata.StartTime) || time.Since(r.Timestamp) > time.Minute {
					t.Fatalf("call %d: metadata = %+v, timestamp %v", i, r.Metadata, r.Timestamp)
				}
			}
			r := observe(t, p, `{}`)
			if r.Status != entities.StatusFailure || r.Message != "nobody to greet" {
				t.Errorf("failure result = %+v", r)
			}
		})
	}
}

func TestInvalidConfig(t *testing.T) {
	p := load(t, "./examples/hello")
	for _, tc := range []struct{ config, want string }{
		{``, "config is empty"},
		{`   `, "config is empty"},
		{`{"name":`, "config is not valid JSON"},
		{`{"name":"a"}}`, "config is not valid JSON"},
		{`[1,2]`, "must be a JSON object, got an array"},
		{`"x"`, "must be a JSON object, got a string"},
		{`null`, "must be a JSON object, got null"},
		{`42`, "must be a JSON object, got a number"},
		{"\xff\xfe", "config is not valid JSON"},
		{`{"name": 7}`, "decoding config"},
	} {
		r := observe(t, p, tc.config)
		if r.Status != entities.StatusError || r.Error == nil || r.Error.Type != entities.ErrorTypeConfig ||
			!strings.Contains(r.Error.Message, tc.want) {
			t.Errorf("config %q: result %+v %+v; want config error containing %q", tc.config, r, r.Error, tc.want)
		}
	}
	// The instance still works.
	if r := observe(t, p, `{"name":"after"}`); r.Status != entities.StatusSuccess {
		t.Fatalf("after bad configs: %+v", r)
	}
}

func TestPanicThenSuccessOnSameInstance(t *testing.T) {
	ctx := context.Background()
	p := load(t, "./internal/testplugins/panics")
	in, err := p.NewInstance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close(ctx)
	run := func(config string) *entities.Result {
		t.Helper()
		b, err := in.ObserveJSON(ctx, []byte(config))
		if err != nil {
			t.Fatalf("%s: %v", config, err)
		}
		r, err := decodeResult(b)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, tc := range []struct {
		config, wantType, wantMsg, wantCode string
	}{
		{`{"do":"panic","value":"boom"}`, "panic", "plugin panic: boom", ""},
		{`{"do":"panic_error"}`, "panic", "plugin panic: an error value", ""},
		{`{"do":"nil_deref"}`, "panic", "plugin panic: runtime error: invalid memory address or nil pointer dereference", ""},
		{`{"do":"error","type":"network","code":"E_CONN","message":"connection refused"}`, "network", "connection refused", "E_CONN"},
		{`{"do":"plain_error","message":"it broke"}`, "execution", "it broke", ""},
		{`{"do":"nil"}`, "internal", "Check returned neither a Result nor an error", ""},
		{`{"do":"bad_data"}`, "internal", "result data cannot be encoded as JSON", "ENCODE"},
	} {
		r := run(tc.config)
		if r.Status != entities.StatusError || r.Error == nil || r.Error.Type != tc.wantType ||
			!strings.HasPrefix(r.Error.Message, tc.wantMsg) || r.Error.Code != tc.wantCode || r.Message != r.Error.Message {
			t.Errorf("%s: got %+v / %+v; want type %q message %q code %q", tc.config, r, r.Error, tc.wantType, tc.wantMsg, tc.wantCode)
		}
		if tc.wantType == "panic" && !strings.Contains(string(r.Error.Stack), "goroutine") {
			t.Errorf("%s: panic Result has no stack: %q", tc.config, r.Error.Stack)
		}
		if ok := run(`{"do":"nothing"}`); ok.Status != entities.StatusSuccess || ok.Data["ok"] != true {
			t.Fatalf("after %s the same instance returned %+v", tc.config, ok)
		}
	}
	if in.Broken() {
		t.Fatal("instance marked broken after recoverable failures")
	}
}

func TestExitDiscardsInstanceOnly(t *testing.T) {
	p := load(t, "./internal/testplugins/panics", WithStderr(&strings.Builder{}))
	ctx := context.Background()
	_, err := p.Observe(ctx, []byte(`{"do":"exit"}`))
	if !errors.Is(err, ErrTrap) {
		t.Fatalf("os.Exit in plugin: err = %v, want ErrTrap", err)
	}
	if r := observe(t, p, `{}`); r.Status != entities.StatusSuccess {
		t.Fatalf("next call after exit: %+v", r)
	}
}

func TestRegistrationStyles(t *testing.T) {
	// examples/hello registers from main; initreg from init with a main
	// that must still run exactly once.
	p := load(t, "./internal/testplugins/initreg")
	for i := 0; i < 3; i++ {
		r := observe(t, p, `{}`)
		if r.Status != entities.StatusSuccess || r.Data["main_ran"] != float64(1) {
			t.Fatalf("call %d: %+v", i, r)
		}
	}
	m, err := p.Manifest(context.Background())
	if err != nil || m.Name != "initreg" {
		t.Fatalf("manifest %+v, %v", m, err)
	}
}

func TestDeadlineStopsSpinningGuest(t *testing.T) {
	p := load(t, "./internal/testplugins/spin")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.Observe(ctx, []byte(`{}`))
	took := time.Since(start)
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "deadline exceeded") {
		t.Fatalf("err = %v; want ErrTimeout mentioning the deadline", err)
	}
	if took > 2*time.Second {
		t.Fatalf("spinning guest stopped after %v; want about 200ms", took)
	}
	// The stopped instance was discarded; a new call works.
	if r := observe(t, p, `{"spin":false}`); r.Status != entities.StatusSuccess {
		t.Fatalf("after timeout: %+v", r)
	}
	// Cancellation is reported the same way.
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	if _, err := p.Observe(ctx2, []byte(`{}`)); !errors.Is(err, ErrTimeout) {
		t.Fatalf("canceled call: err = %v", err)
	}
}

func TestAllocationLimit(t *testing.T) {
	ctx := context.Background()
	p := load(t, "./internal/testplugins/alloclimit")
	in, err := p.NewInstance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close(ctx)
	const limit = 1 << 20
	if ptr, err := in.alloc(ctx, limit+1); err != nil || ptr != 0 {
		t.Fatalf("allocate(limit+1) = %#x, %v; want 0", ptr, err)
	}
	if ptr, err := in.alloc(ctx, 0xFFFFFFFF); err != nil || ptr != 0 {
		t.Fatalf("allocate(4 GiB-1) = %#x, %v; want 0", ptr, err)
	}
	big := `{"pad":"` + strings.Repeat("p", limit) + `"}`
	if _, err := in.ObserveJSON(ctx, []byte(big)); err == nil || !strings.Contains(err.Error(), "could not allocate") {
		t.Fatalf("config over the limit: err = %v", err)
	}
	b, err := in.ObserveJSON(ctx, []byte(`{"result_bytes": 2000000}`))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := decodeResult(b)
	if r == nil || r.Status != entities.StatusError || r.Error.Code != "TOO_LARGE" {
		t.Fatalf("result over the limit: %s", b)
	}
	// Allocations under the limit, and ordinary calls, still work.
	if ptr, err := in.alloc(ctx, limit/2); err != nil || ptr == 0 {
		t.Fatalf("allocate(limit/2) = %#x, %v", ptr, err)
	}
	if err := in.free(ctx, 0, 0); err != nil { // unknown pointer: ignored
		t.Fatal(err)
	}
	if err := in.free(ctx, 12345, 9); err != nil {
		t.Fatal(err)
	}
	b, err = in.ObserveJSON(ctx, []byte(`{"result_bytes": 10}`))
	if r, _ := decodeResult(b); err != nil || r == nil || r.Status != entities.StatusSuccess {
		t.Fatalf("after limit errors: %s, %v", b, err)
	}
	if in.Broken() {
		t.Fatal("instance broken after allocation failures")
	}
}

func TestDefaultAllocationLimit(t *testing.T) {
	ctx := context.Background()
	in, err := load(t, "./examples/hello").NewInstance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close(ctx)
	if ptr, _ := in.alloc(ctx, 100<<20+1); ptr != 0 {
		t.Fatalf("allocate(100 MiB + 1) = %#x, want 0", ptr)
	}
	if ptr, _ := in.alloc(ctx, 0); ptr == 0 {
		t.Fatal("allocate(0) = 0, want a valid pointer")
	}
}

// rawObserve calls _observe with an arbitrary pointer and length.
func rawObserve(t *testing.T, in *Instance, ptr, n uint32) *entities.Result {
	t.Helper()
	ctx := withCall(context.Background(), in)
	res, err := in.observe.Call(ctx, uint64(ptr), uint64(n))
	if err != nil {
		t.Fatalf("_observe(%#x, %d) trapped: %v", ptr, n, err)
	}
	b, err := in.takeOutput(ctx, res[0], "_observe")
	if err != nil {
		t.Fatal(err)
	}
	r, err := decodeResult(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestObserveUnreadableConfigBlock(t *testing.T) {
	ctx := context.Background()
	in, err := load(t, "./examples/hello").NewInstance(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close(ctx)
	small, _ := in.alloc(ctx, 4)
	for _, tc := range []struct {
		name   string
		ptr, n uint32
		want   string
	}{
		{"pointer 0", 0, 10, "no config block"},
		{"unknown pointer", 0x100, 10, "not obtained from allocate"},
		{"past memory", 0xFFFFFFF0, 64, "not obtained from allocate"},
		{"longer than block", small, 1000, "exceeds the block"},
	} {
		r := rawObserve(t, in, tc.ptr, tc.n)
		if r.Status != entities.StatusError || r.Error.Type != entities.ErrorTypeConfig || !strings.Contains(r.Error.Message, tc.want) {
			t.Errorf("%s: %+v %+v", tc.name, r, r.Error)
		}
	}
	if b, err := in.ObserveJSON(ctx, []byte(`{"name":"ok"}`)); err != nil || !strings.Contains(string(b), `"success"`) {
		t.Fatalf("after bad blocks: %s %v", b, err)
	}
}

func TestRefusesForeignModules(t *testing.T) {
	ctx := context.Background()
	h, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	for _, tc := range []struct {
		name string
		wasm []byte
		want string
	}{
		// (module (import "env" "f" (func)))
		{"foreign import", []byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00\x02\x09\x01\x03env\x01f\x00\x00"), "imports env.f"},
		// (module) with no exports
		{"no exports", []byte("\x00asm\x01\x00\x00\x00"), "does not export _initialize"},
		{"not wasm", []byte("hello"), "not a WebAssembly module"},
	} {
		_, err := h.Load(ctx, tc.wasm)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestPooledInstanceMemoryIsBounded is the pooled-host guarantee: 100,000
// _observe calls on one instance, with a host that never calls deallocate,
// leave linear memory within 1 MiB of its size after the first 1,000 calls.
func TestPooledInstanceMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("100k calls; run without -short")
	}
	for _, habit := range []struct {
		name string
		opts []HostOption
	}{
		{"never-freeing", []HostOption{WithoutDeallocate()}},
		{"freeing", nil},
	} {
		t.Run(habit.name, func(t *testing.T) {
			ctx := context.Background()
			in, err := load(t, "./examples/hello", habit.opts...).NewInstance(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close(ctx)
			config := []byte(`{"name":"pool"}`)
			var warm uint32
			const calls = 100_000
			for i := 1; i <= calls; i++ {
				b, err := in.ObserveJSON(ctx, config)
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				if i == 1 && !strings.Contains(string(b), `"hello, pool"`) {
					t.Fatalf("unexpected result %s", b)
				}
				if i == 1000 {
					warm = in.MemorySize()
				}
			}
			final := in.MemorySize()
			t.Logf("linear memory after 1,000 calls: %d bytes; after %d: %d bytes (growth %d)", warm, calls, final, int64(final)-int64(warm))
			if final > warm+1<<20 {
				t.Fatalf("linear memory grew from %d to %d bytes over %d calls", warm, final, calls)
			}
		})
	}
}

// TestMemoryLimitPages: a guest that grows its linear memory past the
// host's page limit fails that call (Go's runtime aborts on out of
// memory); only that instance is lost, and the next call works.
func TestMemoryLimitPages(t *testing.T) {
	const pages = 512 // 32 MiB
	p := load(t, "./internal/testplugins/alloclimit", WithMemoryLimitPages(pages), WithStderr(&strings.Builder{}))
	if r := observe(t, p, `{"go_alloc_bytes": 4194304}`); r.Status != entities.StatusSuccess {
		t.Fatalf("4 MiB under a 32 MiB limit: %+v", r)
	}
	_, err := p.Observe(context.Background(), []byte(`{"go_alloc_bytes": 67108864}`))
	if !errors.Is(err, ErrTrap) {
		t.Fatalf("64 MiB under a 32 MiB limit: err = %v, want ErrTrap", err)
	}
	if r := observe(t, p, `{"result_bytes": 10}`); r.Status != entities.StatusSuccess {
		t.Fatalf("after the trap: %+v", r)
	}
}

// TestGrantsVisibleToHostFuncs: a scripted host function sees the grants of
// the plugin whose call it serves.
func TestGrantsVisibleToHostFuncs(t *testing.T) {
	grants := entities.GrantSet{Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"api.example.com"}, Ports: []string{"443"}}}}}
	var seen entities.GrantSet
	p := load(t, "./internal/testplugins/hostprobe", WithGrants(grants),
		WithHostFunc(ImportHTTPRequest, func(ctx context.Context, _ []byte) []byte {
			seen = Grants(ctx)
			return []byte(`{"status_code":204}`)
		}))
	if r := observe(t, p, `{"call":"http.get","url":"https://api.example.com/"}`); r.Status != entities.StatusSuccess {
		t.Fatalf("%+v %+v", r, r.Error)
	}
	if seen.Network == nil || seen.Network.Rules[0].Hosts[0] != "api.example.com" {
		t.Fatalf("Grants(ctx) in the host function = %+v", seen)
	}
	if g := Grants(context.Background()); !g.IsEmpty() {
		t.Fatalf("Grants outside a call = %+v, want empty", g)
	}
}

// Loads of one module that race compile it once: the others wait for that
// compilation (each compile of a plugin is seconds of CPU). A module that
// cannot compile fails every caller with the same error, and is not kept.
func TestConcurrentLoadsCompileOnce(t *testing.T) {
	wasm := build(t, "./internal/testplugins/trivial")
	ctx := context.Background()
	h, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close(ctx) })
	const n = 6
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := h.Load(ctx, wasm)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := h.compiles.Load(); got != 1 {
		t.Errorf("%d concurrent loads compiled the module %d times, want 1", n, got)
	}

	bad := []byte("\x00asm\x01\x00\x00\x00\x05")
	for range 2 {
		if _, err := h.Load(ctx, bad); err == nil || !strings.Contains(err.Error(), "compiling plugin") {
			t.Fatalf("loading a truncated module: %v, want a compile error", err)
		}
	}
	if got := h.compiles.Load(); got != 3 {
		t.Errorf("after two failed loads: %d compilations, want 3 (a failure is not cached)", got)
	}
}

// A file that is not a WebAssembly module is refused before wazero sees
// it, with what it is not and how to build one.
func TestLoadRefusesANonWasmFile(t *testing.T) {
	ctx := context.Background()
	h, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(ctx)
	for _, b := range [][]byte{[]byte("#!/bin/sh\necho hi\n"), nil, []byte("\x00as")} {
		_, err := h.Load(ctx, b)
		if err == nil || !strings.Contains(err.Error(), "not a WebAssembly module") || !strings.Contains(err.Error(), "GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared") {
			t.Errorf("Load(%q) = %v", b, err)
		}
	}
}
