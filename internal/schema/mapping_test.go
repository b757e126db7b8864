package schema

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// textual is a type with its own text form: a string in JSON.
type textual struct{ a, b string }

func (t textual) MarshalText() ([]byte, error) { return []byte(t.a + "/" + t.b), nil }
func (t *textual) UnmarshalText(b []byte) error {
	a, c, ok := strings.Cut(string(b), "/")
	if !ok {
		return json.Unmarshal([]byte("x"), new(int)) // any error
	}
	t.a, t.b = a, c
	return nil
}

// custom has its own JSON form, unknown to the schema.
type custom struct{ v int }

func (c custom) MarshalJSON() ([]byte, error) { return json.Marshal(c.v) }

type Level string

// fieldType builds struct{ V <typ> `json:"v" jsonschema:"<tag>"` }.
func fieldType(typ reflect.Type, tag string) reflect.Type {
	st := `json:"v"`
	if tag != "" {
		st += ` jsonschema:` + strconv.Quote(tag)
	}
	return reflect.StructOf([]reflect.StructField{{Name: "V", Type: typ, Tag: reflect.StructTag(st)}})
}

// property returns the schema of member "v" in the schema of t.
func property(t *testing.T, st *Type) string {
	t.Helper()
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(st.Schema(), &doc); err != nil {
		t.Fatalf("schema is not JSON: %v\n%s", err, st.Schema())
	}
	return string(doc.Properties["v"])
}

func TestTypeMapping(t *testing.T) {
	type inner struct {
		A int `json:"a"`
	}
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"string", reflect.TypeFor[string](), `{"type":"string"}`},
		{"named string", reflect.TypeFor[Level](), `{"type":"string"}`},
		{"bool", reflect.TypeFor[bool](), `{"type":"boolean"}`},
		{"int", reflect.TypeFor[int](), `{"type":"integer"}`},
		{"int8", reflect.TypeFor[int8](), `{"type":"integer"}`},
		{"int64", reflect.TypeFor[int64](), `{"type":"integer"}`},
		{"uint", reflect.TypeFor[uint](), `{"type":"integer"}`},
		{"uint16", reflect.TypeFor[uint16](), `{"type":"integer"}`},
		{"uintptr", reflect.TypeFor[uintptr](), `{"type":"integer"}`},
		{"float32", reflect.TypeFor[float32](), `{"type":"number"}`},
		{"float64", reflect.TypeFor[float64](), `{"type":"number"}`},
		{"slice", reflect.TypeFor[[]string](), `{"type":"array","items":{"type":"string"}}`},
		{"array", reflect.TypeFor[[2]int](), `{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2}`},
		{"byte array is numbers", reflect.TypeFor[[4]byte](), `{"type":"array","items":{"type":"integer"},"minItems":4,"maxItems":4}`},
		{"bytes", reflect.TypeFor[[]byte](), `{"type":"string","contentEncoding":"base64"}`},
		{"map", reflect.TypeFor[map[string]int](), `{"type":"object","additionalProperties":{"type":"integer"}}`},
		{"map of named key", reflect.TypeFor[map[Level]bool](), `{"type":"object","additionalProperties":{"type":"boolean"}}`},
		{"map of any", reflect.TypeFor[map[string]any](), `{"type":"object","additionalProperties":{}}`},
		{"map of slices", reflect.TypeFor[map[string][]string](), `{"type":"object","additionalProperties":{"type":"array","items":{"type":"string"}}}`},
		{"pointer", reflect.TypeFor[*string](), `{"type":"string"}`},
		{"pointer to pointer", reflect.TypeFor[**int](), `{"type":"integer"}`},
		{"slice of pointers", reflect.TypeFor[[]*inner](), `{"type":"array","items":{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":false}}`},
		{"struct", reflect.TypeFor[inner](), `{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":false}`},
		{"empty struct", reflect.TypeFor[struct{}](), `{"type":"object","properties":{},"additionalProperties":false}`},
		{"time", reflect.TypeFor[time.Time](), `{"type":"string","format":"date-time"}`},
		{"duration", reflect.TypeFor[time.Duration](), `{"type":"integer"}`},
		{"raw message", reflect.TypeFor[json.RawMessage](), `{}`},
		{"interface", reflect.TypeFor[any](), `{}`},
		{"error interface", reflect.TypeFor[error](), `{}`},
		{"json marshaler", reflect.TypeFor[custom](), `{}`},
		{"text marshaler", reflect.TypeFor[textual](), `{"type":"string"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := For(fieldType(tt.typ, ""))
			if err != nil {
				t.Fatal(err)
			}
			if got := property(t, st); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestTags(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		tag  string
		want string
	}{
		{"description", reflect.TypeFor[string](), "description=URL to request", `{"type":"string","description":"URL to request"}`},
		{"title", reflect.TypeFor[string](), "title=Target", `{"type":"string","title":"Target"}`},
		{"escaped comma", reflect.TypeFor[string](), `description=one\, two\, three,title=T`, `{"type":"string","title":"T","description":"one, two, three"}`},
		{"comma in description", reflect.TypeFor[string](), "description=Nameserver (host:port, e.g. 8.8.8.8:53)", `{"type":"string","description":"Nameserver (host:port, e.g. 8.8.8.8:53)"}`},
		{"commas in description then keywords", reflect.TypeFor[string](), "description=one, two,three,required,title=T, U", `{"type":"string","title":"T, U","description":"one, two,three"}`},
		{"comma in description before default", reflect.TypeFor[int](), "description=seconds, at most 60,default=30,maximum=60", `{"type":"integer","description":"seconds, at most 60","default":30,"maximum":60}`},
		{"comma in pattern", reflect.TypeFor[string](), "pattern=^a{1,3}$,minLength=1", `{"type":"string","minLength":1,"pattern":"^a{1,3}$"}`},
		{"equals in value", reflect.TypeFor[string](), "description=a=b", `{"type":"string","description":"a=b"}`},
		{"quotes and backslashes", reflect.TypeFor[string](), `description=say "hi" \d`, `{"type":"string","description":"say \"hi\" \\d"}`},
		{"string enum", reflect.TypeFor[string](), "enum=GET,enum=POST", `{"type":"string","enum":["GET","POST"]}`},
		{"int enum", reflect.TypeFor[int](), "enum=1,enum=-2", `{"type":"integer","enum":[1,-2]}`},
		{"float enum", reflect.TypeFor[float64](), "enum=0.5,enum=1e3", `{"type":"number","enum":[0.5,1000]}`},
		{"bool enum", reflect.TypeFor[bool](), "enum=true", `{"type":"boolean","enum":[true]}`},
		{"string default", reflect.TypeFor[string](), "default=GET", `{"type":"string","default":"GET"}`},
		{"int default", reflect.TypeFor[int](), "default=200", `{"type":"integer","default":200}`},
		{"uint default", reflect.TypeFor[uint64](), "default=18446744073709551615", `{"type":"integer","default":18446744073709551615}`},
		{"float default", reflect.TypeFor[float32](), "default=0.25", `{"type":"number","default":0.25}`},
		{"bool default", reflect.TypeFor[bool](), "default=true", `{"type":"boolean","default":true}`},
		{"pointer default", reflect.TypeFor[*int](), "default=7", `{"type":"integer","default":7}`},
		{"duration default as integer", reflect.TypeFor[time.Duration](), "default=1000", `{"type":"integer","default":1000}`},
		{"duration default as duration", reflect.TypeFor[time.Duration](), "default=30s", `{"type":"integer","default":30000000000}`},
		{"time default", reflect.TypeFor[time.Time](), "default=2026-02-11T10:00:00Z", `{"type":"string","format":"date-time","default":"2026-02-11T10:00:00Z"}`},
		{"bytes default", reflect.TypeFor[[]byte](), "default=aGk=", `{"type":"string","contentEncoding":"base64","default":"aGk="}`},
		{"text default", reflect.TypeFor[textual](), "default=a/b", `{"type":"string","default":"a/b"}`},
		{"examples", reflect.TypeFor[int](), "example=1,example=2", `{"type":"integer","examples":[1,2]}`},
		{"numeric bounds", reflect.TypeFor[int](), "minimum=1,maximum=65535", `{"type":"integer","minimum":1,"maximum":65535}`},
		{"exclusive bounds", reflect.TypeFor[float64](), "exclusiveMaximum=1,exclusiveMinimum=0", `{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":1}`},
		{"string keywords", reflect.TypeFor[string](), "minLength=1,maxLength=10,pattern=^a.*$,format=uri", `{"type":"string","format":"uri","minLength":1,"maxLength":10,"pattern":"^a.*$"}`},
		{"pattern with escaped comma", reflect.TypeFor[string](), `pattern=^a{1\,3}$`, `{"type":"string","pattern":"^a{1,3}$"}`},
		{"array keywords", reflect.TypeFor[[]string](), "minItems=1,maxItems=3,description=names", `{"type":"array","items":{"type":"string"},"description":"names","minItems":1,"maxItems":3}`},
		{"array item keywords", reflect.TypeFor[[]string](), "enum=a,enum=b,minLength=1,format=hostname", `{"type":"array","items":{"type":"string","format":"hostname","enum":["a","b"],"minLength":1}}`},
		{"array item bounds", reflect.TypeFor[[]int](), "minimum=0", `{"type":"array","items":{"type":"integer","minimum":0}}`},
		{"array default", reflect.TypeFor[[]string](), "default=a,default=b", `{"type":"array","items":{"type":"string"},"default":["a","b"]}`},
		{"fixed array narrows maxItems", reflect.TypeFor[[3]int](), "minItems=1,maxItems=5", `{"type":"array","items":{"type":"integer"},"minItems":3,"maxItems":3}`},
		{"object description", reflect.TypeFor[map[string]string](), "description=labels", `{"type":"object","additionalProperties":{"type":"string"},"description":"labels"}`},
		{"any description", reflect.TypeFor[any](), "title=Anything", `{"title":"Anything"}`},
		{"required adds nothing to the property", reflect.TypeFor[string](), "required", `{"type":"string"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := For(fieldType(tt.typ, tt.tag))
			if err != nil {
				t.Fatal(err)
			}
			if got := property(t, st); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRequired(t *testing.T) {
	type T struct {
		A string `json:"a" jsonschema:"required"`
		B string `json:"b"`
		C string `json:"c,omitempty" jsonschema:"required,description=x"`
		D *int   `json:"d" jsonschema:"required"`
	}
	st := mustFor(t, T{})
	var doc struct {
		Required []string `json:"required"`
	}
	if err := json.Unmarshal(st.Document(), &doc); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc.Required, []string{"a", "c", "d"}) {
		t.Errorf("required = %q", doc.Required)
	}
	type none struct {
		A string `json:"a"`
	}
	if s := string(mustFor(t, none{}).Schema()); strings.Contains(s, "required") {
		t.Errorf("no field is required, but the schema says %s", s)
	}
}

func TestForErrors(t *testing.T) {
	type bad struct {
		C chan int `json:"c"`
	}
	type outer struct {
		Inner struct {
			Deep []bad `json:"deep"`
		} `json:"inner"`
	}
	tests := []struct {
		name string
		typ  reflect.Type
		want string // substring of the error
	}{
		{"chan", fieldType(reflect.TypeFor[chan int](), ""), ".V: unsupported type chan int"},
		{"func", fieldType(reflect.TypeFor[func()](), ""), ".V: unsupported type func()"},
		{"complex", fieldType(reflect.TypeFor[complex128](), ""), ".V: unsupported type complex128"},
		{"unsafe pointer", fieldType(reflect.TypeFor[unsafe.Pointer](), ""), ".V: unsupported type unsafe.Pointer"},
		{"int map keys", fieldType(reflect.TypeFor[map[int]string](), ""), ".V: unsupported type map[int]string: map keys must be strings"},
		{"nested path", reflect.TypeFor[outer](), "outer.Inner.Deep[].C: unsupported type chan int"},
		{"root not an object", reflect.TypeFor[int](), "int is not a struct or a map with string keys"},
		{"root slice", reflect.TypeFor[[]string](), "is not a struct"},
		{"unknown keyword", fieldType(reflect.TypeFor[string](), "requird"), `unknown keyword "requird"`},
		{"comma in an enum value", fieldType(reflect.TypeFor[string](), "enum=a,b"), `unknown keyword "b"`},
		{"comma in description then a bad keyword value", fieldType(reflect.TypeFor[int](), "description=wait, then,default=soon"), "default=soon: want an integer"},
		{"unknown format", fieldType(reflect.TypeFor[string](), "format=url"), "format=url: unknown format; supported: date-time, date, time, email, hostname, ipv4, ipv6, uri"},
		{"unknown keyword with value", fieldType(reflect.TypeFor[string](), "maxlength=3"), `unknown keyword "maxlength"`},
		{"required with value", fieldType(reflect.TypeFor[string](), "required=true"), "required takes no value"},
		{"default not an int", fieldType(reflect.TypeFor[int](), "default=abc"), "default=abc: want an integer"},
		{"default fraction for int", fieldType(reflect.TypeFor[int](), "default=1.5"), "default=1.5: want an integer"},
		{"default overflows int8", fieldType(reflect.TypeFor[int8](), "default=300"), "default=300: 300 is out of range for int8 (-128 to 127)"},
		{"default negative uint", fieldType(reflect.TypeFor[uint](), "default=-1"), "default=-1: -1 is out of range for uint"},
		{"default not a bool", fieldType(reflect.TypeFor[bool](), "default=yes"), "default=yes: want true or false"},
		{"default not a float", fieldType(reflect.TypeFor[float64](), "default=NaN"), "default=NaN: want a number"},
		{"default not a time", fieldType(reflect.TypeFor[time.Time](), "default=today"), "want an RFC 3339 date-time"},
		{"default not base64", fieldType(reflect.TypeFor[[]byte](), "default=!!"), "want standard base64"},
		{"default on object", fieldType(reflect.TypeFor[map[string]int](), "default=x"), "values does not apply to object fields"},
		{"twice default", fieldType(reflect.TypeFor[string](), "default=a,default=b"), "default given twice"},
		{"bad array default item", fieldType(reflect.TypeFor[[]int](), "default=1,default=x"), "default=1,x: want an integer"},
		{"enum of wrong type", fieldType(reflect.TypeFor[int](), "enum=1,enum=two"), "enum=two: want an integer"},
		{"enum on struct", fieldType(reflect.TypeFor[struct{}](), "enum=x"), "values does not apply to object fields"},
		{"enum on any", fieldType(reflect.TypeFor[any](), "enum=x"), "values does not apply to any value fields"},
		{"default outside enum", fieldType(reflect.TypeFor[string](), "enum=GET,default=PUT"), `default "PUT" breaks the field's own rules: invalid config: v: "PUT" is not one of "GET"`},
		{"default below minimum", fieldType(reflect.TypeFor[int](), "minimum=1,default=0"), "v: 0 is less than the minimum 1"},
		{"default too short", fieldType(reflect.TypeFor[string](), "minLength=2,default=a"), `v: "a" is too short`},
		{"default against pattern", fieldType(reflect.TypeFor[string](), "pattern=^a,default=b"), `v: "b" does not match the pattern ^a`},
		{"array default item outside enum", fieldType(reflect.TypeFor[[]string](), "enum=a,default=b"), `v[0]: "b" is not one of "a"`},
		{"array default too long", fieldType(reflect.TypeFor[[]string](), "maxItems=1,default=a,default=b"), "v: has 2 items, want at most 1"},
		{"example outside bounds", fieldType(reflect.TypeFor[int](), "maximum=5,example=9"), "example 9 breaks the field's own rules"},
		{"example of wrong type", fieldType(reflect.TypeFor[int](), "example=x"), "example=x: want an integer"},
		{"example on array", fieldType(reflect.TypeFor[[]int](), "example=1"), "example does not apply to an array field"},
		{"minimum on string", fieldType(reflect.TypeFor[string](), "minimum=1"), "minimum does not apply to string"},
		{"minimum not a number", fieldType(reflect.TypeFor[float64](), "minimum=x"), "minimum=x: want a number"},
		{"maximum fraction on int", fieldType(reflect.TypeFor[int](), "maximum=1.5"), "maximum=1.5: want an integer"},
		{"minLength on int", fieldType(reflect.TypeFor[int](), "minLength=1"), "minLength does not apply to integer"},
		{"minLength negative", fieldType(reflect.TypeFor[string](), "minLength=-1"), "minLength=-1: want a non-negative integer"},
		{"pattern on bool", fieldType(reflect.TypeFor[bool](), "pattern=x"), "pattern does not apply to boolean"},
		{"format on time", fieldType(reflect.TypeFor[time.Time](), "format=date"), "format does not apply to string"},
		{"bad pattern", fieldType(reflect.TypeFor[string](), "pattern=(a"), "pattern=(a: missing ) at offset 2"},
		{"pattern outside the subset", fieldType(reflect.TypeFor[string](), `pattern=\bword\b`), `pattern=\bword\b: unsupported escape \b at offset 2`},
		{"minItems on string", fieldType(reflect.TypeFor[string](), "minItems=1"), "minItems does not apply to string"},
		{"maxItems not a number", fieldType(reflect.TypeFor[[]int](), "maxItems=many"), "maxItems=many: want a non-negative integer"},
		{"items keyword on nested array", fieldType(reflect.TypeFor[[][]string](), "minLength=1"), "minLength does not apply to array"},
		{"string option", reflect.TypeFor[struct {
			N int `json:"n,string"`
		}](), `the json ",string" option is not supported`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := For(tt.typ)
			if err == nil {
				t.Fatalf("For succeeded: %s", st.Schema())
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "schema: ") {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
			// The error is cached, too.
			if _, err2 := For(tt.typ); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("second For: %v", err2)
			}
		})
	}
	if _, err := For(nil); err == nil {
		t.Error("For(nil) succeeded")
	}
}

type Base struct {
	ID   string `json:"id" jsonschema:"required"`
	Note string `json:"note"`
}

type Extra struct {
	Note  string `json:"note"`
	Level int    `json:"level"`
}

type tagged struct {
	Name string `json:"name"`
}

type lower struct {
	Hidden string `json:"hidden"`
}

func TestJSONNames(t *testing.T) {
	type T struct {
		Plain   string
		Renamed string `json:"renamed_field"`
		Omit    string `json:"omit,omitempty"`
		Skipped string `json:"-"`
		//lint:ignore SA5008 "-," names the member "-", as encoding/json documents.
		Dash      string `json:"-,"`
		SkipAlso  string `jsonschema:"-"`
		unexp     string //nolint:unused
		OnlyOpts  int    `json:",omitempty"`
		*Base            // promoted through a pointer
		Extra            // note collides with Base.note at the same depth: both hidden
		Named     tagged `json:"named"`
		lower            // unexported embedded struct: fields still promoted
		Last      bool   `json:"last"`
		Shadowing string `json:"level"` // shallower than Extra.level: wins
	}
	_ = T{}.unexp
	st := mustFor(t, T{})
	// In Go index order: Shadowing, the last field, wins "level" over Extra.Level.
	want := []string{"Plain", "renamed_field", "omit", "-", "OnlyOpts", "id", "named", "hidden", "last", "level"}
	if got := st.Fields(); !reflect.DeepEqual(got, want) {
		t.Errorf("Fields = %q\nwant     %q", got, want)
	}
	// The names agree with encoding/json's.
	v := T{Plain: "p", Renamed: "r", Omit: "o", Dash: "d", OnlyOpts: 1, Base: &Base{ID: "i", Note: "n"},
		Extra: Extra{Note: "n2", Level: 3}, Named: tagged{"x"}, lower: lower{"h"}, Last: true, Shadowing: "s"}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	// jsonschema:"-" hides a field from the schema only.
	if _, ok := m["SkipAlso"]; !ok {
		t.Errorf("encoding/json lost SkipAlso: %s", b)
	}
	delete(m, "SkipAlso")
	if len(m) != len(want) {
		t.Errorf("encoding/json has %d members, schema %d: %s", len(m), len(want), b)
	}
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("encoding/json has no member %q: %s", k, b)
		}
	}
	// Tagged beats untagged at the same depth.
	type U struct {
		Extra
		Other struct {
			Note string
		}
	}
	if got := mustFor(t, U{}).Fields(); !reflect.DeepEqual(got, []string{"note", "level", "Other"}) {
		t.Errorf("Fields = %q", got)
	}
	type V struct {
		tagged
		Alias struct{ Name string } `json:"alias"`
	}
	if got := mustFor(t, V{}).Fields(); !reflect.DeepEqual(got, []string{"name", "alias"}) {
		t.Errorf("Fields = %q", got)
	}
	type W struct {
		A1 struct {
			Name string
		}
		tagged `json:"t"` // named embedded struct: not promoted
	}
	if got := mustFor(t, W{}).Fields(); !reflect.DeepEqual(got, []string{"A1", "t"}) {
		t.Errorf("Fields = %q", got)
	}
}

func TestMapRoot(t *testing.T) {
	st, err := For(reflect.TypeFor[map[string]int]())
	if err != nil {
		t.Fatal(err)
	}
	if got := string(st.Schema()); got != `{"type":"object","additionalProperties":{"type":"integer"}}` {
		t.Errorf("Schema = %s", got)
	}
	if st.Fields() != nil {
		t.Errorf("Fields = %q", st.Fields())
	}
	var m map[string]int
	if err := st.Decode(obj(t, `{"b":2,"a":1}`), &m); err != nil || m["a"] != 1 || m["b"] != 2 {
		t.Errorf("Decode: %v %v", m, err)
	}
	err = st.Decode(obj(t, `{"b":"x","a":1.5}`), &m)
	if err == nil || err.Error() != `invalid config: a: want integer, got number 1.5; b: want integer, got string "x"` {
		t.Errorf("Decode: %v", err)
	}
}

func TestPointerTypeIsDereferenced(t *testing.T) {
	a, err := For(reflect.TypeFor[*HTTPConfig]())
	if err != nil {
		t.Fatal(err)
	}
	if b := mustFor(t, HTTPConfig{}); a != b {
		t.Error("For(*T) and For(T) differ")
	}
}
