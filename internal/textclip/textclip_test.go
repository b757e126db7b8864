package textclip

import (
	"testing"
	"unicode/utf8"
)

func TestPrefix(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello", 3, "hel"},
		{"héllo", 2, "h"}, // é is two bytes: never half of it
		{"héllo", 3, "hé"},
		{"日本", 4, "日"},
		{"日本", 2, ""},
		{"abc", 0, ""},
		{"abc", -1, ""},
		{"a😀b", 4, "a"}, // four-byte character: dropped whole
		{"a😀b", 5, "a😀"},
		{"\x80\x80\x80\x80\x80", 3, "\x80\x80\x80"}, // not UTF-8: cut at n, not emptied
		{"\xff\xfe\xfd", 2, "\xff\xfe"},
		{"ab\xe6\x97", 3, "ab\xe6"}, // already broken: cut at n
		{"ab\xe6\x97", 4, "ab\xe6\x97"},
	} {
		if got := Prefix(tc.in, tc.n); got != tc.want {
			t.Errorf("Prefix(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if got := string(Prefix([]byte(tc.in), tc.n)); got != tc.want {
			t.Errorf("Prefix([]byte(%q), %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestShorten(t *testing.T) {
	if got := Shorten("héllo", 2); got != "h…" {
		t.Errorf("Shorten = %q", got)
	}
	if got := Shorten([]byte("ok"), 2); got != "ok" {
		t.Errorf("Shorten = %q", got)
	}
	// Every cut of a mixed string stays valid UTF-8.
	s := "aé日😀b"
	for n := 0; n <= len(s); n++ {
		if p := Prefix(s, n); !utf8.ValidString(p) || len(p) > n {
			t.Errorf("Prefix(%q, %d) = %q", s, n, p)
		}
	}
}
