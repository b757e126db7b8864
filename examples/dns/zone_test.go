package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
)

// zoneResolver is a mock ports.DNSResolver answering from the same
// loopback.Zone the .wasm runs are served, so native and wasm cases share
// their expectations. When Nameserver is set, a lookup must come through
// plugin.NewDNSResolver(plugin.WithNameserver(Nameserver)) (else it fails):
// that is how a handler is shown to honour its nameserver config.
// The check holds in the .wasm run too, where the mock answers in the
// local host (host.WithClients).
type zoneResolver struct {
	Zone       loopback.Zone
	Nameserver string
}

func (z zoneResolver) values(ctx context.Context, name, typ string) ([]string, error) {
	if got := plugin.DNSNameserver(ctx); got != z.Nameserver {
		return nil, entities.NewErrorDetail(entities.ErrorTypeNetwork, fmt.Sprintf("mock: asked nameserver %q, want %q", got, z.Nameserver))
	}
	recs, ok := z.Zone[strings.ToLower(strings.TrimSuffix(name, "."))+"."]
	if !ok {
		return nil, &entities.ErrorDetail{Type: entities.ErrorTypeNetwork, Code: "NOT_FOUND", IsNotFound: true, Message: "no such host " + name}
	}
	vals := recs[typ]
	if len(vals) == 1 && vals[0] == "SERVFAIL" {
		return nil, &entities.ErrorDetail{Type: entities.ErrorTypeNetwork, Code: "DNS_ERROR", Message: "server misbehaving"}
	}
	if len(vals) == 0 {
		return nil, &entities.ErrorDetail{Type: entities.ErrorTypeNetwork, Code: "NOT_FOUND", IsNotFound: true, Message: "no " + typ + " records for " + name}
	}
	return vals, nil
}

// LookupHost returns the A then AAAA records; either family suffices.
func (z zoneResolver) LookupHost(ctx context.Context, host string) ([]string, error) {
	a, errA := z.values(ctx, host, "A")
	aaaa, errAAAA := z.values(ctx, host, "AAAA")
	if out := append(a, aaaa...); len(out) > 0 {
		return out, nil
	}
	if errA != nil {
		return nil, errA
	}
	return nil, errAAAA
}

// LookupCNAME returns the CNAME record.
func (z zoneResolver) LookupCNAME(ctx context.Context, host string) (string, error) {
	v, err := z.values(ctx, host, "CNAME")
	if err != nil {
		return "", err
	}
	return v[0], nil
}

// LookupMX returns the MX records ("10 mx1.test.") sorted by preference.
func (z zoneResolver) LookupMX(ctx context.Context, name string) ([]ports.MXRecord, error) {
	v, err := z.values(ctx, name, "MX")
	if err != nil {
		return nil, err
	}
	var out []ports.MXRecord
	for _, s := range v {
		pref, host, _ := strings.Cut(s, " ")
		n, _ := strconv.Atoi(pref)
		out = append(out, ports.MXRecord{Host: host, Pref: uint16(n)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pref < out[j].Pref })
	return out, nil
}

// LookupTXT returns the TXT records.
func (z zoneResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	return z.values(ctx, name, "TXT")
}

// LookupNS returns the NS records.
func (z zoneResolver) LookupNS(ctx context.Context, name string) ([]string, error) {
	return z.values(ctx, name, "NS")
}
