package suggest

import "testing"

func TestClosest(t *testing.T) {
	ops := []string{"check", "parse", "resolve", "check_url"}
	fields := []string{"id", "url", "method", "expected_status", "timeout_seconds", "server_name"}
	for _, tc := range []struct {
		name  string
		cands []string
		want  string
	}{
		{"chek", ops, "check"},
		{"prase", ops, "parse"},
		{"resolv", ops, "resolve"},
		{"checkurl", ops, "check_url"},
		{"CHECK", ops, "check"},
		{"lookup", ops, ""},
		{"x", ops, ""},
		{"urll", fields, "url"},
		{"ur", fields, "url"},
		{"URL", fields, "url"},
		{"uri", fields, "url"},
		{"mehtod", fields, "method"},
		{"methods", fields, "method"},
		{"expectedstatus", fields, "expected_status"},
		{"expected_stats", fields, "expected_status"},
		{"timeout_secs", fields, "timeout_seconds"}, // 3 edits: the most any name allows
		{"timeout", fields, ""},
		{"time", fields, ""},
		{"ix", fields, "id"},
		{"servername", fields, "server_name"},
		{"xyz", fields, ""},
		{"", fields, ""},
		{"GreetHandlr", []string{"GreetHandler", "Greet"}, "GreetHandler"},
	} {
		if got := Closest(tc.name, tc.cands); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"ab", "ba", 1},
		{"abc", "abc", 0}, {"ca", "abc", 3}, {"prase", "parse", 1}, {"héllo", "hello", 1}, {"éa", "aé", 1},
	} {
		if got := Distance(tc.a, tc.b); got != tc.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}
