package exampletest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		want, got string
		ok        bool
		path      string
	}{
		{`{"a":1}`, `{"a":1,"b":2}`, true, ""},
		{`{"a":1}`, `{"a":2}`, false, "$.a"},
		{`{"a":{"b":[1,2]}}`, `{"a":{"b":[1,2],"c":3}}`, true, ""},
		{`{"a":[1]}`, `{"a":[1,2]}`, false, "$.a"},
		{`{"a":"x"}`, `{}`, false, "$.a"},
		// The case: a field the example leaves out (encoded as its
		// zero value) is not compared.
		{`{"status_code":200,"url":"u","duration_ms":0}`, `{"status_code":200,"url":"u","duration_ms":17}`, true, ""},
		{`{"a":0,"b":"","c":false,"d":null,"e":[],"f":{},"g":{"h":0,"i":{"j":""}}}`, `{}`, true, ""},
		{`{"a":0,"b":"x"}`, `{"b":"y"}`, false, "$.b"},
		// A set member of a nested object is compared; its zero siblings are not.
		{`{"tls":{"version":"TLS 1.3","days":0}}`, `{"tls":{"version":"TLS 1.2","days":30}}`, false, "$.tls.version"},
		{`{"tls":{"version":"TLS 1.3","days":0}}`, `{"tls":{"version":"TLS 1.3","days":30}}`, true, ""},
		// Array elements are positions: a zero element is compared.
		{`{"a":[0,1]}`, `{"a":[5,1]}`, false, "$.a[0]"},
		{`{"a":[{"x":1,"y":0}]}`, `{"a":[{"x":1,"y":9}]}`, true, ""},
		{`{"a":true}`, `{"a":"true"}`, false, "$.a"},
		{`{"a":{"b":1}}`, `{"a":[1]}`, false, "$.a"},
	} {
		var w, g any
		if json.Unmarshal([]byte(tc.want), &w) != nil || json.Unmarshal([]byte(tc.got), &g) != nil {
			t.Fatalf("bad case %s %s", tc.want, tc.got)
		}
		path, ok := Match(w, g)
		if ok != tc.ok || path != tc.path {
			t.Errorf("Match(%s, %s) = %q, %v; want %q, %v", tc.want, tc.got, path, ok, tc.path, tc.ok)
		}
	}
}

func TestCheck(t *testing.T) {
	success := func(data map[string]any) *entities.Result { return entities.ResultSuccess("ok", data) }
	failure := entities.ResultFailure("version 1.1.0 is older than 1.2.0", map[string]any{"version": "1.1.0"})
	errRes := entities.ResultError(entities.NewErrorDetail("network", "request failed: http_request: connection refused"))
	for _, tc := range []struct {
		name    string
		ex      entities.ExampleInfo
		res     *entities.Result
		problem string // "" for a pass, else a substring of the problem
	}{
		{"output subset", entities.ExampleInfo{ExpectedOutput: json.RawMessage(`{"status_code":200,"duration_ms":0}`)},
			success(map[string]any{"status_code": 200, "duration_ms": 12}), ""},
		{"output differs", entities.ExampleInfo{ExpectedOutput: json.RawMessage(`{"status_code":200}`)},
			success(map[string]any{"status_code": 503}), "output differs at $.status_code: got {\"status_code\":503}"},
		{"no expectation", entities.ExampleInfo{}, success(nil), ""},
		{"null expectation", entities.ExampleInfo{ExpectedOutput: json.RawMessage(`null`)}, success(nil), ""},
		{"success wanted", entities.ExampleInfo{}, errRes, "status error: request failed"},
		{"error met", entities.ExampleInfo{ExpectedError: "connection refused"}, errRes, ""},
		{"failure meets an error", entities.ExampleInfo{ExpectedError: "older than"}, failure, ""},
		{"failure and its output", entities.ExampleInfo{ExpectedError: "older than", ExpectedOutput: json.RawMessage(`{"version":"1.0.0"}`)},
			failure, "output differs at $.version"},
		{"error message differs", entities.ExampleInfo{ExpectedError: "timeout"}, errRes, `want an error containing "timeout", got error "request failed`},
		{"error wanted", entities.ExampleInfo{ExpectedError: "x"}, success(nil), "got success"},
		{"nil", entities.ExampleInfo{}, nil, "no Result"},
		{"bad expectation", entities.ExampleInfo{ExpectedOutput: json.RawMessage(`{`)}, success(nil), "not JSON"},
	} {
		got := Check(tc.ex, tc.res)
		if (tc.problem == "") != (got == "") || !strings.Contains(got, tc.problem) {
			t.Errorf("%s: Check = %q, want %q", tc.name, got, tc.problem)
		}
	}
}

func TestConfig(t *testing.T) {
	b, err := Config("dns", "resolve", entities.ExampleInfo{Input: json.RawMessage(`{"hostname":"a.test","operation":"x"}`)})
	if err != nil || string(b) != `{"hostname":"a.test","operation":"resolve","service":"dns"}` {
		t.Fatalf("Config = %s, %v", b, err)
	}
	for _, in := range []string{`[1]`, `null`, `"x"`, ``} {
		if _, err := Config("s", "o", entities.ExampleInfo{Name: "bad", Input: json.RawMessage(in)}); err == nil || !strings.Contains(err.Error(), `example "bad"`) {
			t.Errorf("input %q: %v", in, err)
		}
	}
}
