package schema

import (
	"encoding/json"
	"reflect"
	"testing"
)

// HTTPConfig is the seed README's config type, verbatim.
type HTTPConfig struct {
	URL            string `json:"url" jsonschema:"required,description=URL to request"`
	Method         string `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
	ExpectedStatus int    `json:"expected_status,omitempty" jsonschema:"default=200"`
	TimeoutSeconds int    `json:"timeout_seconds,omitempty" jsonschema:"default=30"`
}

func mustFor(t testing.TB, v any) *Type {
	t.Helper()
	st, err := For(reflect.TypeOf(v))
	if err != nil {
		t.Fatalf("For(%T): %v", v, err)
	}
	return st
}

func obj(t testing.TB, js string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatalf("bad test input %s: %v", js, err)
	}
	return m
}

func TestHTTPConfigSmoke(t *testing.T) {
	st := mustFor(t, HTTPConfig{})
	want := `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"url":{"type":"string","description":"URL to request"},"method":{"type":"string","enum":["GET","POST"],"default":"GET"},"expected_status":{"type":"integer","default":200},"timeout_seconds":{"type":"integer","default":30}},"required":["url"],"additionalProperties":false}`
	if got := string(st.Document()); got != want {
		t.Errorf("Document:\n got %s\nwant %s", got, want)
	}
	if got, want := string(st.Schema()), `{"type":"object",`; got[:len(want)] != want {
		t.Errorf("Schema starts %q", got[:len(want)])
	}
	if got := st.Fields(); !reflect.DeepEqual(got, []string{"url", "method", "expected_status", "timeout_seconds"}) {
		t.Errorf("Fields = %q", got)
	}
	var c HTTPConfig
	if err := st.Decode(obj(t, `{"url":"https://example.com"}`), &c); err != nil {
		t.Fatal(err)
	}
	if c != (HTTPConfig{"https://example.com", "GET", 200, 30}) {
		t.Errorf("decoded %+v", c)
	}
	err := st.Decode(obj(t, `{"urll":"x","method":"PUT"}`), &c)
	const msg = `invalid config: url: required field is missing; method: "PUT" is not one of "GET", "POST"; urll: unknown field; did you mean "url"?`
	if err == nil || err.Error() != msg {
		t.Errorf("err = %v\nwant %s", err, msg)
	}
}
