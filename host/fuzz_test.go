package host

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// FuzzObserveNeverTraps feeds arbitrary bytes to _observe of a typed plugin
// (routing, validation, several handlers) on one long-lived instance: every
// call must return a valid Result, never trap, and the instance must keep
// serving. Run longer with: go test -run '^$' -fuzz FuzzObserveNeverTraps ./host/
func FuzzObserveNeverTraps(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"operation":"echo","name":"x"}`, `{"service":"probe","operation":"echo","name":"abc","tags":["a"]}`,
		`{"operation":"limit","n":11}`, `{"operation":"panic"}`, `{"operation":7}`, `{"operation":"echo","name":null}`,
		`[`, `"x"`, "\xff\xfe", `{"a":` + string(make([]byte, 100)) + `}`, `{"operation":"echo","name":"\u2028<&>"}`,
	} {
		f.Add([]byte(seed))
	}
	ctx := context.Background()
	p := load(f, "./internal/testplugins/typed")
	in, err := p.NewInstance(ctx)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { in.Close(ctx) })
	f.Fuzz(func(t *testing.T, config []byte) {
		out, err := in.ObserveJSON(ctx, config)
		if err != nil {
			t.Fatalf("_observe(%q) failed the call: %v", config, err)
		}
		var r entities.Result
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("_observe(%q) returned invalid JSON: %v\n%s", config, err, out)
		}
		switch r.Status {
		case entities.StatusSuccess, entities.StatusFailure:
		case entities.StatusError:
			if r.Error == nil || r.Error.Type == "" || r.Error.Message == "" {
				t.Fatalf("_observe(%q): error Result without a typed detail: %s", config, out)
			}
		default:
			t.Fatalf("_observe(%q): status %q", config, r.Status)
		}
	})
}
