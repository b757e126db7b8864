//go:build !wasip1

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// BenchmarkRawRuntime runs the same guest calls as benchCall on a bare
// wazero runtime with and without WithCloseOnContextDone, with a canned
// host function, to show how much of a round trip is the guest's own code
// and how much the runtime's interruption checks add. The local host sets
// WithCloseOnContextDone(true) so a deadline can stop a runaway guest.
func BenchmarkRawRuntime(b *testing.B) {
	wasm := probeWasm(b)
	resp := []byte(`{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`)
	for _, closeOnDone := range []bool{false, true} {
		for _, call := range []string{`"call":"http.get","url":"https://example.com/health","timeout_ms":60000`, `"call":"bench.log_info"`} {
			name := fmt.Sprintf("closeOnContextDone=%v/%s", closeOnDone, map[bool]string{true: "http.get", false: "log"}[call[8] == 'h'])
			b.Run(name, func(b *testing.B) {
				ctx := context.Background()
				rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCloseOnContextDone(closeOnDone))
				defer rt.Close(ctx)
				wasi_snapshot_preview1.MustInstantiate(ctx, rt)
				hb := rt.NewHostModuleBuilder("reglet_host")
				answer := api.GoModuleFunc(func(ctx context.Context, m api.Module, stack []uint64) {
					res, err := m.ExportedFunction("allocate").Call(ctx, uint64(len(resp)))
					if err != nil || res[0] == 0 || !m.Memory().Write(uint32(res[0]), resp) {
						stack[0] = 0
						return
					}
					stack[0] = res[0]<<32 | uint64(len(resp))
				})
				i64 := []api.ValueType{api.ValueTypeI64}
				for _, fn := range []string{"http_request", "dns_lookup", "tcp_connect", "smtp_connect", "exec_command"} {
					hb.NewFunctionBuilder().WithGoModuleFunction(answer, i64, i64).Export(fn)
				}
				hb.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(context.Context, api.Module, []uint64) {}), i64, nil).Export("log_message")
				if _, err := hb.Instantiate(ctx); err != nil {
					b.Fatal(err)
				}
				mod, err := rt.InstantiateWithConfig(ctx, wasm, wazero.NewModuleConfig().WithName("").
					WithStartFunctions("_initialize").WithSysWalltime().WithSysNanotime())
				if err != nil {
					b.Fatal(err)
				}
				observe := func(n int) {
					cfg := []byte(fmt.Sprintf(`{%s,"repeat":%d}`, call, n))
					res, err := mod.ExportedFunction("allocate").Call(ctx, uint64(len(cfg)))
					if err != nil {
						b.Fatal(err)
					}
					mod.Memory().Write(uint32(res[0]), cfg)
					out, err := mod.ExportedFunction("_observe").Call(ctx, res[0], uint64(len(cfg)))
					if err != nil {
						b.Fatal(err)
					}
					r, _ := mod.Memory().Read(uint32(out[0]>>32), uint32(out[0]))
					var st struct{ Status string }
					if json.Unmarshal(r, &st); st.Status != "success" {
						b.Fatalf("%s", r)
					}
				}
				observe(100)
				b.ResetTimer()
				observe(b.N)
			})
		}
	}
}
