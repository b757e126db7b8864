package host

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// The bounds GRANTS.md ("Bounds") states, by the name it gives them. The
// test below fails when a stated value is not the constant's, and when the
// package gains an exported bound (Max*, *Timeout, *Delay) missing here:
// add it to GRANTS.md and to one of these lists.
var (
	docByteBounds = map[string]int64{
		"MaxSMTPLineBytes":       MaxSMTPLineBytes,
		"MaxSMTPReplyLines":      MaxSMTPReplyLines,
		"MaxSMTPReplyBytes":      MaxSMTPReplyBytes,
		"MaxHTTPHeaderBytes":     MaxHTTPHeaderBytes,
		"MaxHTTPBodyBytes":       MaxHTTPBodyBytes,
		"MaxExecOutputBytes":     MaxExecOutputBytes,
		"MaxExecOutputJSONBytes": MaxExecOutputJSONBytes,
	}
	docTimeBounds = map[string]time.Duration{
		"DefaultHostCallTimeout":    DefaultHostCallTimeout,
		"HTTPTLSHandshakeTimeout":   HTTPTLSHandshakeTimeout,
		"HTTPExpectContinueTimeout": HTTPExpectContinueTimeout,
		"SMTPQuitTimeout":           SMTPQuitTimeout,
		"ExecWaitDelay":             ExecWaitDelay,
	}
)

// stated matches a quantity as the docs write it: "4,096 bytes", "64 KiB",
// "100 lines", "15 s", "500 ms".
const stated = `([0-9][0-9,]*) (bytes|lines|KiB|MiB|s|ms)\b`

// quantity turns a match of stated into a number of bytes (lines count as
// one each) or nanoseconds.
func quantity(t *testing.T, num, unit string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.ReplaceAll(num, ",", ""), 10, 64)
	if err != nil {
		t.Fatalf("%q: %v", num, err)
	}
	switch unit {
	case "KiB":
		n <<= 10
	case "MiB":
		n <<= 20
	case "s":
		n *= int64(time.Second)
	case "ms":
		n *= int64(time.Millisecond)
	}
	return n
}

// statedValue returns the quantity the text gives for name, written
// "`name` = 4,096 bytes" or "`name` (15 s)" (after), or "1 MiB (`name`)"
// or "1 MiB of it (`name`)" (before).
func statedValue(t *testing.T, text, name string, before bool) (int64, bool) {
	t.Helper()
	q := regexp.QuoteMeta("`" + name + "`")
	re := regexp.MustCompile(q + ` (?:= |\()` + stated)
	if before {
		re = regexp.MustCompile(stated + `(?: of it)? \(` + q + `\)`)
	}
	m := re.FindStringSubmatch(text)
	if m == nil {
		return 0, false
	}
	return quantity(t, m[1], m[2]), true
}

// TestGrantsDocStatesBounds: GRANTS.md states every bound the host applies
// with its value (issue 10), and docs/WIRE.md gives the contract's limits
// with theirs.
func TestGrantsDocStatesBounds(t *testing.T) {
	b, err := os.ReadFile("GRANTS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, bounds, ok := strings.Cut(string(b), "## Bounds (bytes and time)\n")
	if !ok {
		t.Fatal(`GRANTS.md has no "## Bounds (bytes and time)" section`)
	}
	bounds, _, _ = strings.Cut(bounds, "\n## ")
	bounds = strings.Join(strings.Fields(bounds), " ")

	for name, want := range docByteBounds {
		if got, ok := statedValue(t, bounds, name, false); !ok {
			t.Errorf("GRANTS.md (Bounds) does not state %s's value as \"`%s` = N unit\"", name, name)
		} else if got != want {
			t.Errorf("GRANTS.md says %s is %d bytes; it is %d", name, got, want)
		}
	}
	for name, want := range docTimeBounds {
		if got, ok := statedValue(t, bounds, name, false); !ok {
			t.Errorf("GRANTS.md (Bounds) does not state %s's value as \"`%s` (N s)\"", name, name)
		} else if time.Duration(got) != want {
			t.Errorf("GRANTS.md says %s is %v; it is %v", name, time.Duration(got), want)
		}
	}
	if got, ok := statedValue(t, bounds, "wire.MaxRequestBytes", true); !ok || got != wire.MaxRequestBytes {
		t.Errorf("GRANTS.md gives the request limit as %d (stated: %v); wire.MaxRequestBytes is %d", got, ok, wire.MaxRequestBytes)
	}
	for fn, want := range map[string]int64{"http_request": wire.MaxHTTPResponseBytes, "exec_command": wire.MaxExecResponseBytes, "others": wire.MaxSmallResponseBytes} {
		m := regexp.MustCompile(fn + ` ` + stated).FindStringSubmatch(bounds)
		if m == nil {
			t.Errorf("GRANTS.md's response limits do not give %s's", fn)
		} else if got := quantity(t, m[1], m[2]); got != want {
			t.Errorf("GRANTS.md gives %s's response limit as %d bytes; it is %d", fn, got, want)
		}
	}
	if s := "at most " + strconv.Itoa(maxRedirects) + " redirects"; !strings.Contains(bounds, s) {
		t.Errorf("GRANTS.md (Bounds) lacks %q", s)
	}
	nuls := "arrives as its first " + commas(MaxExecOutputJSONBytes/6) + " bytes"
	if !strings.Contains(bounds, nuls) {
		t.Errorf("GRANTS.md (Bounds) lacks %q (50 MiB of NUL bytes, each 6 bytes of JSON)", nuls)
	}

	// Every exported bound of the package is in the lists above.
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				for _, id := range s.(*ast.ValueSpec).Names {
					n := id.Name
					if !id.IsExported() || !(strings.HasPrefix(n, "Max") || strings.HasSuffix(n, "Timeout") || strings.HasSuffix(n, "Delay")) {
						continue
					}
					seen++
					_, inBytes := docByteBounds[n]
					_, inTime := docTimeBounds[n]
					if !inBytes && !inTime {
						t.Errorf("bound %s (%s) is not checked against GRANTS.md: state it there (Bounds) and add it to this test's lists", n, name)
					}
				}
			}
		}
	}
	if want := len(docByteBounds) + len(docTimeBounds); seen != want {
		t.Errorf("found %d exported bounds in package host, the lists have %d", seen, want)
	}

	// docs/WIRE.md states the contract's limits the host keeps to.
	w, err := os.ReadFile("../docs/WIRE.md")
	if err != nil {
		t.Fatal(err)
	}
	wireDoc := strings.Join(strings.Fields(string(w)), " ")
	for name, c := range map[string]struct {
		want   int64
		before bool
	}{
		"wire.MaxRequestBytes":       {wire.MaxRequestBytes, true},
		"wire.MaxBodyBytes":          {wire.MaxBodyBytes, true},
		"wire.MaxHTTPResponseBytes":  {wire.MaxHTTPResponseBytes, false},
		"wire.MaxExecResponseBytes":  {wire.MaxExecResponseBytes, false},
		"wire.MaxSmallResponseBytes": {wire.MaxSmallResponseBytes, false},
	} {
		if got, ok := statedValue(t, wireDoc, name, c.before); !ok {
			t.Errorf("docs/WIRE.md does not state %s's value", name)
		} else if got != c.want {
			t.Errorf("docs/WIRE.md says %s is %d bytes; it is %d", name, got, c.want)
		}
	}
}

// commas writes n with thousands separators, as the docs do.
func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
