package plugin

import (
	"context"
	"encoding/json"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Hand-written JSON covering what encoding/json's output and decoder can
// disagree on: escapes, surrogates (paired, lone, followed by another
// escape), invalid UTF-8, number forms, nesting, duplicate keys.
var dataCases = []string{
	`{}`,
	`{"a":1}`,
	` { "a" : [ 1 , 2 ] , "b" : { } } `,
	`{"s":"plain","e":"\u003chtml\u003e \u0026 \"q\" \\ \/ \b\f\n\r\t"}`,
	`{"pair":"\ud83d\ude00","lone":"\ud800","lone2":"\udc00x","hi-hi":"\ud800\ud800","hi-esc":"\ud800\u0041","hi-bad":"\ud800\uZZZZ"}`,
	"{\"utf8\":\"héllo 日本 \xff\xfe bad \xe2\x82 cut\"}",
	`{"n":[0,-0,1.5,-2e10,1E+2,5e-324,1.7976931348623157e308,9007199254740993,123456789012345678901234567890]}`,
	`{"t":true,"f":false,"z":null,"arr":[],"nested":[[[{"x":[null]}]]]}`,
	`{"dup":1,"dup":2}`,
	`{"o":{"k":1,"k":1}}`,
	`{"big":1e400}`,
	`{"k\u00e9y":"v","":"","Key":"K"}`,
}

func TestDecodeDataMatchesEncodingJSON(t *testing.T) {
	check := func(raw string) {
		t.Helper()
		var want map[string]any
		wantErr := json.Unmarshal([]byte(raw), &want)
		got, splicable, err := decodeData([]byte(raw))
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%s: error %v, encoding/json %v", raw, err, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\ngot  %#v\nwant %#v", raw, got, want)
		}
		if err != nil {
			return
		}
		if dup := strings.Contains(raw, `"dup"`) || strings.Contains(raw, `"k":1,"k"`); splicable == dup {
			t.Errorf("%s: splicable %v", raw, splicable)
		}
		if splicable && !sameData(got, []byte(raw)) {
			t.Errorf("%s: sameData false on its own decoding", raw)
		}
	}
	for _, raw := range dataCases {
		check(raw)
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		v := map[string]any{}
		for k := rng.Intn(5); k >= 0; k-- {
			v[randString(rng)] = randValue(rng, 3)
		}
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		check(string(raw))
	}
}

func randString(rng *rand.Rand) string {
	pieces := []string{"a", "Q", "é", "日", "\U0001F600", "<", "&", "\"", "\\", "\n", "\x01", "\xff", "\u2028", " ", "z"}
	var b strings.Builder
	for n := rng.Intn(6); n > 0; n-- {
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return b.String()
}

func randValue(rng *rand.Rand, depth int) any {
	switch k := rng.Intn(8); {
	case k == 0 && depth > 0:
		m := map[string]any{}
		for n := rng.Intn(4); n > 0; n-- {
			m[randString(rng)] = randValue(rng, depth-1)
		}
		return m
	case k == 1 && depth > 0:
		a := []any{}
		for n := rng.Intn(4); n > 0; n-- {
			a = append(a, randValue(rng, depth-1))
		}
		return a
	case k == 2:
		return randString(rng)
	case k == 3:
		return rng.Intn(2) == 0
	case k == 4:
		return nil
	case k == 5:
		return rng.Int63() - rng.Int63()
	case k == 6:
		return math.Float64frombits(rng.Uint64() &^ (0x7ff << 52)) // finite
	default:
		return rng.NormFloat64() * 1e6
	}
}

// sameData is exact: every kind of change a wrapper can make to the
// decoded map makes it false.
func TestSameDataSeesEveryChange(t *testing.T) {
	raw := []byte(`{"s":"a\u0026b","n":200,"neg0":-0,"b":true,"z":null,"arr":[1,"x",{"k":[]}],"o":{"k":"v"}}`)
	fresh := func() map[string]any {
		m, splicable, err := decodeData(raw)
		if err != nil || !splicable {
			t.Fatal(err, splicable)
		}
		return m
	}
	if !sameData(fresh(), raw) {
		t.Fatal("unchanged data judged changed")
	}
	changes := map[string]func(m map[string]any){
		"string":            func(m map[string]any) { m["s"] = "a&c" },
		"number":            func(m map[string]any) { m["n"] = 201.0 },
		"number type":       func(m map[string]any) { m["n"] = 200 },
		"negative zero":     func(m map[string]any) { m["neg0"] = 0.0 },
		"bool":              func(m map[string]any) { m["b"] = false },
		"null to value":     func(m map[string]any) { m["z"] = "" },
		"deleted key":       func(m map[string]any) { delete(m, "z") },
		"added key":         func(m map[string]any) { m["new"] = nil },
		"replaced key":      func(m map[string]any) { delete(m, "z"); m["y"] = nil },
		"array element":     func(m map[string]any) { m["arr"].([]any)[1] = "y" },
		"array appended":    func(m map[string]any) { m["arr"] = append(m["arr"].([]any), 2.0) },
		"array shortened":   func(m map[string]any) { m["arr"] = m["arr"].([]any)[:2] },
		"nested map":        func(m map[string]any) { m["o"].(map[string]any)["k"] = "w" },
		"nested added":      func(m map[string]any) { m["o"].(map[string]any)["k2"] = "w" },
		"deep array":        func(m map[string]any) { m["arr"].([]any)[2].(map[string]any)["k"] = []any{1.0} },
		"map becomes typed": func(m map[string]any) { m["o"] = map[string]string{"k": "v"} },
		"array becomes typed": func(m map[string]any) {
			m["arr"] = []float64{1}
		},
	}
	for name, change := range changes {
		m := fresh()
		change(m)
		if sameData(m, raw) {
			t.Errorf("%s: change not seen", name)
		}
	}
}

type spliceOut struct {
	Z   int    `json:"z"`
	A   string `json:"a"`
	Big int64  `json:"big"`
}

type spliceSvc struct {
	Service `name:"splice"`
	Run     Op[spliceIn, spliceOut]
}

type spliceIn struct {
	N int64 `json:"n"`
}

func (*spliceSvc) RunHandler(_ context.Context, in *spliceIn) (*spliceOut, error) {
	return &spliceOut{Z: 1, A: "<a>", Big: in.N}, nil
}

// wrapper is the seed's myPlugin: a Plugin over a PluginDefinition, here
// with a hook that may change the Result.
type wrapper struct {
	def    *PluginDefinition
	change func(*entities.Result)
}

func (w wrapper) Manifest(ctx context.Context) (*entities.Manifest, error) {
	return w.def.Manifest(ctx)
}

func (w wrapper) Check(ctx context.Context, config []byte) (*entities.Result, error) {
	res, err := w.def.Check(ctx, config)
	if w.change != nil && res != nil {
		w.change(res)
	}
	return res, err
}

// Through a wrapper the handler's output is spliced (its field order and
// exact integers survive, as when the definition itself is registered)
// unless the wrapper changed Data, which is then encoded as changed.
func TestWrapperSplicesUnchangedData(t *testing.T) {
	def := DefinePlugin(PluginDef{Name: "splice"})
	if err := RegisterService(def, &spliceSvc{}); err != nil {
		t.Fatal(err)
	}
	config := []byte(`{"n":9007199254740993}`)
	data := func(out []byte) string {
		t.Helper()
		var r struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return string(r.Data)
	}
	direct := data(ObserveJSON(context.Background(), def, config))
	const spliced = `{"z":1,"a":"\u003ca\u003e","big":9007199254740993}`
	if direct != spliced {
		t.Fatalf("direct data %s, want %s", direct, spliced)
	}
	for _, tc := range []struct {
		name   string
		change func(*entities.Result)
		want   string
	}{
		{"unchanged", nil, spliced},
		{"read only", func(r *entities.Result) { _ = r.Data["z"] }, spliced},
		{"message changed", func(r *entities.Result) { r.Message = "m" }, spliced},
		{"value changed", func(r *entities.Result) { r.Data["z"] = 2.0 }, `{"a":"\u003ca\u003e","big":9007199254740992,"z":2}`},
		{"key added", func(r *entities.Result) { r.Data["extra"] = true }, `{"a":"\u003ca\u003e","big":9007199254740992,"extra":true,"z":1}`},
		{"replaced", func(r *entities.Result) { r.Data = map[string]any{"only": "this"} }, `{"only":"this"}`},
		{"emptied", func(r *entities.Result) { r.Data = nil }, ``},
	} {
		w := wrapper{def: def, change: tc.change}
		if got := data(ObserveJSON(context.Background(), w, config)); got != tc.want {
			t.Errorf("%s: data %s, want %s", tc.name, got, tc.want)
		}
	}
	// A Result other than the one Check returned is never spliced.
	other := wrapper{def: def, change: nil}
	res, err := other.Check(context.Background(), config)
	if err != nil {
		t.Fatal(err)
	}
	cp := *res
	if d := splicedOutput(&cp); d != nil {
		t.Errorf("a copy of the Result was spliced: %s", d)
	}
	if d := splicedOutput(res); d != nil {
		t.Errorf("the slot was not cleared: %s", d)
	}
}

type nestedOut struct {
	Inner struct {
		S string `json:"s"`
	} `json:"inner"`
	F float32 `json:"f"`
}

type dataSvc struct {
	Service `name:"data"`
	Flat    Op[spliceIn, flatOut]
	Nested  Op[spliceIn, nestedOut]
}

type flatOut struct {
	S   string  `json:"s"`
	F32 float32 `json:"f32"`
	F64 float64 `json:"f64,omitempty"`
	U   uint64  `json:"u"`
	B   bool    `json:"b,omitempty"`
	Bad string  `json:"bad"`
}

func (*dataSvc) FlatHandler(_ context.Context, in *spliceIn) (*flatOut, error) {
	return &flatOut{S: "<é>\u2028", F32: 0.1, U: uint64(in.N) * 3, Bad: "x\xffy"[:int(in.N%2)*3]}, nil
}

func (*dataSvc) NestedHandler(_ context.Context, in *spliceIn) (*nestedOut, error) {
	o := &nestedOut{F: 0.1}
	o.Inner.S = "in"
	return o, nil
}

// Check's Result.Data is the map json.Unmarshal makes of the output JSON,
// whether it is built from a flat output (flatstruct.Codec.Map; with an
// invalid UTF-8 string it falls back to decoding) or decoded.
func TestCheckDataIsTheOutputJSONDecoded(t *testing.T) {
	def := DefinePlugin(PluginDef{Name: "data"})
	if err := RegisterService(def, &dataSvc{}); err != nil {
		t.Fatal(err)
	}
	for _, config := range []string{
		`{"operation":"flat","n":9007199254740993}`,
		`{"operation":"flat","n":2}`,
		`{"operation":"nested","n":1}`,
	} {
		res, data, _, err := def.run(context.Background(), []byte(config), false)
		if err != nil || res.Status != entities.StatusSuccess {
			t.Fatalf("%s: %+v, %v", config, res, err)
		}
		var want map[string]any
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		got, err := def.Check(context.Background(), []byte(config))
		if err != nil || !reflect.DeepEqual(got.Data, want) {
			t.Errorf("%s: Data %#v, want %#v (from %s)", config, got.Data, want, data)
		}
	}
}

type panicWrapper struct{ def *PluginDefinition }

func (w panicWrapper) Manifest(ctx context.Context) (*entities.Manifest, error) {
	return w.def.Manifest(ctx)
}
func (panicWrapper) Check(context.Context, []byte) (*entities.Result, error) { panic("wrapper bug") }

// The lifecycle's record of a checked config ends with the call, a
// panicking wrapper's included: a caller that then reuses the buffer for
// bytes that are not JSON gets them checked.
func TestCheckedConfigForgottenAfterPanic(t *testing.T) {
	def := DefinePlugin(PluginDef{Name: "forget"})
	if err := RegisterService(def, &spliceSvc{}); err != nil {
		t.Fatal(err)
	}
	buf := []byte(`{"n":12345}`)
	ObserveJSON(context.Background(), panicWrapper{def}, buf)
	copy(buf, `{"n":  "x `)
	res, err := def.Check(context.Background(), buf)
	if err != nil || res.Error == nil || res.Error.Code != CodeInvalidConfig {
		t.Errorf("Check of reused bytes = %+v, %v; want INVALID_CONFIG", res, err)
	}
}
