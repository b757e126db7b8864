package schema

import (
	"encoding/json"
	"reflect"
	"testing"
)

// BenchmarkFor builds the schema of a representative config type (23
// fields: nested structs, slices, maps, pointers, tags of every kind)
// without the cache.
func BenchmarkFor(b *testing.B) {
	typ := reflect.TypeFor[Probe]()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := build(typ); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecode validates and decodes the seed README's 4-field config,
// three of whose fields come from defaults.
func BenchmarkDecode(b *testing.B) {
	st, err := For(reflect.TypeFor[HTTPConfig]())
	if err != nil {
		b.Fatal(err)
	}
	in := map[string]json.RawMessage{"url": json.RawMessage(`"https://example.com"`)}
	b.ReportAllocs()
	for b.Loop() {
		var c HTTPConfig
		if err := st.Decode(in, &c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeBaseline is the reference for BenchmarkDecode: splitting
// the same config into members, as the caller of Decode does, plus
// encoding/json decoding it into the struct with no validation or defaults.
func BenchmarkDecodeBaseline(b *testing.B) {
	in := []byte(`{"url":"https://example.com"}`)
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(in, &m); err != nil {
			b.Fatal(err)
		}
		var c HTTPConfig
		if err := json.Unmarshal(in, &c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDocument returns the (cached) document of the representative
// type; the uncached variant measures encoding it.
func BenchmarkDocument(b *testing.B) {
	st, err := For(reflect.TypeFor[Probe]())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = st.Document()
		}
	})
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = encodeDocument(st.root)
		}
	})
}

// FuzzDecode checks that Decode never panics, and that what it accepts
// survives a round trip: the decoded value, marshaled again, is accepted.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"url":"https://x","must":1}`,
		`{"url":"https://x","must":1,"tls":{"min_version":"1.3"},"headers":[{"name":"a"}],"labels":{"a":"b"}}`,
		`{"url":"http://","must":-3,"tags":["a"],"pair":[1,2],"since":"2026-02-11T10:00:00Z","extra":[null]}`,
		`{"url":1,"port":"x","zzz":null}`,
		`{"url":"https://x","must":1,"ratio":0.5,"small":3.4e38,"count":65535,"retries":-128}`,
	} {
		f.Add(s)
	}
	st, err := For(reflect.TypeFor[Probe]())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var m map[string]json.RawMessage
		if json.Unmarshal([]byte(in), &m) != nil {
			return
		}
		var p Probe
		if st.Decode(m, &p) != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal %+v: %v", p, err)
		}
		var m2 map[string]json.RawMessage
		if err := json.Unmarshal(out, &m2); err != nil {
			t.Fatal(err)
		}
		var p2 Probe
		if err := st.Decode(m2, &p2); err != nil {
			t.Fatalf("accepted %s, decoded to %s, which is rejected: %v", in, out, err)
		}
	})
}
