package entities

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

var (
	t0 = time.Date(2026, 2, 11, 10, 0, 0, 100000000, time.UTC)
	t1 = time.Date(2026, 2, 11, 10, 0, 0, 123456789, time.UTC)
)

// TestWireExamples reproduces, byte for byte, the example encodings of the
// wire contract (docs/WIRE.md, "Examples").
func TestWireExamples(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		want  string
	}{
		{"success result", &Result{Timestamp: t1, Status: StatusSuccess, Message: "check passed",
			Data:     map[string]any{"status_code": 200, "url": "https://example.com"},
			Metadata: &RunMetadata{StartTime: t0, EndTime: t1, SDKVersion: "0.1.0", DurationNs: 23456789}},
			`{"timestamp":"2026-02-11T10:00:00.123456789Z","status":"success","message":"check passed","data":{"status_code":200,"url":"https://example.com"},"metadata":{"start_time":"2026-02-11T10:00:00.1Z","end_time":"2026-02-11T10:00:00.123456789Z","sdk_version":"0.1.0","duration_ns":23456789}}`},
		{"panic result", &Result{Timestamp: time.Date(2026, 2, 11, 10, 0, 0, 0, time.UTC), Status: StatusError, Message: "plugin panic: boom",
			Error: &ErrorDetail{Message: "plugin panic: boom", Type: "panic", Stack: []byte("goroutine 1 ")}},
			`{"timestamp":"2026-02-11T10:00:00Z","status":"error","message":"plugin panic: boom","error":{"message":"plugin panic: boom","type":"panic","code":"","stack":"Z29yb3V0aW5lIDEg"}}`},
		{"denied dns", struct {
			Error *ErrorDetail `json:"error"`
		}{NewErrorDetail(ErrorTypeCapability, "permission denied: network internal.corp:53 not granted").WithCode("CAPABILITY_DENIED")},
			`{"error":{"message":"permission denied: network internal.corp:53 not granted","type":"capability","code":"CAPABILITY_DENIED"}}`},
		{"manifest", Manifest{Name: "http", Version: "1.0.0", Description: "HTTP/HTTPS request checking and validation", SDKVersion: "0.1.0",
			ConfigSchema: json.RawMessage(`{"type":"object"}`),
			Capabilities: GrantSet{Network: &NetworkCapability{Rules: []NetworkRule{{Hosts: []string{"*"}, Ports: []string{"80", "443"}}}}},
			Services: map[string]ServiceInfo{"http": {Name: "http", Description: "HTTP request checking", Operations: []OperationInfo{{
				Name: "check", Description: "Check URL", InputFields: []string{"url", "expected_status"},
				Examples: []ExampleInfo{{Name: "basic", Input: json.RawMessage(`{"url":"https://example.com","expected_status":200}`),
					ExpectedOutput: json.RawMessage(`{"status_code":200,"url":"https://example.com"}`)}},
			}}}}},
			`{"name":"http","version":"1.0.0","description":"HTTP/HTTPS request checking and validation","sdk_version":"0.1.0","config_schema":{"type":"object"},"capabilities":{"network":{"rules":[{"hosts":["*"],"ports":["80","443"]}]}},"services":{"http":{"name":"http","description":"HTTP request checking","operations":[{"name":"check","description":"Check URL","input_fields":["url","expected_status"],"examples":[{"name":"basic","input":{"url":"https://example.com","expected_status":200},"expected_output":{"status_code":200,"url":"https://example.com"}}]}]}}}`},
	} {
		got, err := json.Marshal(tc.value)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestGolden pins every shape, including which fields are omitted when
// empty, against testdata/*.golden.json, and checks each decodes back to an
// identical encoding.
func TestGolden(t *testing.T) {
	full := &ErrorDetail{Message: "dial tcp: i/o timeout", Type: ErrorTypeTimeout, Code: "E_TIMEOUT",
		Details: map[string]any{"host": "a.example", "attempts": 3}, Stack: []byte{0, 1, 2, 250, 251, 252},
		Wrapped: NewErrorDetail(ErrorTypeNetwork, "inner"), IsTimeout: true, IsNotFound: true}
	for name, v := range map[string]any{
		"result_zero":       Result{},
		"result_success":    Result{Timestamp: t1, Status: StatusSuccess, Message: "ok", Data: map[string]any{"a": []any{1, "b", nil}, "n": 1.5}},
		"result_failure":    Result{Timestamp: t1, Status: StatusFailure, Message: "status 500, want 200", Data: map[string]any{"status_code": 500}},
		"result_error_full": Result{Timestamp: t1, Status: StatusError, Message: "m", Error: full, Metadata: &RunMetadata{StartTime: t0, EndTime: t1, PluginID: "p1", DurationNs: 1}},
		"result_empty_data": Result{Timestamp: t1, Status: StatusSuccess, Data: map[string]any{}},
		"errordetail_min":   ErrorDetail{},
		"manifest_empty":    Manifest{},
		"grantset_empty":    GrantSet{},
		"grantset_full": GrantSet{
			Network: &NetworkCapability{Rules: []NetworkRule{{Hosts: []string{"api.example.com", "*.example.org"}, Ports: []string{"443", "8000-9000", "*"}}}},
			FS:      &FileSystemCapability{Rules: []FileSystemRule{{Read: []string{"/etc/hosts", "/var/log/**"}}, {Write: []string{"/tmp/out"}}}},
			Env:     &EnvCapability{Vars: []string{"HOME", "AWS_*"}},
			Exec:    &ExecCapability{Commands: []string{"/usr/bin/systemctl"}},
			KV:      &KVCapability{Rules: []KVRule{{Keys: []string{"cache-*"}, Op: "read-write"}}},
		},
		"grantset_empty_rules": GrantSet{Network: &NetworkCapability{}, FS: &FileSystemCapability{Rules: []FileSystemRule{{}}}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("encoding changed:\n got %s\nwant %s", got, want)
			}
			// Decoding the golden file and encoding again gives the same bytes.
			decoded := newOfSameType(v)
			if err := json.Unmarshal(want, decoded); err != nil {
				t.Fatal(err)
			}
			again, _ := json.MarshalIndent(decoded, "", "  ")
			if !bytes.Equal(append(again, '\n'), want) {
				t.Fatalf("round trip differs:\n got %s\nwant %s", again, want)
			}
		})
	}
}

func newOfSameType(v any) any {
	switch v.(type) {
	case Result:
		return &Result{}
	case ErrorDetail:
		return &ErrorDetail{}
	case Manifest:
		return &Manifest{}
	case GrantSet:
		return &GrantSet{}
	}
	panic(fmt.Sprintf("no decoder for %T", v))
}

func TestManifestEmptyMembersEncodeAsObjects(t *testing.T) {
	b, err := json.Marshal(&Manifest{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"x","version":"","description":"","sdk_version":"","config_schema":{},"capabilities":{},"services":{}}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
	if _, err := json.Marshal(&Manifest{ConfigSchema: json.RawMessage(`{not json`)}); err == nil {
		t.Fatal("an invalid config_schema was encoded")
	}
}

func TestResultConstructors(t *testing.T) {
	before := time.Now()
	s := ResultSuccess("passed", map[string]any{"k": 1})
	f := ResultFailure("failed", nil)
	e := ResultError(NewErrorDetail(ErrorTypeNetwork, "refused").WithCode("ECONNREFUSED"))
	n := ResultError(nil)
	for _, tc := range []struct {
		r       *Result
		status  Status
		message string
	}{{s, StatusSuccess, "passed"}, {f, StatusFailure, "failed"}, {e, StatusError, "refused"}, {n, StatusError, ""}} {
		if tc.r.Status != tc.status || tc.r.Message != tc.message || tc.r.Timestamp.Before(before) || tc.r.Timestamp.Location() != time.UTC {
			t.Errorf("got %+v, want status %s message %q with a UTC timestamp", tc.r, tc.status, tc.message)
		}
	}
	if e.Error.Code != "ECONNREFUSED" || e.Error.Type != "network" {
		t.Errorf("ResultError lost the detail: %+v", e.Error)
	}
}

func TestErrorDetailAsError(t *testing.T) {
	inner := NewErrorDetail(ErrorTypeTimeout, "deadline exceeded")
	outer := &ErrorDetail{Type: ErrorTypeNetwork, Message: "GET https://x", Wrapped: inner}
	if got := outer.Error(); got != "network error: GET https://x: timeout error: deadline exceeded" {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(outer, inner) {
		t.Error("errors.Is does not see the wrapped detail")
	}
	var nilDetail *ErrorDetail
	if nilDetail.Error() != "<nil>" || nilDetail.Unwrap() != nil {
		t.Error("nil ErrorDetail methods misbehave")
	}
	if (&ErrorDetail{Message: "plain"}).Error() != "plain" {
		t.Error("untyped detail should print only its message")
	}
}

func TestErrorDetailFrom(t *testing.T) {
	typed := NewErrorDetail(ErrorTypeNetwork, "connection refused").WithCode("E1")
	for _, tc := range []struct {
		name                  string
		err                   error
		wantType, wantMessage string
		wantCode              string
	}{
		{"plain", errors.New("boom"), "execution", "boom", ""},
		{"typed", typed, "network", "connection refused", "E1"},
		{"wrapped typed", fmt.Errorf("request failed: %w", typed), "network", "request failed: connection refused", "E1"},
		{"doubly wrapped", fmt.Errorf("check: %w", fmt.Errorf("request failed: %w", typed)), "network", "check: request failed: connection refused", "E1"},
		{"wrapped plain", fmt.Errorf("outer: %w", errors.New("inner")), "execution", "outer: inner", ""},
	} {
		d := ErrorDetailFrom(tc.err, ErrorTypeExecution)
		if d.Type != tc.wantType || d.Message != tc.wantMessage || d.Code != tc.wantCode {
			t.Errorf("%s: got %+v, want %s/%q/%s", tc.name, d, tc.wantType, tc.wantMessage, tc.wantCode)
		}
	}
	if ErrorDetailFrom(nil, "x") != nil {
		t.Error("ErrorDetailFrom(nil) != nil")
	}
	// The original is not modified.
	if typed.Message != "connection refused" {
		t.Errorf("ErrorDetailFrom modified its argument: %q", typed.Message)
	}
}

func TestGrantSetIsEmpty(t *testing.T) {
	if !(GrantSet{}).IsEmpty() {
		t.Error("zero GrantSet not empty")
	}
	if (GrantSet{Env: &EnvCapability{}}).IsEmpty() {
		t.Error("GrantSet with Env reported empty")
	}
}
