package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"
)

var validJSONCases = []string{
	``, ` `, `{}`, ` {} `, `[]`, `[ ]`, `{ }`, `"a"`, `"`, `"\"`, `"\u00e9"`, `"\u00g9"`, `"\u00e"`, `"\x"`,
	"\"a\tb\"", "\"\x7f\xff\xfe\"", `0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e-`, `1e`, `-1.5e-10`,
	`true`, `tru`, `truex`, `false`, `null`, `nul`, `nullnull`, `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`,
	`{"a":[1,2,{"b":null}],"c":"d"}`, `[1,]`, `[,1]`, `[1 2]`, `{"a":1}}`, `[[[]]]`, `[[[]]`, `{"a":{"b":{}}}`,
	`{"a":1 ,"b" : [ true , false ] }`, "{\"a\":\"\x01\"}", `{"":""}`, `[1,{"a":[}]`, `{"a":}`, `{,}`, `1 2`,
	` [ "x" , 1e9 , -0.0 , {"k":"v"} ] `, `{"a":1]`, `[1}`,
	`"0123456789abcdef"`, `["0123456789\"abcdef","01234567"]`, "\"01234567\x01abcdef\"", "\"0123456789\xc3\xa9abcdef\"",
	`"0123456789abcdef`, `{"0123456789abcdef":"0123456789\u00e9abcdef\n"}`,
}

func TestValidJSONMatchesEncodingJSON(t *testing.T) {
	cases := append([]string(nil), validJSONCases...)
	cases = append(cases, strings.Repeat("[", 10000)+strings.Repeat("]", 10000),
		strings.Repeat("[", 10001)+strings.Repeat("]", 10001),
		strings.Repeat(`{"a":`, 10000)+"1"+strings.Repeat("}", 10000),
		strings.Repeat(`{"a":`, 10001)+"1"+strings.Repeat("}", 10001))
	for _, c := range cases {
		if got, want := Valid([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("Valid(%.60q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, c := range validJSONCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := Valid(b), json.Valid(b); got != want {
			t.Errorf("Valid(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}
