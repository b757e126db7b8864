package schema

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

type TLS struct {
	MinVersion string `json:"min_version,omitempty" jsonschema:"enum=1.2,enum=1.3,default=1.2"`
	Verify     bool   `json:"verify,omitempty" jsonschema:"default=true"`
	ServerName string `json:"server_name,omitempty"`
}

type Header struct {
	Name  string `json:"name" jsonschema:"required,minLength=1"`
	Value string `json:"value,omitempty" jsonschema:"default=x"`
}

type Probe struct {
	URL      string            `json:"url" jsonschema:"required,format=uri,pattern=^https?://"`
	Method   string            `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
	Port     int               `json:"port,omitempty" jsonschema:"minimum=1,maximum=65535,default=443"`
	Ratio    float64           `json:"ratio,omitempty" jsonschema:"exclusiveMinimum=0,exclusiveMaximum=1"`
	Retries  int8              `json:"retries,omitempty"`
	Count    uint16            `json:"count,omitempty"`
	Small    float32           `json:"small,omitempty"`
	Name     string            `json:"name,omitempty" jsonschema:"minLength=2,maxLength=5"`
	Tags     []string          `json:"tags,omitempty" jsonschema:"minItems=1,maxItems=2,enum=a,enum=b"`
	Pair     [2]int            `json:"pair,omitempty"`
	Headers  []Header          `json:"headers,omitempty"`
	Labels   map[string]string `json:"labels,omitempty" jsonschema:"description=free-form labels"`
	Limits   map[string]int    `json:"limits,omitempty"`
	TLS      TLS               `json:"tls"`
	Proxy    *TLS              `json:"proxy,omitempty"`
	Timeout  time.Duration     `json:"timeout,omitempty" jsonschema:"default=30s"`
	Since    time.Time         `json:"since,omitempty"`
	Body     []byte            `json:"body,omitempty"`
	Extra    any               `json:"extra,omitempty"`
	Raw      json.RawMessage   `json:"raw,omitempty"`
	Verbose  bool              `json:"verbose,omitempty"`
	Optional *string           `json:"optional,omitempty" jsonschema:"default=dflt"`
	Must     *int              `json:"must,omitempty" jsonschema:"required"`
}

func TestDecodeProblems(t *testing.T) {
	st := mustFor(t, Probe{})
	const base = `"url":"https://x","must":1`
	tests := []struct {
		name, in string
		want     []string // "path: message"
	}{
		{"missing required", `{"must":1}`, []string{"url: required field is missing"}},
		{"null required", `{"url":null,"must":1}`, []string{"url: required field is missing"}},
		{"null required pointer", `{"url":"https://x","must":null}`, []string{"must: required field is null"}},
		{"string for integer", `{` + base + `,"port":"abc"}`, []string{`port: want integer, got string "abc"`}},
		{"fraction for integer", `{` + base + `,"port":1.5}`, []string{"port: want integer, got number 1.5"}},
		{"fraction in exponent form for integer", `{` + base + `,"port":15e-1}`, []string{"port: want integer, got number 15e-1"}},
		{"huge exponent for integer", `{` + base + `,"port":1e400}`, []string{"port: 1e400 is out of range for int"}},
		{"integral value out of range", `{` + base + `,"retries":1.28e2}`, []string{"retries: 128 is out of range for int8 (-128 to 127)"}},
		{"int8 overflow", `{` + base + `,"retries":128}`, []string{"retries: 128 is out of range for int8 (-128 to 127)"}},
		{"int8 underflow", `{` + base + `,"retries":-129}`, []string{"retries: -129 is out of range for int8 (-128 to 127)"}},
		{"negative uint", `{` + base + `,"count":-1}`, []string{"count: -1 is out of range for uint16 (0 to 65535)"}},
		{"beyond 64 bits", `{` + base + `,"port":123456789012345678901234}`, []string{"port: 123456789012345678901234 is out of range for int"}},
		{"float32 overflow", `{` + base + `,"small":1e39}`, []string{"small: 1e39 is out of range for float32"}},
		{"bool for number", `{` + base + `,"ratio":true}`, []string{"ratio: want number, got boolean true"}},
		{"number for string", `{"url":5,"must":1}`, []string{"url: want string, got number 5"}},
		{"object for string", `{"url":{"a":1},"must":1}`, []string{"url: want string, got object"}},
		{"string for bool", `{` + base + `,"verbose":"yes"}`, []string{`verbose: want boolean, got string "yes"`}},
		{"string for array", `{` + base + `,"tags":"a"}`, []string{`tags: want array, got string "a"`}},
		{"array for object", `{` + base + `,"tls":[]}`, []string{"tls: want object, got array"}},
		{"array for map", `{` + base + `,"labels":[1]}`, []string{"labels: want object, got array"}},
		{"enum", `{` + base + `,"method":"PUT"}`, []string{`method: "PUT" is not one of "GET", "POST"`}},
		{"minimum", `{` + base + `,"port":0}`, []string{"port: 0 is less than the minimum 1"}},
		{"maximum", `{` + base + `,"port":70000}`, []string{"port: 70000 is greater than the maximum 65535"}},
		{"exclusive minimum", `{` + base + `,"ratio":0}`, []string{"ratio: 0 must be greater than 0"}},
		{"exclusive maximum", `{` + base + `,"ratio":1.0}`, []string{"ratio: 1.0 must be less than 1"}},
		{"pattern", `{"url":"ftp://x","must":1}`, []string{`url: "ftp://x" does not match the pattern ^https?://`}},
		{"min length", `{` + base + `,"name":"é"}`, []string{`name: "é" is too short: 1 character, want at least 2`}},
		{"max length counts characters", `{` + base + `,"name":"éééééé"}`, []string{`name: "éééééé" is too long: 6 characters, want at most 5`}},
		{"max length passes on characters", `{` + base + `,"name":"ééééé"}`, nil},
		{"min items", `{` + base + `,"tags":[]}`, []string{"tags: has 0 items, want at least 1"}},
		{"max items", `{` + base + `,"tags":["a","b","a"]}`, []string{"tags: has 3 items, want at most 2"}},
		{"item enum", `{` + base + `,"tags":["a","c"]}`, []string{`tags[1]: "c" is not one of "a", "b"`}},
		{"fixed array length", `{` + base + `,"pair":[1]}`, []string{"pair: has 1 item, want at least 2"}},
		{"fixed array items", `{` + base + `,"pair":[1,"x",3]}`, []string{"pair: has 3 items, want at most 2", `pair[1]: want integer, got string "x"`}},
		{"nested object", `{` + base + `,"tls":{"min_version":"1.0","verify":"no"}}`, []string{
			`tls.min_version: "1.0" is not one of "1.2", "1.3"`, `tls.verify: want boolean, got string "no"`}},
		{"nested unknown", `{` + base + `,"tls":{"servername":"x"}}`, []string{`tls.servername: unknown field; did you mean "server_name"?`}},
		{"pointer to struct", `{` + base + `,"proxy":{"min_version":1.2}}`, []string{"proxy.min_version: want string, got number 1.2"}},
		{"array of objects", `{` + base + `,"headers":[{"name":"a"},{"name":"b"},{"value":"v"}]}`, []string{"headers[2].name: required field is missing"}},
		{"array item constraints", `{` + base + `,"headers":[{"name":""}]}`, []string{`headers[0].name: "" is too short: 0 characters, want at least 1`}},
		{"array item not an object", `{` + base + `,"headers":[1]}`, []string{"headers[0]: want object, got number 1"}},
		{"map values", `{` + base + `,"labels":{"env":1,"a.b":true}}`, []string{`labels["a.b"]: want string, got boolean true`, "labels.env: want string, got number 1"}},
		{"null item", `{` + base + `,"tags":["a",null]}`, []string{"tags[1]: want string, got null"}},
		{"null map value", `{` + base + `,"labels":{"k":null}}`, []string{"labels.k: want string, got null"}},
		{"null object item", `{` + base + `,"headers":[null]}`, []string{"headers[0]: want object, got null"}},
		{"time", `{` + base + `,"since":"yesterday"}`, []string{`since: want a date-time such as "2006-01-02T15:04:05Z" (RFC 3339), got "yesterday"`}},
		{"time type", `{` + base + `,"since":0}`, []string{"since: want string, got number 0"}},
		{"duration is an integer", `{` + base + `,"timeout":"30s"}`, []string{`timeout: want integer, got string "30s"`}},
		{"bytes", `{` + base + `,"body":"not base64!"}`, []string{`body: want standard base64, got "not base64!"`}},
		{"unknown with suggestion", `{` + base + `,"urll":"x"}`, []string{`urll: unknown field; did you mean "url"?`}},
		{"unknown transposed", `{` + base + `,"mehtod":"GET"}`, []string{`mehtod: unknown field; did you mean "method"?`}},
		{"unknown different case", `{` + base + `,"URL":"x"}`, []string{`URL: unknown field; did you mean "url"?`}},
		{"unknown far away", `{` + base + `,"colour":"red"}`, []string{"colour: unknown field"}},
		{"unknown odd key", `{` + base + `,"a b":1}`, []string{`["a b"]: unknown field`}},
		{"long value is shortened", `{` + base + `,"port":"` + strings.Repeat("x", 100) + `"}`, []string{
			`port: want integer, got string "` + strings.Repeat("x", 63) + `…`}},
		{"all problems in field order, unknown last", `{"zz":1,"port":0,"method":"PUT","aa":2}`, []string{
			"url: required field is missing",
			`method: "PUT" is not one of "GET", "POST"`,
			"port: 0 is less than the minimum 1",
			"must: required field is missing",
			"aa: unknown field",
			"zz: unknown field",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Probe
			err := st.Decode(obj(t, tt.in), &p)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Decode: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Decode error = %v (%T), want a *ValidationError", err, err)
			}
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.Path+": "+p.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestDecodeValues(t *testing.T) {
	st := mustFor(t, Probe{})
	s := func(v string) *string { return &v }
	i := func(v int) *int { return &v }
	tests := []struct {
		name, in string
		want     Probe
	}{
		{"defaults fill absent fields", `{"url":"https://x","must":1}`, Probe{
			URL: "https://x", Method: "GET", Port: 443, TLS: TLS{MinVersion: "1.2", Verify: true},
			Timeout: 30 * time.Second, Optional: s("dflt"), Must: i(1)}},
		{"null counts as absent", `{"url":"https://x","must":1,"method":null,"port":null,"tls":null}`, Probe{
			URL: "https://x", Method: "GET", Port: 443, TLS: TLS{MinVersion: "1.2", Verify: true},
			Timeout: 30 * time.Second, Optional: s("dflt"), Must: i(1)}},
		{"null pointer stays nil", `{"url":"https://x","must":1,"optional":null,"proxy":null}`, Probe{
			URL: "https://x", Method: "GET", Port: 443, TLS: TLS{MinVersion: "1.2", Verify: true},
			Timeout: 30 * time.Second, Must: i(1)}},
		{"given values win", `{"url":"http://y","must":2,"method":"POST","port":8080,"optional":"o",
			"tls":{"min_version":"1.3","verify":false,"server_name":"y"},"timeout":5}`, Probe{
			URL: "http://y", Method: "POST", Port: 8080, TLS: TLS{MinVersion: "1.3", Verify: false, ServerName: "y"},
			Timeout: 5, Optional: s("o"), Must: i(2)}},
		{"defaults inside present nested objects", `{"url":"https://x","must":1,"tls":{"server_name":"y"},"proxy":{},
			"headers":[{"name":"a"},{"name":"b","value":"c"}]}`, Probe{
			URL: "https://x", Method: "GET", Port: 443, TLS: TLS{MinVersion: "1.2", Verify: true, ServerName: "y"},
			Proxy: &TLS{MinVersion: "1.2", Verify: true}, Headers: []Header{{"a", "x"}, {"b", "c"}},
			Timeout: 30 * time.Second, Optional: s("dflt"), Must: i(1)}},
		{"every type", `{"url":"https://x","must":1,"ratio":0.5,"retries":-128,"count":65535,"small":1.5,
			"tags":["b"],"pair":[1,2],"labels":{"a.b":"c"},"limits":{"x":7},"since":"2026-02-11T10:00:00Z",
			"body":"aGk=","extra":{"k":[1]},"raw":[true] ,"verbose":true}`, Probe{
			URL: "https://x", Method: "GET", Port: 443, Ratio: 0.5, Retries: -128, Count: 65535, Small: 1.5,
			Tags: []string{"b"}, Pair: [2]int{1, 2}, Labels: map[string]string{"a.b": "c"}, Limits: map[string]int{"x": 7},
			TLS: TLS{MinVersion: "1.2", Verify: true}, Timeout: 30 * time.Second,
			Since: time.Date(2026, 2, 11, 10, 0, 0, 0, time.UTC), Body: []byte("hi"),
			Extra: map[string]any{"k": []any{1.0}}, Raw: json.RawMessage(`[true]`), Verbose: true,
			Optional: s("dflt"), Must: i(1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// dst starts dirty: Decode resets it.
			got := Probe{Name: "stale", Labels: map[string]string{"old": "x"}}
			if err := st.Decode(obj(t, tt.in), &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeArrayAndMapDefaults(t *testing.T) {
	type T struct {
		List   []string          `json:"list,omitempty" jsonschema:"default=a,default=b"`
		ByName map[string]Header `json:"by_name,omitempty"`
		Nested [][]Header        `json:"nested,omitempty"`
	}
	st := mustFor(t, T{})
	var got T
	if err := st.Decode(obj(t, `{"by_name":{"k":{"name":"n"}},"nested":[[{"name":"m"}],[]]}`), &got); err != nil {
		t.Fatal(err)
	}
	want := T{List: []string{"a", "b"}, ByName: map[string]Header{"k": {"n", "x"}}, Nested: [][]Header{{{"m", "x"}}, {}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	err := st.Decode(obj(t, `{"by_name":{"k":{}},"nested":[[{"name":"m"},{"nme":"x"}]]}`), &got)
	const msg = `invalid config: by_name.k.name: required field is missing; nested[0][1].name: required field is missing; nested[0][1].nme: unknown field; did you mean "name"?`
	if err == nil || err.Error() != msg {
		t.Errorf("err = %v\nwant %s", err, msg)
	}
}

func TestDecodeBrokenMembers(t *testing.T) {
	// Members should come from splitting valid JSON; if they do not, Decode
	// reports them instead of passing them on.
	st := mustFor(t, Probe{})
	var p Probe
	err := st.Decode(map[string]json.RawMessage{"url": nil, "must": json.RawMessage(`1`), "extra": json.RawMessage(`{"a":`)}, &p)
	const msg = `invalid config: extra: not a JSON value: {"a":; url: not a JSON value: `
	if err == nil || err.Error() != msg {
		t.Errorf("err = %v\nwant %s", err, msg)
	}
}

func TestDecodeDst(t *testing.T) {
	st := mustFor(t, HTTPConfig{})
	in := obj(t, `{"url":"x"}`)
	for _, dst := range []any{nil, HTTPConfig{}, (*HTTPConfig)(nil), &Probe{}, new(*HTTPConfig)} {
		err := st.Decode(in, dst)
		var ve *ValidationError
		if err == nil || errors.As(err, &ve) || !strings.Contains(err.Error(), "Decode needs a non-nil *schema.HTTPConfig") {
			t.Errorf("Decode into %T: %v", dst, err)
		}
	}
	var c HTTPConfig
	if err := st.Decode(nil, &c); err == nil || err.Error() != "invalid config: url: required field is missing" {
		t.Errorf("Decode(nil): %v", err)
	}
}

func TestValidationErrorFormat(t *testing.T) {
	e := &ValidationError{Problems: []Problem{{Path: "", Message: "whole thing"}, {Path: "a.b", Message: "bad"}}}
	if got := e.Error(); got != "invalid config: whole thing; a.b: bad" {
		t.Errorf("Error() = %q", got)
	}
}

func TestSuggest(t *testing.T) {
	known := []*field{{name: "url"}, {name: "method"}, {name: "expected_status"}, {name: "timeout_seconds"}, {name: "id"}}
	tests := map[string]string{
		"urll":           "url",
		"ur":             "url",
		"URL":            "url",
		"uri":            "url",
		"metod":          "method",
		"mehtod":         "method",
		"methods":        "method",
		"expectedstatus": "expected_status",
		"expected_stats": "expected_status",
		"timeout":        "",
		"timeout_secs":   "timeout_seconds", // 3 edits, within the limit for a long name
		"time":           "",
		"ix":             "id",
		"xyz":            "",
		"":               "",
	}
	for in, want := range tests {
		if got := suggest(in, known); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeNullItems(t *testing.T) {
	type T struct {
		Ptrs  []*int            `json:"ptrs"`
		Anys  []any             `json:"anys"`
		Lists [][]int           `json:"lists"`
		Maps  map[string]*Probe `json:"maps"`
	}
	st := mustFor(t, T{})
	var got T
	if err := st.Decode(obj(t, `{"ptrs":[null,1],"anys":[null],"lists":[null,[1]],"maps":{"a":null}}`), &got); err != nil {
		t.Fatal(err)
	}
	one := 1
	want := T{Ptrs: []*int{nil, &one}, Anys: []any{nil}, Lists: [][]int{nil, {1}}, Maps: map[string]*Probe{"a": nil}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
}

func TestValidTimeAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range []string{
		"2026-02-11T10:00:00Z", "2026-02-11T10:00:00.123456789Z", "2026-02-11T10:00:00+01:00", "2026-02-11t10:00:00z",
		"2026-02-11 10:00:00Z", "2026-02-11T10:00:00", "2026-02-30T10:00:00Z", "2026-02-11T24:00:00Z",
		"2026-02-11T10:00:00+24:00", "2026-02-11T10:00:00.Z", "", "yesterday", "0001-01-01T00:00:00Z",
	} {
		var tm time.Time
		want := json.Unmarshal(appendString(nil, s), &tm) == nil
		if got := validTime(s); got != want {
			t.Errorf("validTime(%q) = %v, encoding/json says %v", s, got, want)
		}
	}
}

func TestNumericBounds(t *testing.T) {
	type T struct {
		I  int           `json:"i,omitempty" jsonschema:"exclusiveMinimum=-5,exclusiveMaximum=5"`
		U  uint64        `json:"u,omitempty" jsonschema:"minimum=10,maximum=18446744073709551614"`
		F  float64       `json:"f,omitempty" jsonschema:"minimum=-1.5,maximum=2.5"`
		E  int           `json:"e,omitempty" jsonschema:"enum=-1,enum=1"`
		D  time.Duration `json:"d,omitempty" jsonschema:"minimum=0,default=-0s"`
		DN time.Duration `json:"dn,omitempty" jsonschema:"maximum=0,default=-5ms"`
	}
	st := mustFor(t, T{})
	tests := []struct{ in, want string }{
		{`{"i":-5}`, "i: -5 must be greater than -5"},
		{`{"i":5}`, "i: 5 must be less than 5"},
		{`{"i":-4,"u":10,"f":-1.5,"e":-1}`, ""},
		{`{"i":4,"u":18446744073709551614,"f":2.5,"e":1}`, ""},
		{`{"u":9}`, "u: 9 is less than the minimum 10"},
		{`{"u":18446744073709551615}`, "u: 18446744073709551615 is greater than the maximum 18446744073709551614"},
		{`{"u":18446744073709551616}`, "u: 18446744073709551616 is out of range for uint64"},
		{`{"f":-1.6}`, "f: -1.6 is less than the minimum -1.5"},
		{`{"f":25e-1}`, ""},
		{`{"f":2.5000001}`, "f: 2.5000001 is greater than the maximum 2.5"},
		{`{"e":0}`, "e: 0 is not one of -1, 1"},
		{`{"e":-0}`, "e: -0 is not one of -1, 1"},
		{`{"d":-1}`, "d: -1 is less than the minimum 0"},
		{`{"dn":1}`, "dn: 1 is greater than the maximum 0"},
	}
	for _, tt := range tests {
		var v T
		err := st.Decode(obj(t, tt.in), &v)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.in, err)
		case tt.want != "" && (err == nil || err.Error() != "invalid config: "+tt.want):
			t.Errorf("%s: err = %v, want %s", tt.in, err, tt.want)
		}
	}
	var v T
	if err := st.Decode(nil, &v); err != nil || v.DN != -5*time.Millisecond || v.D != 0 {
		t.Errorf("defaults: %+v %v", v, err)
	}
}

func TestFloatEnumComparesValues(t *testing.T) {
	type T struct {
		F float64 `json:"f" jsonschema:"enum=0.5,enum=100"`
	}
	st := mustFor(t, T{})
	for in, ok := range map[string]bool{`0.5`: true, `5e-1`: true, `1e2`: true, `100.0`: true, `0.50001`: false} {
		var v T
		err := st.Decode(map[string]json.RawMessage{"f": json.RawMessage(in)}, &v)
		if (err == nil) != ok {
			t.Errorf("f=%s: err = %v", in, err)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", "quote\" backslash\\ slash/", "\x00\x01\x1f\x7f", "\n\r\t\b\f",
		"<html>&amp;", "é☺日本\U0001F600", "\u2028\u2029", "bad \xff\xfe utf8", "\xe2\x82"} {
		b := appendString(nil, s)
		if !json.Valid(b) {
			t.Errorf("appendString(%q) = %s: not JSON", s, b)
			continue
		}
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if s == "bad \xff\xfe utf8" {
			want = "bad \ufffd\ufffd utf8" // one replacement per bad byte, as encoding/json does
		}
		if s == "\xe2\x82" {
			want = "\ufffd\ufffd"
		}
		if got != want {
			t.Errorf("appendString(%q) decodes to %q, want %q", s, got, want)
		}
	}
}

// JSON Schema counts 1e2, 2.0 and -0 as integers, so a host validating
// against the published schema accepts them: Decode accepts them too and
// decodes their value (before, they were refused).
func TestDecodeIntegralNumbers(t *testing.T) {
	st := mustFor(t, Probe{})
	for in, want := range map[string]int{"1e2": 100, "2.0": 2, "-0": 0, "443.000": 443, "4.43E2": 443, "0.0": 0, "1000e-1": 100, "-5E+1": -50} {
		var p Probe
		err := st.Decode(map[string]json.RawMessage{"url": json.RawMessage(`"https://x"`), "must": json.RawMessage(in), "port": json.RawMessage(in)}, &p)
		if err != nil {
			if want >= 1 {
				t.Errorf("%s: %v", in, err)
			}
			continue // port's minimum is 1
		}
		if p.Port != want || p.Must == nil || *p.Must != want {
			t.Errorf("%s decoded as port %d, must %v; want %d", in, p.Port, p.Must, want)
		}
	}
	for in, want := range map[string]string{"1e400": "out of range", "1.5": "want integer", "1e-400": "want integer", "12345678901234567890e0": "out of range"} {
		err := st.Decode(map[string]json.RawMessage{"url": json.RawMessage(`"https://x"`), "must": json.RawMessage(in)}, new(Probe))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}
