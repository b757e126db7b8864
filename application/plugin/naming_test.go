package plugin

import "testing"

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Resolve":       "resolve",
		"CheckURL":      "check_url",
		"HTTPGet":       "http_get",
		"already_snake": "already_snake",
		"Check":         "check",
		"LookupMX":      "lookup_mx",
		"GetHTTPStatus": "get_http_status",
		"TLSv2Check":    "tl_sv2_check",
		"Check2FA":      "check2_fa",
		"X":             "x",
		"Check_URL":     "check_url",
	} {
		if got := snakeCase(in); got != want {
			t.Errorf("snakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}
