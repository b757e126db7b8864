package plugintest

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Want declares what a Result must be: a table case says it with data
// instead of a Validate function. Only what is set is checked, except
// Status, which every Want states.
type Want struct {
	// Status is the Result's status: success, failure or error.
	Status entities.Status
	// Message must be a substring of the Result's message.
	Message string
	// ErrorType and ErrorCode, when set, are the error's type ("config",
	// "capability", "network", ...) and code; either needs an error
	// Result.
	ErrorType, ErrorCode string
	// Data holds members the Result's data must have, each compared as a
	// JSON value (200 matches 200.0, []string{"a"} matches []any{"a"});
	// members not named are not compared. The value Present checks only
	// that the member is there (a duration, a timestamp), Absent that it
	// is not.
	Data map[string]any
}

// presence is the type of Present and Absent, so that no real data value
// can be mistaken for them.
type presence string

// Present and Absent are Want.Data values that check only whether a member
// is there.
const (
	Present presence = "<present>"
	Absent  presence = "<absent>"
)

// isSet reports whether w declares anything.
func (w Want) isSet() bool {
	return w.Status != "" || w.Message != "" || w.ErrorType != "" || w.ErrorCode != "" || w.Data != nil
}

// AssertWant fails the test unless r is what w declares. Every mismatch is
// reported (not only the first), with the whole Result.
func AssertWant(t testing.TB, r *entities.Result, w Want) {
	t.Helper()
	if w.Status == "" {
		t.Fatalf("plugintest: a Want must state the Status")
	}
	assertStatus(t, r, w.Status)
	all, _ := json.Marshal(r)
	if !strings.Contains(r.Message, w.Message) {
		t.Errorf("message %q lacks %q\nResult: %s", r.Message, w.Message, all)
	}
	if w.ErrorType != "" || w.ErrorCode != "" {
		switch {
		case r.Error == nil:
			t.Errorf("the Result carries no error detail; want type %q code %q\nResult: %s", w.ErrorType, w.ErrorCode, all)
		case w.ErrorType != "" && r.Error.Type != w.ErrorType:
			t.Errorf("error type = %q, want %q\nResult: %s", r.Error.Type, w.ErrorType, all)
		case w.ErrorCode != "" && r.Error.Code != w.ErrorCode:
			t.Errorf("error code = %q, want %q\nResult: %s", r.Error.Code, w.ErrorCode, all)
		}
	}
	names := make([]string, 0, len(w.Data))
	for k := range w.Data {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		want := w.Data[k]
		got, ok := r.Data[k]
		switch want {
		case Present:
			if !ok {
				t.Errorf("data.%s is missing\nResult: %s", k, all)
			}
		case Absent:
			if ok {
				g, _ := json.Marshal(got)
				t.Errorf("data.%s = %s, want it absent", k, g)
			}
		default:
			if !ok {
				t.Errorf("data.%s is missing, want %s\nResult: %s", k, mustJSON(want), all)
			} else if !sameJSON(got, want) {
				t.Errorf("data.%s = %s, want %s", k, mustJSON(got), mustJSON(want))
			}
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}
