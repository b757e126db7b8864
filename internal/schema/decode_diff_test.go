package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
)

// The one-pass decoder against encoding/json: for every type a schema
// accepts and every config both accept, they must store the same Go value.
// The decoder may refuse more (unknown or case-folded keys, a null where
// the schema wants a value) and accepts integers written as 1e2 or 2.0,
// which JSON Schema counts as integers and encoding/json refuses.

type diffText struct{ s string }

func (t *diffText) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("bad text")
	}
	t.s = strings.ToUpper(string(b))
	return nil
}

// diffTextKey is a map key decoded by UnmarshalText.
type diffTextKey string

func (k *diffTextKey) UnmarshalText(b []byte) error {
	*k = diffTextKey("k-" + string(b))
	return nil
}

type diffOwn struct{ raw string }

func (j *diffOwn) UnmarshalJSON(b []byte) error {
	j.raw = string(b)
	return nil
}

type diffName string

type diffInner struct {
	A int        `json:"a"`
	B []string   `json:"b,omitempty"`
	P *diffInner `json:"p,omitempty"`
}

type DiffEmbed struct {
	E1     string `json:"e1"`
	Shadow int    `json:"shadow"`
}

type DiffEmbedPtr struct {
	E3 *int `json:"e3"`
}

type diffAll struct {
	DiffEmbed
	*DiffEmbedPtr
	Shadow   string                `json:"shadow"`
	S        string                `json:"s"`
	Named    diffName              `json:"named"`
	B        bool                  `json:"b"`
	I        int                   `json:"i"`
	I8       int8                  `json:"i8"`
	I16      int16                 `json:"i16"`
	I32      int32                 `json:"i32"`
	I64      int64                 `json:"i64"`
	U        uint                  `json:"u"`
	U8       uint8                 `json:"u8"`
	U16      uint16                `json:"u16"`
	U32      uint32                `json:"u32"`
	U64      uint64                `json:"u64"`
	F32      float32               `json:"f32"`
	F64      float64               `json:"f64"`
	D        time.Duration         `json:"d"`
	T        time.Time             `json:"t"`
	TP       *time.Time            `json:"tp"`
	PS       *string               `json:"ps"`
	PPI      **int                 `json:"ppi"`
	SS       []string              `json:"ss"`
	Names    []diffName            `json:"names"`
	SI       []int                 `json:"si"`
	SP       []*int                `json:"sp"`
	PSS      []*string             `json:"pss"`
	SSS      [][]string            `json:"sss"`
	Arr      [3]int                `json:"arr"`
	Bytes    []byte                `json:"bytes"`
	M        map[string]int        `json:"m"`
	MN       map[diffName]string   `json:"mn"`
	MT       map[diffTextKey]int   `json:"mt"`
	MS       map[string][]string   `json:"ms"`
	MP       map[string]*diffInner `json:"mp"`
	Any      any                   `json:"any"`
	Anys     []any                 `json:"anys"`
	Raw      json.RawMessage       `json:"raw"`
	RawP     *json.RawMessage      `json:"rawp"`
	Text     diffText              `json:"text"`
	TextP    *diffText             `json:"textp"`
	Texts    []diffText            `json:"texts"`
	Own      diffOwn               `json:"own"`
	OwnP     *diffOwn              `json:"ownp"`
	In       diffInner             `json:"in"`
	InP      *diffInner            `json:"inp"`
	Ins      []diffInner           `json:"ins"`
	Skip     string                `json:"-"`
	Untagged string
	Omit     string `json:"omit,omitempty"`
}

// diffTypes are the Go types every differential case decodes into.
var diffTypes = []reflect.Type{
	reflect.TypeFor[diffAll](),
	reflect.TypeFor[diffInner](),
	reflect.TypeFor[map[string]int](),
	reflect.TypeFor[map[string]any](),
	reflect.TypeFor[map[string]diffInner](),
}

var diffCases = []string{
	`{}`,
	`{"s":"plain","named":"n","b":true,"i":-5,"i8":-128,"i16":32767,"i32":-2147483648,"i64":9223372036854775807}`,
	`{"u":5,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"f32":1.5,"f64":-2.25e-300}`,
	`{"d":1500000000,"t":"2026-02-11T10:00:00.5+01:00","tp":"2026-02-11T10:00:00Z"}`,
	`{"ps":"p","ppi":7,"ss":["a","b\"c","\u00e9\ud83d\ude00"],"names":["x"],"si":[1,-2,3],"sp":[null,4],"pss":["a",null,"b"]}`,
	`{"sss":[["a"],[],null],"arr":[1,2,3],"bytes":"aGVsbG8=","m":{"a":1,"b":2},"mn":{"k":"v"},"mt":{"x":1}}`,
	`{"ms":{"a":["x"],"b":[]},"mp":{"a":{"a":1},"b":null},"any":{"k":[1,"x",null,true]},"anys":[1,"two",null]}`,
	`{"raw": [ 1 , {"a" : 2} ] ,"rawp":"x","text":"up","textp":"p","texts":["a","b"],"own":{"x":1},"ownp":[1]}`,
	`{"in":{"a":1,"b":["x"],"p":{"a":2,"p":{"a":3}}},"inp":{"a":4},"ins":[{"a":5},{"a":6,"b":[]}]}`,
	`{"e1":"embedded","shadow":"outer","e3":1,"Untagged":"u","omit":""}`,
	`{"e3":null}`,
	`{"ps":null,"ppi":null,"tp":null,"inp":null,"textp":null,"ownp":null,"rawp":null,"any":null,"ss":null,"m":null}`,
	`{"s":null,"b":null,"i":null,"in":null,"text":null,"own":null,"raw":null}`,
	"{\"s\":\"bad \xff\xfe utf8 \xe2\x82\",\"m\":{\"\xff\":1,\"\xc3\xa9\":2}}",
	`{"ss":["\ud800","\ud800\u0041","\udc00\ud800","\ud83d\ude00x"]}`,
	`{"s":"escapes \" \\ \/ \b \f \n \r \t \u0000 \u2028"}`,
	`{"i":1e2,"u":2.0,"i8":-0,"i64":1.5e1}`,
	`{"i":1e400}`, `{"f32":1e39}`, `{"u":-1}`, `{"i8":128}`, `{"i":1.5}`, `{"u64":18446744073709551616}`,
	`{"s":1}`, `{"b":"true"}`, `{"si":"x"}`, `{"si":[1,"x"]}`, `{"si":[null]}`, `{"arr":[1,2]}`, `{"arr":[1,2,3,4]}`,
	`{"m":{"a":null}}`, `{"m":[]}`, `{"in":[]}`, `{"t":"yesterday"}`, `{"t":"2026-02-11T10:00:00\u005a"}`,
	`{"bytes":"not base64"}`, `{"text":"bad"}`, `{"text":1}`, `{"unknown":1}`, `{"S":"case"}`, `{"hidden":1}`,
	`{"a":1,"b":["x"],"p":{"a":2}}`, `{"a":1,"a":2}`, `{"in":{"a":1},"in":{"b":["x"]}}`,
	`{"x":{"a":1},"y":{"p":null}}`, `{"-":"dash","Skip":"s"}`, `{"":{},"":0}`,
}

func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, c := range diffCases {
		f.Add([]byte(c))
	}
	f.Add([]byte(`{"inp":` + strings.Repeat(`{"p":`, 3000) + `{}` + strings.Repeat(`}`, 3001)))
	f.Add([]byte(`{"any":` + strings.Repeat(`[`, 9000) + strings.Repeat(`]`, 9000) + `}`))
	f.Add([]byte(`{"i":` + strings.Repeat("9", 400) + `,"f64":` + strings.Repeat("9", 400) + `}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		diffDecode(t, in)
	})
}

// TestDecodeMatchesEncodingJSON runs the cases of the fuzz test and checks
// that each valid case is accepted, so the fuzz test's "the decoder may
// refuse more" cannot hide a decoder that refuses everything.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	accepted := 0
	for _, c := range diffCases {
		accepted += diffDecode(t, []byte(c))
	}
	if accepted < 25 {
		t.Errorf("only %d (type, case) pairs decoded without problems", accepted)
	}
	// Each of these is accepted into diffAll.
	st := mustFor(t, diffAll{})
	for _, c := range diffCases[:15] {
		var v diffAll
		if err := st.DecodeValid(obj(t, c), &v); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
}

// diffDecode decodes in into each of diffTypes both ways and reports how
// many agreed with both accepting.
func diffDecode(t *testing.T, in []byte) (accepted int) {
	t.Helper()
	if !jsonscan.Valid(in) {
		return 0 // the lifecycle refuses it before any decoding
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(in, &fields) != nil {
		return 0 // not an object
	}
	dup := hasDuplicateKeys(in)
	for _, typ := range diffTypes {
		st, err := For(typ)
		if err != nil {
			t.Fatal(err)
		}
		// The typed path's one-pass decoder, checked against the decoder
		// of split members (DecodeValid) and then against encoding/json.
		got := reflect.New(typ)
		ours := st.DecodeObject(in, nil, nil, got.Interface())
		split := reflect.New(typ)
		oursSplit := st.DecodeValid(fields, split.Interface())
		if fmt.Sprint(ours) != fmt.Sprint(oursSplit) {
			t.Errorf("%s into %v: DecodeObject says %v, DecodeValid of the members %v", in, typ, ours, oursSplit)
		} else if ours == nil && !reflect.DeepEqual(got.Elem().Interface(), split.Elem().Interface()) {
			t.Errorf("%s into %v: DecodeObject gives %+v, DecodeValid of the members %+v", in, typ, got.Elem().Interface(), split.Elem().Interface())
		}
		want := reflect.New(typ)
		theirs := json.Unmarshal(in, want.Interface())
		if ours != nil {
			var ve *ValidationError
			if !errors.As(ours, &ve) || len(ve.Problems) == 0 {
				t.Errorf("%s into %v: error %v is not a ValidationError with problems", in, typ, ours)
			}
			continue
		}
		if dup {
			// encoding/json merges a repeated object and reports problems
			// in either; the decoder keeps the last, whole.
			continue
		}
		if theirs != nil {
			var te *json.UnmarshalTypeError
			if errors.As(theirs, &te) && strings.HasPrefix(te.Value, "number") {
				continue // an integer written as 1e2 or 2.0
			}
			t.Errorf("%s into %v: accepted; encoding/json says %v", in, typ, theirs)
			continue
		}
		if typ == diffTypes[0] {
			// A null for a non-pointer field is absent to the decoder;
			// encoding/json gives it to the type's own UnmarshalJSON.
			w := want.Interface().(*diffAll)
			if isNull(fields["raw"]) {
				w.Raw = nil
			}
			if isNull(fields["own"]) {
				w.Own = diffOwn{}
			}
		}
		accepted++
		if !reflect.DeepEqual(got.Elem().Interface(), want.Elem().Interface()) {
			t.Errorf("%s into %v:\n got %+v\nwant %+v", in, typ, got.Elem().Interface(), want.Elem().Interface())
		}
	}
	return accepted
}

// hasDuplicateKeys reports whether an object anywhere in the valid JSON
// value b repeats a key.
func hasDuplicateKeys(b []byte) bool {
	b = b[jsonscan.SkipSpace(b, 0):]
	if len(b) == 0 {
		return false
	}
	dup := false
	switch b[0] {
	case '{':
		seen := map[string]bool{}
		jsonscan.Members(trimSpace(b), func(k, v []byte) bool {
			key, _, _ := jsonscan.String(k, 0)
			if seen[string(key)] || hasDuplicateKeys(v) {
				dup = true
			}
			seen[string(key)] = true
			return true
		})
	case '[':
		jsonscan.Items(b, func(_ int, it []byte) {
			dup = dup || hasDuplicateKeys(it)
		})
	}
	return dup
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && strings.IndexByte(" \t\r\n", b[len(b)-1]) >= 0 {
		b = b[:len(b)-1]
	}
	return b
}

// Duplicate keys: the last one wins, whole, at every level (encoding/json
// would merge two objects under one key into one struct).
func TestDecodeDuplicateKeys(t *testing.T) {
	st := mustFor(t, diffAll{})
	var v diffAll
	if err := st.DecodeValid(obj(t, `{"in":{"a":1,"b":["x"]},"in":{"a":2},"m":{"k":1,"k":2},"s":"a","s":"b"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.In.A != 2 || v.In.B != nil || v.M["k"] != 2 || v.S != "b" {
		t.Errorf("got in=%+v m=%v s=%q", v.In, v.M, v.S)
	}
	// A problem in a member a later duplicate replaces is not reported.
	if err := st.DecodeValid(obj(t, `{"in":{"a":"x"},"in":{"a":1}}`), &v); err != nil {
		t.Errorf("replaced member still checked: %v", err)
	}
}

// Hostile configs get problems, never a panic: nesting as deep as the
// lifecycle's check allows, numbers of any size, errors of the types'
// own decoders and an embedded pointer that cannot be set.
func TestDecodeHostile(t *testing.T) {
	st := mustFor(t, diffAll{})
	deep := `{"inp":` + strings.Repeat(`{"p":`, 9990) + `{"a":"x"}` + strings.Repeat(`}`, 9991)
	if !jsonscan.Valid([]byte(deep)) {
		t.Fatal("deep case is not valid JSON")
	}
	var v diffAll
	err := st.DecodeValid(obj(t, deep), &v)
	// The path is clipped: 20,000 bytes per level would hold 100 MB.
	if err == nil || !strings.HasPrefix(err.Error(), "invalid config: ….p.p.p") ||
		!strings.HasSuffix(err.Error(), ".p.p.a: want integer, got string \"x\"") || len(err.Error()) > 600 {
		t.Errorf("deep: %.200v", err)
	}
	for in, want := range map[string]string{
		`{"i":` + strings.Repeat("9", 10000) + `}`: "i: " + show([]byte(strings.Repeat("9", 10000))) + " is out of range for int",
		`{"f64":` + strings.Repeat("9", 400) + `}`: "f64: " + show([]byte(strings.Repeat("9", 400))) + " is out of range for float64",
		`{"text":"bad"}`:                              "text: bad text",
		`{"texts":["a","bad"]}`:                       "texts[1]: bad text",
		`{"own":1,"ownp":{"k":` + deepAny(200) + `}}`: "",
	} {
		var v diffAll
		err := st.DecodeValid(obj(t, in), &v)
		if want == "" && err != nil || want != "" && (err == nil || err.Error() != "invalid config: "+want) {
			t.Errorf("%.80s: %v, want %q", in, err, want)
		}
	}
	type unexportedPtr struct {
		*diffInner
	}
	st2 := mustFor(t, unexportedPtr{})
	var u unexportedPtr
	if err := st2.DecodeValid(obj(t, `{"a":1}`), &u); err == nil || !strings.Contains(err.Error(), "a: cannot set the embedded pointer to unexported struct schema.diffInner") {
		t.Errorf("unexported embedded pointer: %v", err)
	}
	if json.Unmarshal([]byte(`{"a":1}`), &u) == nil {
		t.Error("encoding/json accepts it: the decoder should too")
	}
}

func deepAny(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
