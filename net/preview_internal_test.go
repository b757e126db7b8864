package net

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The body preview is valid UTF-8, never longer than asked, never cuts a
// character in half, and shows bytes that are not UTF-8 as U+FFFD.
func TestBodyPreview(t *testing.T) {
	for _, tc := range []struct {
		body string
		n    int
		want string
	}{
		{"all good", 3, "all"},
		{"all good", 100, "all good"},
		{"héllo", 2, "h"},
		{"a😀b", 4, "a"},
		{"a😀b", 5, "a😀"},
		{"\xff\xfeok", 4, "\uFFFDo"}, // a run of bad bytes is one U+FFFD (3 bytes): cut again to 4
		{"\xffa\xfeb", 4, "\uFFFDa"}, // 8 bytes once replaced, cut to 4
		{"\xff\xfeok", 6, "\uFFFDok"},
		{"ok\xff", 3, "ok"},
		{"ok\xff", 5, "ok\uFFFD"},
		{"", 10, ""},
		{"abc", 0, ""},
	} {
		got := bodyPreview([]byte(tc.body), tc.n)
		if got != tc.want {
			t.Errorf("bodyPreview(%q, %d) = %q, want %q", tc.body, tc.n, got, tc.want)
		}
		if !utf8.ValidString(got) || len(got) > tc.n {
			t.Errorf("bodyPreview(%q, %d) = %q: invalid or over %d bytes", tc.body, tc.n, got, tc.n)
		}
	}
	// Binary bodies: always within n, always valid.
	body := []byte(strings.Repeat("\x80\xc3\xe2\x82\xf0\x9f\x98", 50))
	for n := 0; n < 64; n++ {
		if got := bodyPreview(body, n); !utf8.ValidString(got) || len(got) > n {
			t.Errorf("binary body, n=%d: %q", n, got)
		}
	}
}
