package plugin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// bigConfig returns a config for internal/testplugins/bigconfig of about
// size bytes: half a list of hosts, half one long string.
func bigConfig(size int) (cfg []byte, hosts int) {
	var b bytes.Buffer
	b.Grow(size + 64)
	b.WriteString(`{"hosts":[`)
	for b.Len() < size/2 {
		if hosts > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"host-`)
		b.WriteString(strconv.Itoa(hosts))
		b.WriteString(`.example.com"`)
		hosts++
	}
	b.WriteString(`],"body":"`)
	for b.Len() < size-2 {
		b.WriteString("0123456789abcdef"[:min(16, size-2-b.Len())])
	}
	b.WriteString(`"}`)
	return b.Bytes(), hosts
}

func bigPlugin(t testing.TB) *host.Plugin {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a wasm module")
	}
	return plugintest.Load(t, plugintest.BuildSDK(t, "./internal/testplugins/bigconfig"))
}

// A 16 MiB config reaches the handler whole (issue 10, item 3), and one
// over the SDK's limit is refused as a config error naming the limit.
func TestBigConfigWasm(t *testing.T) {
	pl := bigPlugin(t)
	ctx := context.Background()
	cfg, hosts := bigConfig(16 << 20)
	// Call after call in one instance: each call's garbage must not
	// leave the next call's config without room in the guest's memory.
	var res *entities.Result
	var err error
	for i, size := range []int{1 << 20, 4 << 20, 16 << 20, 16 << 20, 1 << 20, 4 << 20, 16 << 20, 16 << 20, 16 << 20} {
		c := cfg
		if size != len(cfg) {
			c, _ = bigConfig(size)
		}
		res, err = pl.Observe(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != "success" {
			t.Fatalf("call %d, %d MiB: %s %+v", i+1, size>>20, res.Status, res.Error)
		}
	}
	bodyStart := bytes.Index(cfg, []byte(`"body":"`)) + len(`"body":"`)
	want := map[string]any{"hosts": float64(hosts), "last_host": "host-" + strconv.Itoa(hosts-1) + ".example.com",
		"body_bytes": float64(len(cfg) - 2 - bodyStart), "timeout": float64(30)}
	for k, v := range want {
		if res.Data[k] != v {
			t.Errorf("data.%s = %v, want %v", k, res.Data[k], v)
		}
	}

	over := make([]byte, plugin.MaxConfigSize+1)
	copy(over, `{"hosts":["a"],"body":"`)
	for i := len(`{"hosts":["a"],"body":"`); i < len(over)-2; i++ {
		over[i] = 'x'
	}
	copy(over[len(over)-2:], `"}`)
	res, err = pl.Observe(ctx, over)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "error" || res.Error == nil || res.Error.Type != "config" || res.Error.Code != "CONFIG_TOO_LARGE" {
		t.Fatalf("config of %d bytes: %s %+v", len(over), res.Status, res.Error)
	}
	if !bytes.Contains([]byte(res.Error.Message), []byte(strconv.Itoa(plugin.MaxConfigSize))) {
		t.Errorf("message %q does not name the limit", res.Error.Message)
	}
}

// A config nested as deep as JSON allows (9,990 levels of a recursive
// type) with a bad value at the bottom gets its problem, with a clipped
// path, and the instance serves the next call. Before, the paths alone
// held 100 MB of the guest's memory (it ran out at 5,000 levels), and
// each level scanned everything inside it again (2.8 s of guest CPU at
// this depth; now one pass, about 0.3 s).
func TestDeepConfigWasm(t *testing.T) {
	pl := bigPlugin(t)
	ctx := context.Background()
	const depth = 9990
	deep := `{"hosts":["a"],"tree":` + strings.Repeat(`{"next":`, depth) + `{"value":"x"}` + strings.Repeat(`}`, depth+1)
	res, err := pl.Observe(ctx, []byte(deep))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "error" || res.Error == nil || res.Error.Code != "INVALID_CONFIG" ||
		!strings.Contains(res.Error.Message, ".next.next.value: want integer, got string \"x\"") {
		t.Fatalf("deep config: %s %+v", res.Status, res.Error)
	}
	res, err = pl.Observe(ctx, []byte(`{"hosts":["a","b"]}`))
	if err != nil || res.Status != "success" || res.Data["hosts"] != float64(2) {
		t.Fatalf("the call after: %v %+v", err, res)
	}
}

// The limit holds natively too, before any parsing: bytes that are not
// JSON at all still get the size error.
func TestConfigTooLargeNative(t *testing.T) {
	over := bytes.Repeat([]byte{'x'}, plugin.MaxConfigSize+1)
	out := plugin.ObserveJSON(context.Background(), rawHello{}, over)
	var res struct {
		Status string `json:"status"`
		Error  struct {
			Type, Code string
		} `json:"error"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if res.Status != "error" || res.Error.Type != "config" || res.Error.Code != "CONFIG_TOO_LARGE" {
		t.Fatalf("%s", out)
	}
}

// BenchmarkBigConfigWasm is one _observe of the bigconfig plugin with a
// config of each size, through the local host: decoding, validation and
// the handler. Linear scaling shows as a constant ns per byte.
func BenchmarkBigConfigWasm(b *testing.B) {
	pl := bigPlugin(b)
	ctx := context.Background()
	for _, size := range []int{1 << 20, 4 << 20, 16 << 20} {
		cfg, _ := bigConfig(size)
		b.Run(strconv.Itoa(size>>20)+"MiB", func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.SetBytes(int64(len(cfg)))
			var cpu int64
			for i := 0; i < b.N; i++ {
				t0 := threadCPU()
				res, err := pl.Observe(ctx, cfg)
				cpu += threadCPU() - t0
				if err != nil || res.Status != "success" {
					b.Fatalf("%v %+v", err, res)
				}
			}
			b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
