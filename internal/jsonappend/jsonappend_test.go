package jsonappend

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestStringMatchesEncodingJSON(t *testing.T) {
	cases := []string{"", "plain", "quote\" back\\", "\b\f\n\r\t\x00\x01\x1f\x7f", "<a href='x'>&amp;</a>",
		"\u2028\u2029", "bad \xff\xfe utf8", "é 😀 世界", "\xed\xa0\x80", strings.Repeat("x", 1000)}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "\"", "\\", "\n", "\x01", "<", "&", "é", "\u2028", "\xff", "😀", "\x7f", " ", "\xe2\x80"}
	for i := 0; i < 500; i++ {
		var sb strings.Builder
		for j := rng.IntN(16); j > 0; j-- {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, sb.String())
	}
	for _, s := range cases {
		want, _ := json.Marshal(s)
		if got := String(nil, s); string(got) != string(want) {
			t.Errorf("String(%q) = %s, want %s", s, got, want)
		}
		if got, want := StringNoHTML(nil, s), noHTML(s); string(got) != want {
			t.Errorf("StringNoHTML(%q) = %s, want %s", s, got, want)
		}
	}
	// It appends.
	if got := String([]byte("x:"), "y"); string(got) != `x:"y"` {
		t.Errorf("append: %s", got)
	}
}

// noHTML is encoding/json's encoding of s with SetEscapeHTML(false).
func noHTML(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func FuzzString(f *testing.F) {
	f.Add("a\"<\xff\u2028")
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := String(nil, s); string(got) != string(want) {
			t.Fatalf("String(%q) = %s, want %s", s, got, want)
		}
		if got, want := StringNoHTML(nil, s), noHTML(s); string(got) != want {
			t.Fatalf("StringNoHTML(%q) = %s, want %s", s, got, want)
		}
	})
}
