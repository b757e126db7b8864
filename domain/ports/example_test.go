package ports_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// deniedResolver stands in for the host: it answers every lookup the way the
// Reglet host answers one the operator did not grant.
type deniedResolver struct{ ports.DNSResolver }

func (deniedResolver) LookupHost(_ context.Context, host string) ([]string, error) {
	return nil, entities.NewErrorDetail(entities.ErrorTypeCapability,
		"permission denied: network "+host+":53 not granted").WithCode("CAPABILITY_DENIED")
}

// A handler branches on the class of a host failure with errors.Is, and
// reads the wire type and code with errors.As.
func Example_errorClasses() {
	var r ports.DNSResolver = deniedResolver{}
	_, err := r.LookupHost(context.Background(), "internal.corp")
	switch {
	case errors.Is(err, ports.ErrCapabilityDenied):
		fmt.Println("not granted:", err)
	case errors.Is(err, ports.ErrNotFound):
		fmt.Println("no such name")
	case errors.Is(err, ports.ErrTimeout), errors.Is(err, ports.ErrNetwork):
		fmt.Println("unreachable")
	}
	var d *entities.ErrorDetail
	if errors.As(err, &d) {
		fmt.Println(d.Type, d.Code)
	}

	// One error can be in several classes: a connect timeout reported as
	// a network error with is_timeout set.
	slow := &entities.ErrorDetail{Type: entities.ErrorTypeNetwork, Message: "dial tcp: i/o timeout", IsTimeout: true}
	fmt.Println(errors.Is(slow, ports.ErrNetwork), errors.Is(slow, ports.ErrTimeout), errors.Is(slow, ports.ErrNotFound))
	// Output:
	// not granted: capability error: permission denied: network internal.corp:53 not granted
	// capability CAPABILITY_DENIED
	// true true false
}
