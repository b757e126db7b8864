package wire

import (
	"encoding/json"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// The fallback documents are hand-written JSON; each must decode to the
// type, code and message the constants name (docs/WIRE.md, "Fallback
// documents").
func TestFallbackDocumentsDecode(t *testing.T) {
	for _, tc := range []struct {
		name, doc, code, msg string
		result               bool
	}{
		{"NoPluginManifest", NoPluginManifest, CodeNoPlugin, NoPluginMessage, false},
		{"TooLargeManifest", TooLargeManifest, CodeTooLarge, TooLargeManifestMessage, false},
		{"NoPluginResult", NoPluginResult, CodeNoPlugin, NoPluginMessage, true},
		{"TooLargeResult", TooLargeResult, CodeTooLarge, TooLargeResultMessage, true},
	} {
		var doc struct {
			Status  string                `json:"status"`
			Message string                `json:"message"`
			Error   *entities.ErrorDetail `json:"error"`
		}
		if err := json.Unmarshal([]byte(tc.doc), &doc); err != nil {
			t.Fatalf("%s does not decode: %v", tc.name, err)
		}
		if doc.Error == nil || doc.Error.Type != entities.ErrorTypeInternal || doc.Error.Code != tc.code || doc.Error.Message != tc.msg {
			t.Errorf("%s error = %+v; want type internal, code %s, message %q", tc.name, doc.Error, tc.code, tc.msg)
		}
		if tc.result {
			var r entities.Result
			if err := json.Unmarshal([]byte(tc.doc), &r); err != nil {
				t.Fatalf("%s is not a Result: %v", tc.name, err)
			}
			if r.Status != entities.StatusError || doc.Message != tc.msg {
				t.Errorf("%s: status %q message %q; want error, %q", tc.name, r.Status, doc.Message, tc.msg)
			}
		}
	}
}
