package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

func TestNewDNSResolver(t *testing.T) {
	r := NewDNSResolver(WithNameserver("9.9.9.9:53"), nil)
	nr, ok := r.(nsResolver)
	if !ok || nr.host.Nameserver != "9.9.9.9:53" {
		t.Fatalf("NewDNSResolver = %#v", r)
	}
	// Natively there is no host: the lookup says so instead of panicking.
	if _, err := r.LookupHost(context.Background(), "example.com"); err == nil || !strings.Contains(err.Error(), "no Reglet host") {
		t.Fatalf("native lookup: %v", err)
	}
}

// recordingDNS is a mock resolver that records the nameserver of each
// lookup.
type recordingDNS struct{ ns *[]string }

func (m recordingDNS) rec(ctx context.Context) { *m.ns = append(*m.ns, DNSNameserver(ctx)) }
func (m recordingDNS) LookupHost(ctx context.Context, _ string) ([]string, error) {
	m.rec(ctx)
	return []string{"192.0.2.1"}, nil
}
func (m recordingDNS) LookupCNAME(ctx context.Context, _ string) (string, error) {
	m.rec(ctx)
	return "c.example.", nil
}
func (m recordingDNS) LookupMX(ctx context.Context, _ string) ([]ports.MXRecord, error) {
	m.rec(ctx)
	return []ports.MXRecord{{Host: "mx.example.", Pref: 10}}, nil
}
func (m recordingDNS) LookupTXT(ctx context.Context, _ string) ([]string, error) {
	m.rec(ctx)
	return []string{"v=spf1"}, nil
}
func (m recordingDNS) LookupNS(ctx context.Context, _ string) ([]string, error) {
	m.rec(ctx)
	return []string{"ns.example."}, nil
}

// A resolver made with WithNameserver uses a mock given with WithClient,
// and tells it the nameserver; the resolver itself in the context (as the
// doc suggests) does not shadow the mock or loop.
func TestNewDNSResolverHonoursWithClient(t *testing.T) {
	var seen []string
	mock := recordingDNS{&seen}
	ns := NewDNSResolver(WithNameserver("10.0.0.2:53"))
	tests := []struct {
		name string
		ctx  context.Context
	}{
		{"mock in context", WithClient(context.Background(), mock)},
		{"resolver injected over the mock", WithClient(WithClient(context.Background(), mock), ns)},
	}
	for _, tt := range tests {
		seen = nil
		r := ns // what a handler does when the config names a nameserver
		addrs, err := r.LookupHost(tt.ctx, "db.internal")
		if err != nil || len(addrs) != 1 || addrs[0] != "192.0.2.1" {
			t.Errorf("%s: LookupHost = %v, %v", tt.name, addrs, err)
		}
		r.LookupCNAME(tt.ctx, "x")
		r.LookupMX(tt.ctx, "x")
		r.LookupTXT(tt.ctx, "x")
		r.LookupNS(tt.ctx, "x")
		if strings.Join(seen, ",") != strings.Repeat("10.0.0.2:53,", 4)+"10.0.0.2:53" {
			t.Errorf("%s: nameservers seen by the mock %v", tt.name, seen)
		}
	}
	if DNSNameserver(context.Background()) != "" {
		t.Error("DNSNameserver of a plain context")
	}
}
