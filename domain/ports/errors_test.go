package ports_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

func TestErrorClasses(t *testing.T) {
	classes := map[string]error{
		"capability": ports.ErrCapabilityDenied, "timeout": ports.ErrTimeout, "not_found": ports.ErrNotFound,
		"network": ports.ErrNetwork, "host_response": ports.ErrHostResponse,
	}
	for _, tc := range []struct {
		d    *entities.ErrorDetail
		want []string
	}{
		{&entities.ErrorDetail{Type: "capability", Code: "CAPABILITY_DENIED"}, []string{"capability"}},
		{&entities.ErrorDetail{Type: "timeout"}, []string{"timeout"}},
		{&entities.ErrorDetail{Type: "network", IsTimeout: true}, []string{"network", "timeout"}},
		{&entities.ErrorDetail{Type: "network", Code: "NXDOMAIN"}, []string{"network", "not_found"}},
		{&entities.ErrorDetail{Type: "network", IsNotFound: true}, []string{"network", "not_found"}},
		{&entities.ErrorDetail{Type: "internal", Code: ports.CodeHostResponse}, []string{"host_response"}},
		{&entities.ErrorDetail{Type: "execution"}, nil},
		{&entities.ErrorDetail{Type: "internal", Wrapped: &entities.ErrorDetail{Type: "capability"}}, []string{"capability"}},
	} {
		// Directly, wrapped by fmt.Errorf, and joined.
		for _, err := range []error{tc.d, fmt.Errorf("lookup: %w", tc.d), errors.Join(errors.New("x"), tc.d)} {
			for name, class := range classes {
				want := false
				for _, w := range tc.want {
					want = want || w == name
				}
				if got := errors.Is(err, class); got != want {
					t.Errorf("errors.Is(%v, %s) = %v, want %v", err, name, got, want)
				}
			}
		}
	}
	if errors.Is(errors.New("permission denied"), ports.ErrCapabilityDenied) {
		t.Error("a plain error matched a class")
	}
	var nilDetail *entities.ErrorDetail
	if nilDetail.Is(ports.ErrTimeout) {
		t.Error("nil detail matched")
	}
}
