package schema

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

type ruleCmd struct {
	Run     string   `json:"run,omitempty" jsonschema:"requiredWithout=command,excludes=command"`
	Command string   `json:"command,omitempty" jsonschema:"excludes=run"` // the same pair again: stated once
	Args    []string `json:"args,omitempty" jsonschema:"excludes=run,requires=command"`
	Nested  *ruleOpt `json:"nested,omitempty"`
}

type ruleOpt struct {
	A *int  `json:"a,omitempty" jsonschema:"requiredWithout=b,requiredWithout=c"`
	B bool  `json:"b,omitempty"`
	C uint8 `json:"c,omitempty"`
}

func TestRulesDecode(t *testing.T) {
	st := mustFor(t, ruleCmd{})
	for _, tc := range []struct{ in, want string }{
		{`{"run":"id"}`, ""},
		{`{"command":"/x","args":["a"]}`, ""},
		{`{"run":"id","args":[]}`, ""},
		{`{"run":"","command":"/x"}`, ""},
		{`{}`, `run: required unless "command" is given`},
		{`{"run":null,"command":""}`, `run: required unless "command" is given`},
		{`{"run":"id","command":"/x"}`, `run: not allowed together with "command"`},
		{`{"run":"id","args":["a"]}`, `args: not allowed together with "run"; args: needs "command" as well`},
		{`{"run":"id","nested":{}}`, `nested.a: required unless "b" or "c" is given`},
		{`{"run":"id","nested":{"b":false,"c":0}}`, `nested.a: required unless "b" or "c" is given`},
		{`{"run":"id","nested":{"a":0}}`, ""},
		{`{"run":"id","nested":{"c":1}}`, ""},
		{`{"run":"id","nested":null}`, ""},
		// Type problems come first; the rules still judge what is given.
		{`{"run":5}`, `run: want string, got number 5`},
	} {
		var c ruleCmd
		err := st.Decode(obj(t, tc.in), &c)
		got := ""
		if err != nil {
			got = strings.TrimPrefix(err.Error(), "invalid config: ")
		}
		if got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// A rule is checked in nested objects walked in place, too.
	type wrap struct {
		Items []ruleCmd `json:"items"`
	}
	err := mustFor(t, wrap{}).Decode(obj(t, `{"items":[{"run":"id"},{"run":"id","command":"/x"}]}`), &wrap{})
	if err == nil || !strings.Contains(err.Error(), `items[1].run: not allowed together with "command"`) {
		t.Errorf("nested in an array: %v", err)
	}
}

func TestRulesSchema(t *testing.T) {
	st := mustFor(t, ruleOpt{})
	want := `{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"integer"}},"additionalProperties":false,` +
		`"allOf":[{"anyOf":[{"required":["a"],"properties":{"a":{"not":{"type":"null"}}}},{"required":["b"],"properties":{"b":{"const":true}}},{"required":["c"],"properties":{"c":{"type":"number","not":{"const":0}}}}]}]}`
	if got := string(st.Schema()); got != want {
		t.Errorf("Schema:\n got %s\nwant %s", got, want)
	}
	got := string(mustFor(t, ruleCmd{}).Schema())
	for _, part := range []string{
		`{"not":{"allOf":[{"required":["run"],"properties":{"run":{"type":"string","minLength":1}}},{"required":["command"],"properties":{"command":{"type":"string","minLength":1}}}]}}`,
		`{"if":{"required":["args"],"properties":{"args":{"type":"array","minItems":1}}},"then":{"required":["command"]`,
	} {
		if !strings.Contains(got, part) {
			t.Errorf("Schema lacks %s:\n%s", part, got)
		}
	}
	if n := strings.Count(got, `{"not":{"allOf"`); n != 2 { // run/command once, args/run once
		t.Errorf("%d excludes rules, want 2:\n%s", n, got)
	}
	// In a config_schema a nullable object with rules is an anyOf, so that
	// the rules never judge the null.
	doc := string(ConfigDocument([]Branch{{Input: mustFor(t, ruleCmd{})}}))
	if !strings.Contains(doc, `"nested":{"anyOf":[{"type":"null"},{"type":"object"`) {
		t.Errorf("config document:\n%s", doc)
	}
}

func TestRulesTagErrors(t *testing.T) {
	type unknown struct {
		Run     string `json:"run" jsonschema:"excludes=comand"`
		Command string `json:"command"`
	}
	type self struct {
		Run string `json:"run" jsonschema:"requires=run"`
	}
	type structField struct {
		Run  string   `json:"run" jsonschema:"excludes=opts"`
		Opts struct{} `json:"opts"`
	}
	type array struct {
		Run  string `json:"run" jsonschema:"requiredWithout=pair"`
		Pair [2]int `json:"pair"`
	}
	type tm struct {
		At  time.Time `json:"at" jsonschema:"requires=run"`
		Run string    `json:"run"`
	}
	type empty struct {
		Run string `json:"run" jsonschema:"excludes="`
	}
	for _, tc := range []struct {
		v    any
		want string
	}{
		{unknown{}, `excludes=comand: no member "comand" in unknown; did you mean "command"?`},
		{self{}, `requires=run: a field cannot name itself`},
		{structField{}, `excludes=opts: no rule can tell when "opts" (object) is given; make it a pointer`},
		{array{}, `no rule can tell when "pair" (array) is given`},
		{tm{}, `no rule can tell when "at" (string) is given`},
		{empty{}, `excludes needs a member name`},
	} {
		_, err := For(reflect.TypeOf(tc.v))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%T: err %v, want it to contain %s", tc.v, err, tc.want)
		}
	}
	// Pointers make any field ruleable.
	type ptrs struct {
		At   *time.Time `json:"at,omitempty" jsonschema:"requires=opts"`
		Opts *struct{}  `json:"opts,omitempty"`
	}
	if _, err := For(reflect.TypeOf(ptrs{})); err != nil {
		t.Error(err)
	}
}
