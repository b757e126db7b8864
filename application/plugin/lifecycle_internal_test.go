package plugin

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// A typed handler's output is spliced into the Result as encoded JSON; the
// bytes must be those of a Result carrying the same data in Result.Data.
func TestSplicedDataMatchesResultData(t *testing.T) {
	now := time.Date(2026, 2, 11, 10, 0, 0, 123456789, time.UTC)
	res := &entities.Result{
		Timestamp: now, Status: entities.StatusFailure, Message: "m",
		Data:     map[string]any{"a": 1.5, "b": "x"},
		Error:    entities.NewErrorDetail("network", "e").WithCode("C"),
		Metadata: &entities.RunMetadata{StartTime: now, EndTime: now, SDKVersion: "0.1.0", DurationNs: 5},
	}
	want, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(res.Data)
	res.Data = nil
	if got := encodeResult(nil, res, data); string(got) != string(want) {
		t.Errorf("spliced\n%s\nwant\n%s", got, want)
	}
	// Empty spliced data is omitted, as an empty Data map is.
	res.Data = map[string]any{}
	want, _ = json.Marshal(res)
	if got := encodeResult(nil, res, []byte{}); string(got) != string(want) {
		t.Errorf("empty data\n%s\nwant\n%s", got, want)
	}
}

// jsonKind names every JSON type; an object routing key used to be
// reported as "a number".
func TestJSONKind(t *testing.T) {
	for in, want := range map[string]string{
		`{}`: "an object", `[1]`: "an array", `"x"`: "a string", `true`: "a boolean",
		`null`: "null", `-1`: "a number", ``: "nothing",
	} {
		if got := jsonKind([]byte(in)); got != want {
			t.Errorf("jsonKind(%q) = %q, want %q", in, got, want)
		}
	}
}
