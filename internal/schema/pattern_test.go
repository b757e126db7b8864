package schema

import (
	"flag"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// patternCases are patterns of the supported subset; each is checked against
// the standard library's regexp on every string of patternInputs.
var patternCases = []string{
	``, `a`, `abc`, `^abc$`, `^a`, `a$`, `^$`, `.`, `^.$`, `a.c`, `a*`, `^a*$`, `a+`, `^a+$`, `a?b`, `^a?$`,
	`ab*c`, `(ab)+`, `^(ab)+$`, `(?:ab|cd)*e`, `a|b|c`, `^(a|bc|)$`, `x(a|b)*y`, `a{2}`, `^a{2}$`, `^a{2,}$`,
	`^a{1,3}$`, `^(ab){0,2}$`, `a{,3}`, `{`, `a{`, `a{1`, `a{x}`, `}`, `]`, `^[abc]+$`, `^[^abc]+$`, `[a-z]`,
	`^[a-z0-9_-]+$`, `^[-a]$`, `^[a-]$`, `^[]a]$`, `^[^]a]$`, `[.]`, `\.`, `^\d+$`, `^\D+$`, `\w+`, `^\W*$`,
	`\s`, `^\S+$`, `^[\d.]+$`, `^[^\d\s]+$`, `^[\w-]+$`, `[\W\d]`, `\t`, `\x41`, `\x{263a}`, `^\x{10FFFF}`,
	`^https?://`, `^https?://[^/]+(/.*)?$`, `^[A-Z]{2,3}$`, `^\d{1,3}(\.\d{1,3}){3}$`,
	`^(GET|POST|PUT)$`, `^[a-z]+(\.[a-z]+)*$`, `^(?P<scheme>https?)://`, `^(?<h>[a-z]+)$`, `a*?b`, `a+?`, `a??`,
	`(a*)*`, `(a*)+b`, `(a|a)*c`, `^(a?){5}a{5}$`, `\A\d\z`, `^*a`, `$a`, `a^`, `^é+$`, `日本`, `[α-ω]+`,
	`\/\-\^\$\\`, `\_`, `^[\]\[]+$`, `\n`, `^.*$`, `(?:)`, `()`, `a|`, `|`, `^(|a)b$`,
}

var patternInputs = []string{
	"", "a", "b", "c", "ab", "abc", "abab", "aab", "aaa", "aaaa", "aaaaa", "aaaaaaaaaa", "abcd", "cde", "e",
	"abcde", "xy", "xaby", "ABC", "AB", "a-b", "_x", "123", "1.2.3.4", "256.1.1.1", "1.2.3", "a\nb", "\n",
	"\t", " ", "A", "☺", "日本語", "éé", "αβγ", "http://x", "https://example.com/path", "ftp://x", "GET",
	"POST", "get", "a.b.c", "a..b", "{", "a{", "a{,3}", "]", "[]", "/-^$\\", "_", "\U0010FFFF", "ba", "bb",
	"ac", "axc", "abbbc", "cdcde", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac",
}

func TestPatternAgreesWithRegexp(t *testing.T) {
	for _, pat := range patternCases {
		m, err := compilePattern(pat)
		if err != nil {
			t.Errorf("compilePattern(%q): %v", pat, err)
			continue
		}
		re := regexp.MustCompile(pat)
		for _, in := range patternInputs {
			if got, want := m.MatchString(in), re.MatchString(in); got != want {
				t.Errorf("pattern %q on %q: got %v, regexp says %v", pat, in, got, want)
			}
		}
	}
}

func TestPatternRejects(t *testing.T) {
	tests := map[string]string{
		`(a`:              "missing )",
		`a)`:              "unexpected )",
		`*a`:              "missing argument to repetition operator",
		`a**`:             "nested repetition operator",
		`a{2}{3}`:         "nested repetition operator",
		`{2}`:             "missing argument to repetition operator",
		`a{1001}`:         "invalid repeat count",
		`a{3,2}`:          "invalid repeat count",
		`[a`:              "missing ]",
		`[z-a]`:           "invalid character class range",
		`[a-\d]`:          "invalid character class range",
		`\`:               "trailing backslash",
		`\x`:              "invalid escape",
		`\x{zz}`:          "invalid escape",
		`\b`:              `unsupported escape \b`,
		`\pL`:             `unsupported escape \p`,
		`\1`:              `unsupported escape \1`,
		`(?i)abc`:         "unsupported group or flag syntax",
		`(?=a)`:           "unsupported group or flag syntax",
		`(?<=a)b`:         "invalid or unsupported group syntax",
		`(?P<>a)`:         "invalid or unsupported group syntax",
		`[[:alpha:]]`:     "unsupported POSIX class",
		`(a{1000}){1000}`: "pattern too large",
	}
	for pat, want := range tests {
		_, err := compilePattern(pat)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("compilePattern(%q) = %v, want an error containing %q", pat, err, want)
		}
	}
	// Deep nesting is refused rather than overflowing the stack.
	if _, err := compilePattern(strings.Repeat("(", 200) + strings.Repeat(")", 200)); err == nil {
		t.Error("deep nesting accepted")
	}
}

var (
	patternSeed  = flag.Uint64("pattern.seed", 1, "seed of TestPatternRandom")
	patternCount = flag.Int("pattern.count", 20000, "patterns TestPatternRandom tries")
)

// TestPatternRandom compares random patterns over a small alphabet with
// regexp: where both compile, they must agree; a pattern regexp refuses must
// not be accepted.
func TestPatternRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(*patternSeed, 2))
	atoms := []string{"a", "b", ".", "^", "$", "(", ")", "|", "*", "+", "?", "{2}", "{1,2}", "{0,}", "[ab]", "[^a]",
		`\d`, `\w`, "[a-c]", "(?:", "1", `\.`, `\s`, `\W`, `[\d-]`, `[^\w.]`, `\x61`, "é", "{,2}", "{", "}", "]",
		"[]a]", "-", "(?P<n>", `\A`, `\z`, "{3,}", "??", "*?", `[\S]`, "[é-ê]", " "}
	inputs := []string{"", "a", "b", "ab", "ba", "aab", "abb", "a1", "1.", "a.b", "bbbb", "c", "\n", "aaaaab",
		"é", "aé ", "{,2}", "a{", "-1", " a", "ê]", "a b\tc"}
	n := *patternCount
	both := 0
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(atoms[rng.IntN(len(atoms))])
		}
		pat := b.String()
		re, reErr := regexp.Compile(pat)
		m, err := compilePattern(pat)
		if reErr != nil {
			if err == nil {
				t.Errorf("pattern %q: regexp refuses it (%v) but compilePattern accepts it", pat, reErr)
			}
			continue
		}
		if err != nil {
			// Only syntax outside the subset may be refused; here, that is
			// (? forms such as an empty flag group "(?)".
			if !strings.Contains(err.Error(), "unsupported") {
				t.Errorf("pattern %q: regexp accepts it, compilePattern says %v", pat, err)
			}
			continue
		}
		both++
		for _, in := range inputs {
			if got, want := m.MatchString(in), re.MatchString(in); got != want {
				t.Errorf("pattern %q on %q: got %v, regexp says %v", pat, in, got, want)
			}
		}
	}
	if both < n/4 {
		t.Errorf("only %d of %d random patterns compiled: the test is too weak", both, n)
	}
}

func TestPatternLinearTime(t *testing.T) {
	// A pattern that makes backtracking engines explode.
	m, err := compilePattern(`^(a+)+$`)
	if err != nil {
		t.Fatal(err)
	}
	if m.MatchString(strings.Repeat("a", 5000) + "b") {
		t.Error("matched")
	}
}

// FuzzPattern compares the matcher with regexp on arbitrary patterns and
// inputs: a pattern regexp refuses must be refused, and where both accept
// a pattern they must agree on every input.
func FuzzPattern(f *testing.F) {
	for i, p := range patternCases {
		f.Add(p, patternInputs[i%len(patternInputs)])
	}
	f.Fuzz(func(t *testing.T, pat, in string) {
		if !utf8.ValidString(pat) || !utf8.ValidString(in) {
			return // tags and decoded JSON strings are valid UTF-8
		}
		re, reErr := regexp.Compile(pat)
		m, err := compilePattern(pat)
		switch {
		case reErr != nil && err == nil:
			t.Fatalf("pattern %q: regexp refuses it (%v), compilePattern accepts it", pat, reErr)
		case reErr != nil || err != nil:
			return
		}
		if got, want := m.MatchString(in), re.MatchString(in); got != want {
			t.Fatalf("pattern %q on %q: got %v, regexp says %v", pat, in, got, want)
		}
	})
}
