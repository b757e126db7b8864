package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/hostclient"
)

func TestNewDNSResolver(t *testing.T) {
	r := NewDNSResolver(WithNameserver("9.9.9.9:53"), nil)
	hr, ok := r.(hostclient.DNSResolver)
	if !ok || hr.Nameserver != "9.9.9.9:53" {
		t.Fatalf("NewDNSResolver = %#v", r)
	}
	// Natively there is no host: the lookup says so instead of panicking.
	if _, err := r.LookupHost(context.Background(), "example.com"); err == nil || !strings.Contains(err.Error(), "no Reglet host") {
		t.Fatalf("native lookup: %v", err)
	}
}
