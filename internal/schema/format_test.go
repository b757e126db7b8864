package schema

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

type formatted struct {
	DateTime string   `json:"date_time,omitempty" jsonschema:"format=date-time"`
	Date     string   `json:"date,omitempty" jsonschema:"format=date"`
	Time     string   `json:"time,omitempty" jsonschema:"format=time"`
	Email    string   `json:"email,omitempty" jsonschema:"format=email"`
	Hostname string   `json:"hostname,omitempty" jsonschema:"format=hostname"`
	IPv4     string   `json:"ipv4,omitempty" jsonschema:"format=ipv4"`
	IPv6     string   `json:"ipv6,omitempty" jsonschema:"format=ipv6"`
	URI      string   `json:"uri,omitempty" jsonschema:"format=uri"`
	URIRef   string   `json:"uri_reference,omitempty" jsonschema:"format=uri-reference"`
	UUID     string   `json:"uuid,omitempty" jsonschema:"format=uuid"`
	Hosts    []string `json:"hosts,omitempty" jsonschema:"format=hostname"`
}

// Every published format is checked by Decode (before, format was only an
// annotation and "not a url" passed format=uri).
func TestFormats(t *testing.T) {
	st, err := For(reflect.TypeFor[formatted]())
	if err != nil {
		t.Fatal(err)
	}
	good := map[string][]string{
		"date_time":     {"2026-02-11T10:00:00Z", "2026-02-11t10:00:00.123z", "2026-02-11T10:00:00+05:30", "2016-12-31T23:59:60Z", "2017-01-01T05:29:60+05:30"},
		"date":          {"2026-02-11", "2024-02-29", "2000-02-29"},
		"time":          {"10:00:00Z", "23:59:60Z", "00:00:00.5-01:00"},
		"email":         {"user@example.com", "a.b+c@x.io", `"john doe"@example.com`, "u@[192.0.2.1]", "u@[IPv6:2001:db8::1]"},
		"hostname":      {"example.com", "localhost", "a-b.c", "x.example.com.", "1.2.3"},
		"ipv4":          {"192.0.2.1", "0.0.0.0", "255.255.255.255"},
		"ipv6":          {"::", "::1", "2001:db8::1", "1:2:3:4:5:6:7:8", "::ffff:192.0.2.1", "1:2:3:4:5:6:1.2.3.4", "fe80::"},
		"uri":           {"https://example.com", "mailto:a@b.c", "urn:isbn:0451450523", "http://[::1]:8080/x?q=1#f"},
		"uri_reference": {"/relative/path", "https://example.com", "?q=1", ""},
		"uuid":          {"123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000"},
	}
	bad := map[string][]string{
		"date_time":     {"2026-02-11", "2026-02-11 10:00:00Z", "2026-02-30T10:00:00Z", "2026-02-11T24:00:00Z", "2026-02-11T10:00:00", "2026-02-11T10:00:60Z", "2026-02-11T10:00:00+5:30"},
		"date":          {"2026-2-11", "2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "20260211"},
		"time":          {"10:00:00", "10:00Z", "25:00:00Z", "10:00:00.Z", "12:00:60Z"},
		"email":         {"not an email", "@example.com", "user@", "user@-x.com", "a..b@x.com", "user@[300.1.1.1]", "us er@x.com"},
		"hostname":      {"", "-x.com", "x-.com", "a..b", "under_score.com", strings.Repeat("a", 64) + ".com", "sp ace"},
		"ipv4":          {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.a", ""},
		"ipv6":          {"1.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1", "1:", "fe80::1%eth0", "::g", "1:2:3:4:5:6:7:1.2.3.4"},
		"uri":           {"not a url", "/relative", "//host/x", "http://[::1", "http://a b.com", "http://::1/"},
		"uri_reference": {"http://[::1", `a\b`, "%zz"},
		"uuid":          {"123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g", "123e4567-e89b-12d3-a456-4266141740000"},
	}
	check := func(key, val string, want bool) {
		t.Helper()
		b, _ := json.Marshal(val)
		err := st.Decode(map[string]json.RawMessage{key: b}, new(formatted))
		if (err == nil) != want {
			t.Errorf("%s %q: accepted=%v, want %v (%v)", key, val, err == nil, want, err)
		}
		if err != nil && (!strings.Contains(err.Error(), key+": ") || !strings.Contains(err.Error(), " is not ")) {
			t.Errorf("%s %q: error %q does not say what is wrong", key, val, err)
		}
	}
	for key, vals := range good {
		for _, v := range vals {
			check(key, v, true)
		}
	}
	for key, vals := range bad {
		for _, v := range vals {
			check(key, v, false)
		}
	}
	// Array items get the format too.
	err = st.Decode(map[string]json.RawMessage{"hosts": json.RawMessage(`["ok.com","not ok"]`)}, new(formatted))
	if err == nil || !strings.Contains(err.Error(), `hosts[1]: "not ok" is not a host name`) {
		t.Errorf("hosts: %v", err)
	}
	// The example of issue 9.
	err = st.Decode(map[string]json.RawMessage{"uri": json.RawMessage(`"not a url"`)}, new(formatted))
	if err == nil || err.Error() != `invalid config: uri: "not a url" is not an absolute URI such as "https://example.com/path"` {
		t.Errorf("not a url: %v", err)
	}
}
