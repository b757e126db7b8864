package testkit

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// WantDenied fails the test unless d is a capability denial as the wire
// contract spells it (type capability, code CAPABILITY_DENIED, a message
// starting "permission denied") whose message mentions every string in
// contains.
func WantDenied(t testing.TB, d *entities.ErrorDetail, contains ...string) {
	t.Helper()
	if d == nil {
		t.Fatalf("want a capability denial, got no error")
	}
	if d.Type != entities.ErrorTypeCapability || d.Code != wire.CodeCapabilityDenied || !strings.HasPrefix(d.Message, "permission denied") {
		t.Fatalf("want capability/CAPABILITY_DENIED/permission denied..., got %s", d)
	}
	for _, c := range contains {
		if !strings.Contains(d.Message, c) {
			t.Fatalf("denial %q does not mention %q", d.Message, c)
		}
	}
}

// WantDeniedResult fails the test unless r is the error Result the
// hostprobe plugin returns for a denied host call: status error, a
// capability denial mentioning contains, and data "capability": true
// (errors.Is(err, ports.ErrCapabilityDenied) held inside the plugin).
func WantDeniedResult(t testing.TB, r *entities.Result, contains string) {
	t.Helper()
	b, _ := json.Marshal(r)
	if r.Status != entities.StatusError || r.Error == nil || r.Error.Type != entities.ErrorTypeCapability ||
		r.Error.Code != wire.CodeCapabilityDenied || !strings.Contains(r.Error.Message, "permission denied") ||
		!strings.Contains(r.Error.Message, contains) || r.Data["capability"] != true {
		t.Fatalf("want a capability denial mentioning %q, got %s", contains, b)
	}
}

// WantNoError fails the test when d is not nil.
func WantNoError(t testing.TB, d *entities.ErrorDetail) {
	t.Helper()
	if d != nil {
		t.Fatalf("unexpected error: %s", d)
	}
}
