// Package exampletest decides whether an observation met a registered
// example's expectation. The CLI's test command and plugintest.RunExamples
// both use it, so an example passes or fails the same way everywhere.
package exampletest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// Config returns the observation config that runs example ex of operation
// op in service svc: the example's input with "operation" and "service"
// added, so routing picks that operation whatever else the plugin has.
func Config(svc, op string, ex entities.ExampleInfo) ([]byte, error) {
	var input map[string]any
	if err := json.Unmarshal(ex.Input, &input); err != nil || input == nil {
		return nil, fmt.Errorf("example %q: input is not a JSON object: %s", ex.Name, ex.Input)
	}
	input["operation"] = op
	input["service"] = svc
	return json.Marshal(input)
}

// Check returns "" when res meets ex's expectation, or what is wrong:
//
//   - With ExpectedError, the Result must be an error, or a failure (a
//     check that ran and found the target wanting), whose message contains
//     ExpectedError.
//   - Otherwise the Result must be a success.
//   - ExpectedOutput, when given, is compared with the Result's data by
//     Match: only the fields it sets count.
func Check(ex entities.ExampleInfo, res *entities.Result) string {
	if res == nil {
		return "no Result"
	}
	msg := res.Message
	if res.Error != nil && res.Error.Message != "" {
		msg = res.Error.Message
	}
	if ex.ExpectedError != "" {
		if res.Status == entities.StatusSuccess {
			return fmt.Sprintf("want an error containing %q, got success", ex.ExpectedError)
		}
		if !strings.Contains(msg, ex.ExpectedError) {
			return fmt.Sprintf("want an error containing %q, got %s %q", ex.ExpectedError, res.Status, msg)
		}
	} else if res.Status != entities.StatusSuccess {
		return fmt.Sprintf("status %s: %s", res.Status, msg)
	}
	if len(ex.ExpectedOutput) == 0 || string(ex.ExpectedOutput) == "null" {
		return ""
	}
	var want any
	if err := json.Unmarshal(ex.ExpectedOutput, &want); err != nil {
		return fmt.Sprintf("expected_output is not JSON: %v", err)
	}
	got := normalise(map[string]any(res.Data))
	if path, ok := Match(want, got); !ok {
		gotJSON, _ := json.Marshal(got)
		return fmt.Sprintf("output differs at %s: got %s, want %s", path, gotJSON, ex.ExpectedOutput)
	}
	return ""
}

// Match reports whether got (a value decoded from JSON) has every field
// want sets, with the same value; if not, it returns the JSON path of the
// first difference ("$.records[0]").
//
// An example's ExpectedOutput is a Go value encoded to JSON, so a field its
// author left out is there with its zero value (0, "", false, null, [] or
// an object of such). Those members are not compared: an expected
// CheckOutput{StatusCode: 200} says nothing about duration_ms. Members that
// are set are compared exactly; objects in got may have more members;
// arrays must have the same length and match element by element (where a
// zero element is compared like any other).
func Match(want, got any) (string, bool) {
	return match(want, got, "$")
}

func match(want, got any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path, false
		}
		for _, k := range sortedKeys(w) {
			wv := w[k]
			if isZero(wv) {
				continue
			}
			gv, ok := g[k]
			if !ok {
				return path + "." + k, false
			}
			if p, ok := match(wv, gv, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path, false
		}
		for i := range w {
			if p, ok := match(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	}
	if want != got {
		return path, false
	}
	return "", true
}

// isZero reports whether v is the JSON of a Go zero value.
func isZero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case float64:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, m := range x {
			if !isZero(m) {
				return false
			}
		}
		return true
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// normalise turns v into the shapes json.Unmarshal produces.
func normalise(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}
