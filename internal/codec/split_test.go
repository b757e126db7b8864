package codec

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestSplitObject(t *testing.T) {
	for _, in := range []string{
		`{}`, ` { } `, `{"a":1}`, `{"a":"x,}]","b":[1,{"c":"]"}],"d":{"e":null}}`,
		"{\n\t\"a\" :\ttrue ,\r\n\"b\": -1.5e3 }", `{"a\"b":1,"\u00e9":2}`, `{"a":1,"a":2}`,
		`{"a":"\\"}`, `{"a":[]}`, `{"a":{}}`, `{"a":"\\\"}"}`,
	} {
		var want map[string]json.RawMessage
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		got, err := SplitObject([]byte(in))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("SplitObject(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`[]`, `"x"`, `1`, `null`, ``, `{`, `{"a"}`, `{"a":1,}`, `{"a":1} x`, `{"a":1 "b":2}`} {
		if _, err := SplitObject([]byte(in)); err == nil {
			t.Errorf("SplitObject(%s) succeeded", in)
		}
	}
}

func FuzzSplitObject(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":"x,}]","b":[1,{"c":"]"}]}`, `{"a\"b":1}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !json.Valid([]byte(in)) {
			return
		}
		var want map[string]json.RawMessage
		wantErr := json.Unmarshal([]byte(in), &want)
		got, err := SplitObject([]byte(in))
		if (err != nil) != (wantErr != nil || want == nil) {
			t.Fatalf("SplitObject(%q) err %v, json.Unmarshal err %v (%v)", in, err, wantErr, want)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("SplitObject(%q) = %q, want %q", in, got, want)
		}
	})
}

func BenchmarkSplitObject(b *testing.B) {
	in := []byte(`{"service":"probe","operation":"limit","n":4,"url":"https://example.com"}`)
	b.Run("split", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SplitObject(in)
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var m map[string]json.RawMessage
			json.Unmarshal(in, &m)
		}
	})
}
