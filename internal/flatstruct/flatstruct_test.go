package flatstruct

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"
)

type named string

type allKinds struct {
	B      bool    `json:"b"`
	S      string  `json:"s"`
	N      named   `json:"n,omitempty"`
	I      int     `json:"i"`
	I8     int8    `json:"i8,omitempty"`
	I16    int16   `json:"i16"`
	I32    int32   `json:"i32,omitempty"`
	I64    int64   `json:"i64"`
	U      uint    `json:"u,omitempty"`
	U8     uint8   `json:"u8"`
	U16    uint16  `json:"u16,omitempty"`
	U32    uint32  `json:"u32"`
	U64    uint64  `json:"u64,omitempty"`
	F32    float32 `json:"f32"`
	F64    float64 `json:"f64,omitempty"`
	NoTag  string
	Dash   string `json:"status-code"`
	hidden string
	Skip   string `json:"-"`
	Opt    bool   `json:",omitempty"`
}

var _ = allKinds{}.hidden

type withTime struct {
	T time.Time `json:"t"`
}

type withMarshaler struct {
	D time.Duration `json:"d"`
	M marshals      `json:"m"`
}

type marshals int

func (marshals) MarshalJSON() ([]byte, error) { return []byte(`"m"`), nil }

type (
	embedded  struct{ allKinds }
	stringOpt struct {
		N int `json:"n,string"`
	}
	dupNames struct {
		A string `json:"X"`
		X string // untagged: the same JSON name as A
	}
	nested struct {
		In struct{ A int } `json:"in"`
	}
	pointer struct {
		P *int `json:"p"`
	}
	oddName struct {
		A string `json:"a b"`
	}
	selfMarshal struct{ A int }
)

func (selfMarshal) MarshalText() ([]byte, error) { return []byte("x"), nil }

// TestFor: only flat types get a Codec.
func TestFor(t *testing.T) {
	if For(reflect.TypeFor[allKinds]()) == nil {
		t.Error("allKinds: no Codec")
	}
	for _, typ := range []reflect.Type{
		reflect.TypeFor[withTime](), reflect.TypeFor[withMarshaler](), reflect.TypeFor[embedded](),
		reflect.TypeFor[stringOpt](), reflect.TypeFor[dupNames](), reflect.TypeFor[nested](),
		reflect.TypeFor[pointer](), reflect.TypeFor[oddName](), reflect.TypeFor[selfMarshal](),
		reflect.TypeFor[int](), reflect.TypeFor[map[string]int](),
	} {
		if For(typ) != nil {
			t.Errorf("%v: got a Codec", typ)
		}
	}
}

var specialFloats = []float64{0, math.Copysign(0, -1), 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789.125, -0.1, 5e-324, math.MaxFloat64, 1 << 53, 1<<53 + 1}

var specialStrings = []string{"", "plain", "<a href=\"x\">&amp;</a>", "tab\there\nnl", "\u2028\u2029", "é😀", "\x00\x1f", "bad\xffutf8", "\\back"}

func randomAllKinds(r *rand.Rand) allKinds {
	str := func() string {
		if r.IntN(3) == 0 {
			return specialStrings[r.IntN(len(specialStrings))]
		}
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return string(b)
	}
	f := func() float64 {
		switch r.IntN(4) {
		case 0:
			return specialFloats[r.IntN(len(specialFloats))]
		case 1:
			return 0
		case 2:
			return r.NormFloat64() * math.Pow(10, float64(r.IntN(60)-30))
		}
		return math.Float64frombits(r.Uint64())
	}
	i := func() int64 {
		if r.IntN(3) == 0 {
			return 0
		}
		return int64(r.Uint64())
	}
	return allKinds{
		B: r.IntN(2) == 0, S: str(), N: named(str()), I: int(i()), I8: int8(i()), I16: int16(i()), I32: int32(i()), I64: i(),
		U: uint(i()), U8: uint8(i()), U16: uint16(i()), U32: uint32(i()), U64: uint64(i()),
		F32: float32(f()), F64: f(), NoTag: str(), Dash: str(), Skip: str(), Opt: r.IntN(2) == 0,
	}
}

// TestMatchesEncodingJSON: Append writes json.Marshal's bytes and Map
// builds json.Unmarshal's map, or both decline where encoding/json fails
// or the encoding changes a string.
func TestMatchesEncodingJSON(t *testing.T) {
	c := For(reflect.TypeFor[allKinds]())
	r := rand.New(rand.NewPCG(7, 11))
	for n := range 30000 {
		v := randomAllKinds(r)
		if n == 0 {
			v = allKinds{}
		}
		want, wantErr := json.Marshal(&v)
		got, ok := c.Append(nil, reflect.ValueOf(&v))
		if wantErr != nil {
			if ok {
				t.Fatalf("%+v: Append wrote %s; json.Marshal fails: %v", v, got, wantErr)
			}
			continue
		}
		if !ok || string(got) != string(want) {
			t.Fatalf("%+v:\nAppend %s (ok %v)\nMarshal %s", v, got, ok, want)
		}
		var wantMap map[string]any
		if err := json.Unmarshal(want, &wantMap); err != nil {
			t.Fatal(err)
		}
		m, ok := c.Map(reflect.ValueOf(v))
		if !ok {
			if utf8Valid(v) {
				t.Fatalf("%+v: Map declined valid UTF-8", v)
			}
			continue
		}
		if !reflect.DeepEqual(m, wantMap) || !sameFloatBits(m, wantMap) {
			t.Fatalf("%+v:\nMap %v\nUnmarshal %v", v, m, wantMap)
		}
	}
}

func utf8Valid(v allKinds) bool {
	for _, s := range []string{v.S, string(v.N), v.NoTag, v.Dash} {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// sameFloatBits tells -0 from 0, which DeepEqual does not.
func sameFloatBits(a, b map[string]any) bool {
	for k, v := range a {
		if f, ok := v.(float64); ok && math.Float64bits(f) != math.Float64bits(b[k].(float64)) {
			return false
		}
	}
	return true
}

func BenchmarkOutput(b *testing.B) {
	type out struct {
		StatusCode int    `json:"status_code"`
		URL        string `json:"url"`
	}
	v := &out{StatusCode: 200, URL: "https://example.com"}
	c := For(reflect.TypeFor[out]())
	rv := reflect.ValueOf(v)
	data, _ := json.Marshal(v)
	b.Run("Append", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.Append(make([]byte, 0, 64), rv)
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			json.Marshal(v)
		}
	})
	b.Run("Map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c.Map(rv)
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m map[string]any
			json.Unmarshal(data, &m)
		}
	})
}
