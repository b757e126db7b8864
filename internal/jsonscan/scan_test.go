package jsonscan

import (
	"encoding/json"
	"reflect"
	"testing"
)

var stringCases = []string{
	`""`, `"plain"`, `"quote \" backslash \\ slash \/"`, `"\b\f\n\r\t"`, `"\u0000\u001f\u00e9\u2028"`,
	`"\ud83d\ude00"`, `"\ud800"`, `"\ud800x"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"\ud800\ud800\udc00"`,
	"\"bad \xff\xfe utf8\"", "\"cut \xe2\x82\"", "\"é☺日本\"", `"\u00g9"`, `"\x"`, `"unterminated`, "\"ctl \x01\"",
	`"\u12"`, `"a\`, `x`, ``,
	// Longer than a word: the eight-byte scan hands over at each kind of byte.
	`"0123456789abcdef"`, `"0123456789\"abcdef"`, `"0123456789abc\u00e9"`, "\"0123456789\xc3\xa9abcdef\"",
	"\"01234567\x01abcdef\"", "\"0123456789abcdef\xff\"", `"0123456789abcdef`, `"01234567"`, `"0123456"`,
}

// String decodes exactly what encoding/json decodes, and refuses what it
// refuses.
func TestStringMatchesEncodingJSON(t *testing.T) {
	for _, c := range stringCases {
		checkString(t, []byte(c))
	}
}

func FuzzString(f *testing.F) {
	for _, c := range stringCases {
		f.Add([]byte(c))
	}
	f.Fuzz(checkString)
}

func checkString(t *testing.T, in []byte) {
	var want string
	wantErr := json.Unmarshal(in, &want)
	start := SkipSpace(in, 0)
	got, end, fresh := String(in, start)
	if end >= 0 && SkipSpace(in, end) != len(in) {
		return // a string followed by more: not one value
	}
	if (end < 0) != (wantErr != nil) {
		t.Fatalf("String(%q) end %d; encoding/json: %v", in, end, wantErr)
	}
	if end >= 0 && string(got) != want {
		t.Fatalf("String(%q) = %q, want %q", in, got, want)
	}
	if end >= 0 && !fresh && len(got) > 0 && &got[0] != &in[start+1] {
		t.Fatalf("String(%q) not fresh but does not alias its input", in)
	}
}

func TestWalkers(t *testing.T) {
	doc := []byte(` { "a" : [ 1 , "x,]}" , { "b" : null } ] , "c\"d" : { } , "e" : -1.5e3 } `)
	var keys, vals []string
	ok := Members(doc, func(k, v []byte) bool {
		keys = append(keys, string(k))
		vals = append(vals, string(v))
		return true
	})
	if !ok || !reflect.DeepEqual(keys, []string{`"a"`, `"c\"d"`, `"e"`}) ||
		!reflect.DeepEqual(vals, []string{`[ 1 , "x,]}" , { "b" : null } ]`, `{ }`, `-1.5e3`}) {
		t.Errorf("Members: %v %q %q", ok, keys, vals)
	}
	var items []string
	if !Items([]byte(vals[0]), func(i int, it []byte) { items = append(items, string(it)) }) ||
		!reflect.DeepEqual(items, []string{`1`, `"x,]}"`, `{ "b" : null }`}) {
		t.Errorf("Items: %q", items)
	}
	for in, want := range map[string]int{`[]`: 0, `[ ]`: 0, `[1]`: 1, `[1,[2,3],{"a":[4]}]`: 3, `{}`: -1, `1`: -1} {
		if got := Len([]byte(in)); got != want {
			t.Errorf("Len(%s) = %d, want %d", in, got, want)
		}
	}
	for _, in := range []string{`[]`, `{`, `{"a"}`, `{"a":1,}`, `{"a":1} x`, `{"a":1 "b":2}`, `{1:2}`} {
		if Members([]byte(in), func(k, v []byte) bool { return true }) {
			t.Errorf("Members(%s) succeeded", in)
		}
	}
	if Members([]byte(`{"a":1,"b":2}`), func(k, v []byte) bool { return false }) {
		t.Error("Members ignored fn's false")
	}
}

// NumberEnd accepts exactly the numbers encoding/json accepts.
func TestNumberEnd(t *testing.T) {
	for _, c := range []string{"0", "-0", "01", "-", "", "1.", "1.5", ".5", "1e5", "1E+5", "1e-", "1e", "-1.5e-10", "12x", "-x", "00"} {
		end := NumberEnd([]byte(c), 0)
		whole := end == len(c)
		if want := json.Valid([]byte(c)); whole != want {
			t.Errorf("NumberEnd(%q) = %d; json.Valid says %v", c, end, want)
		}
	}
	if end := NumberEnd([]byte("12,"), 0); end != 2 {
		t.Errorf("NumberEnd stops at %d, want 2", end)
	}
}
