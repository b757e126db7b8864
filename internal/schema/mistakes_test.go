package schema

import (
	"reflect"
	"strings"
	"testing"
)

// Every tag mistake in a struct is reported at once, each naming the Go
// field, and a misspelt keyword gets a suggestion.
func TestForReportsEveryTagMistake(t *testing.T) {
	type In struct {
		Name  string `json:"name" jsonschema:"requird"`
		Count int    `json:"count,omitempty" jsonschema:"minimum=abc"`
		Other string `json:"other,omitempty" jsonschema:"excludes=nosuch"`
		Fine  string `json:"fine,omitempty" jsonschema:"maxLength=3"`
		Self  *int   `json:"self,omitempty" jsonschema:"requires=self"`
	}
	_, err := For(reflect.TypeFor[In]())
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		`In.Name: jsonschema tag: unknown keyword "requird"; did you mean "required"?`,
		`In.Count: jsonschema tag: minimum`,
		`In.Other: jsonschema tag: excludes=nosuch: no member "nosuch"`,
		`In.Self: jsonschema tag: requires=self: a field cannot name itself`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not contain %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "Fine") {
		t.Errorf("a correct field is reported:\n%s", msg)
	}
	if n := strings.Count(msg, "\n") + 1; n != 4 {
		t.Errorf("%d lines, want 4 (one per mistake):\n%s", n, msg)
	}
}
