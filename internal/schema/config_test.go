package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

type cdConfig struct {
	Host    string `json:"host,omitempty" jsonschema:"format=hostname"`
	Verbose bool   `json:"verbose,omitempty"`
}

type cdInput struct {
	Host  string `json:"host" jsonschema:"required,minLength=1"`
	Port  uint16 `json:"port,omitempty" jsonschema:"enum=80,enum=443"`
	Tree  *Node  `json:"tree,omitempty"`
	Count int8   `json:"count,omitempty" jsonschema:"minimum=-1000"`
}

func TestConfigDocument(t *testing.T) {
	in := mustFor(t, cdInput{})
	cfg := mustFor(t, cdConfig{})
	one := string(ConfigDocument([]Branch{{Title: "a/b", Input: in, Config: cfg,
		Keys: []RouteKey{{"service", "a"}, {"operation", "b"}}}}))
	if !json.Valid([]byte(one)) {
		t.Fatalf("not JSON: %s", one)
	}
	for _, want := range []string{
		`"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","title":"a/b"`,
		`"service":{"const":"a"},"operation":{"const":"b"}`,
		// A member of both: each type's schema must hold.
		`"host":{"allOf":[{"type":"string","minLength":1},{"type":["string","null"],"format":"hostname"}]}`,
		// Optional: null allowed, also in the enum; the Go range.
		`"port":{"type":["integer","null"],"enum":[80,443,null],"minimum":0,"maximum":65535}`,
		// The tag's minimum is looser than int8's range.
		`"count":{"type":["integer","null"],"minimum":-128,"maximum":127}`,
		// A recursive type lives in $defs; a nullable reference is wrapped.
		`"tree":{"anyOf":[{"type":"null"},{"$ref":"#/$defs/Node"}]}`,
		`"$defs":{"Node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":["array","null"],"items":{"$ref":"#/$defs/Node"}}}`,
		`"verbose":{"type":["boolean","null"]}`,
		`"required":["host"],"additionalProperties":false`,
	} {
		if !strings.Contains(one, want) {
			t.Errorf("document lacks %s\n%s", want, one)
		}
	}
	if strings.Contains(one, "oneOf") {
		t.Errorf("one branch needs no oneOf: %s", one)
	}

	two := string(ConfigDocument([]Branch{
		{Title: "a/b", Input: in, Keys: []RouteKey{{"service", "a"}, {"operation", "b"}}, Require: []string{"operation"}},
		{Title: "c/d", Input: cfg, Keys: []RouteKey{{"service", "c"}, {"operation", "d"}}, RequireOne: true},
	}))
	for _, want := range []string{
		`"properties":{"service":{"type":"string","enum":["a","c"]},"operation":{"type":"string","enum":["b","d"]}},"oneOf":[{"title":"a/b"`,
		`"required":["operation","host"]`,
		`"anyOf":[{"required":["service"]},{"required":["operation"]}]`,
	} {
		if !strings.Contains(two, want) {
			t.Errorf("document lacks %s\n%s", want, two)
		}
	}
	// The input's own schema is untouched by the exact mode.
	if s := string(in.Schema()); strings.Contains(s, "null") || strings.Contains(s, "65535") {
		t.Errorf("input schema changed: %s", s)
	}
}
