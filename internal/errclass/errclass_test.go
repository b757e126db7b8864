package errclass

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

func TestDetail(t *testing.T) {
	_, fieldErr := config.MustGetInt(map[string]any{"port": "80"}, "port")
	_, missing := config.MustGetString(map[string]any{}, "host")
	for _, tc := range []struct {
		name              string
		err               error
		typ, code         string
		timeout, notFound bool
	}{
		{"plain", errors.New("boom"), "execution", "", false, false},
		{"wrapped capability", fmt.Errorf("call: %w", ports.ErrCapabilityDenied), "capability", "CAPABILITY_DENIED", false, false},
		{"timeout", ports.ErrTimeout, "timeout", "", true, false},
		{"not found", fmt.Errorf("lookup: %w", ports.ErrNotFound), "execution", "", false, true},
		{"network", ports.ErrNetwork, "network", "", false, false},
		{"network and timeout", errors.Join(ports.ErrNetwork, ports.ErrTimeout), "network", "", true, false},
		{"host response", ports.ErrHostResponse, "execution", "HOST_RESPONSE", false, false},
		// A detail keeps its own type and code; a class it lacks adds a flag.
		{"detail", &entities.ErrorDetail{Type: "validation", Code: "BAD", Message: "m"}, "validation", "BAD", false, false},
		{"detail and timeout", errors.Join(&entities.ErrorDetail{Type: "validation", Code: "BAD"}, ports.ErrTimeout), "validation", "BAD", true, false},
		{"host capability detail", &entities.ErrorDetail{Type: "capability", Code: "CAPABILITY_DENIED"}, "capability", "CAPABILITY_DENIED", false, false},
		{"context deadline", context.DeadlineExceeded, "execution", "", false, false}, // not a ports class
		{"config wrong type", fmt.Errorf("reading config: %w", fieldErr), "config", "INVALID_CONFIG", false, false},
		{"config missing", missing, "config", "INVALID_CONFIG", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Detail(tc.err, entities.ErrorTypeExecution)
			if d.Type != tc.typ || d.Code != tc.code || d.IsTimeout != tc.timeout || d.IsNotFound != tc.notFound {
				t.Errorf("Detail = type %q code %q timeout %v notFound %v, want %q %q %v %v",
					d.Type, d.Code, d.IsTimeout, d.IsNotFound, tc.typ, tc.code, tc.timeout, tc.notFound)
			}
			if d.Message != entities.ErrorDetailFrom(tc.err, entities.ErrorTypeExecution).Message {
				t.Errorf("message %q changed", d.Message)
			}
			for _, class := range []error{ports.ErrCapabilityDenied, ports.ErrTimeout, ports.ErrNotFound, ports.ErrNetwork, ports.ErrHostResponse} {
				if errors.Is(tc.err, class) && !errors.Is(d, class) {
					t.Errorf("the detail lost class %v", class)
				}
			}
		})
	}
}
