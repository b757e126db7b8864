package host

import (
	"context"
	"testing"
	"time"
)

// BenchmarkObserveWarm is the warm _observe round trip of a trivial plugin
// on one instance, with each deallocation habit, and for a call whose
// context has a deadline, which runs on code with termination checks
// unless WithoutInterrupts says otherwise.
func BenchmarkObserveWarm(b *testing.B) {
	for _, tc := range []struct {
		name     string
		deadline bool
		opts     []HostOption
	}{
		{"freeing", false, nil},
		{"never-freeing", false, []HostOption{WithoutDeallocate()}},
		{"deadline", true, nil},
		{"deadline-without-interrupts", true, []HostOption{WithoutInterrupts()}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			if tc.deadline {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, time.Hour)
				defer cancel()
			}
			in, err := load(b, "./internal/testplugins/trivial", tc.opts...).NewInstance(ctx)
			if err != nil {
				b.Fatal(err)
			}
			defer in.Close(ctx)
			config := []byte(`{"name":"bench"}`)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := in.ObserveJSON(ctx, config); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(in.MemorySize()), "mem-bytes")
		})
	}
}

// BenchmarkInstantiateManifest measures a cold start from a compiled
// module: instantiate (which runs _initialize) plus the first _manifest,
// with linear memory from the mmap allocator and from wazero's default.
func BenchmarkInstantiateManifest(b *testing.B) {
	ctx := context.Background()
	p := load(b, "./internal/testplugins/trivial")
	if _, err := p.compiled(ctx, plain); err != nil { // compile outside the timing
		b.Fatal(err)
	}
	for _, alloc := range []struct {
		name   string
		noMmap bool
	}{{"mmap", false}, {"wazero-default", true}} {
		b.Run(alloc.name, func(b *testing.B) {
			noMmap = alloc.noMmap
			defer func() { noMmap = false }()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				in, err := p.NewInstance(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := in.ManifestJSON(ctx); err != nil {
					b.Fatal(err)
				}
				in.Close(ctx)
			}
		})
	}
}
