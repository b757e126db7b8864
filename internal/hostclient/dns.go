package hostclient

import (
	"context"
	"errors"
	"sort"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// DNSResolver implements ports.DNSResolver over reglet_host.dns_lookup.
// Nameserver, when set ("1.1.1.1", "1.1.1.1:53", "[2606:4700::1111]:53"),
// is sent with every query; empty lets the host use its resolver.
type DNSResolver struct {
	T          *Transport
	Nameserver string
}

var _ ports.DNSResolver = DNSResolver{}

// encodeDNSRequest builds the wire request for one record type.
func encodeDNSRequest(c wire.Context, host, typ, nameserver string) wire.DNSRequest {
	return wire.DNSRequest{Hostname: host, Type: typ, Nameserver: nameserver, Context: c, TimeoutMs: c.TimeoutMs}
}

func (r DNSResolver) lookup(ctx context.Context, host, typ string) (*wire.DNSResponse, error) {
	const fn = wire.DNSLookupFn
	if host == "" {
		return nil, invalidRequest(fn, "empty host name")
	}
	send := pick(r.T).DNS
	wctx, err := begin(ctx, fn, send)
	if err != nil {
		return nil, err
	}
	w := encodeDNSRequest(wctx, host, typ, r.Nameserver)
	raw, err := exchange(fn, send, appendDNSRequest(make([]byte, 0, reqBufSize), &w), maxSmallResponse)
	if err != nil {
		return nil, err
	}
	resp := new(wire.DNSResponse)
	derr := decodeDNS(reader{b: raw, alias: true}, resp)
	if err := finish(ctx, fn, derr, resp.Error); err != nil {
		return nil, err
	}
	return resp, nil
}

// notFound is the error for an answer with no records.
func notFound(host, typ string) error {
	return hostError(wire.DNSLookupFn, &entities.ErrorDetail{Type: entities.ErrorTypeNetwork, Code: wire.CodeNotFound, IsNotFound: true,
		Message: "no " + typ + " records for " + host})
}

// LookupHost returns the A records of host followed by its AAAA records.
// It succeeds when either family answers: a failure of one family (not
// found, or a resolver error) is ignored when the other has addresses. With
// no addresses at all, the A lookup's error is returned (else the AAAA
// lookup's, else a not-found error). A denied capability is returned as
// is: it would deny both families alike.
func (r DNSResolver) LookupHost(ctx context.Context, host string) ([]string, error) {
	a, errA := r.lookup(ctx, host, "A")
	if errors.Is(errA, ports.ErrCapabilityDenied) {
		return nil, errA
	}
	aaaa, errAAAA := r.lookup(ctx, host, "AAAA")
	var out []string
	if a != nil {
		out = append(out, a.Records...)
	}
	if aaaa != nil {
		out = append(out, aaaa.Records...)
	}
	if len(out) > 0 {
		return out, nil
	}
	switch {
	case errA != nil && !errors.Is(errA, ports.ErrNotFound):
		return nil, errA
	case errAAAA != nil && !errors.Is(errAAAA, ports.ErrNotFound):
		return nil, errAAAA
	case errA != nil:
		return nil, errA
	case errAAAA != nil:
		return nil, errAAAA
	}
	return nil, notFound(host, "A or AAAA")
}

// LookupCNAME returns the canonical name of host.
func (r DNSResolver) LookupCNAME(ctx context.Context, host string) (string, error) {
	resp, err := r.lookup(ctx, host, "CNAME")
	if err != nil {
		return "", err
	}
	if len(resp.Records) == 0 {
		return "", notFound(host, "CNAME")
	}
	return resp.Records[0], nil
}

// LookupMX returns the mail exchangers of name, sorted by preference (and
// by host name among equal preferences, so the order is stable).
func (r DNSResolver) LookupMX(ctx context.Context, name string) ([]ports.MXRecord, error) {
	resp, err := r.lookup(ctx, name, "MX")
	if err != nil {
		return nil, err
	}
	return decodeMX(resp.MXRecords), nil
}

// decodeMX converts and sorts wire MX records.
func decodeMX(in []wire.MXRecord) []ports.MXRecord {
	out := make([]ports.MXRecord, len(in))
	for i, m := range in {
		out[i] = ports.MXRecord{Host: m.Host, Pref: m.Pref}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pref != out[j].Pref {
			return out[i].Pref < out[j].Pref
		}
		return out[i].Host < out[j].Host
	})
	return out
}

// LookupTXT returns the TXT records of name.
func (r DNSResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	resp, err := r.lookup(ctx, name, "TXT")
	if err != nil {
		return nil, err
	}
	return resp.Records, nil
}

// LookupNS returns the name servers of name.
func (r DNSResolver) LookupNS(ctx context.Context, name string) ([]string, error) {
	resp, err := r.lookup(ctx, name, "NS")
	if err != nil {
		return nil, err
	}
	return resp.Records, nil
}

// pick returns t, or Default when t is nil.
func pick(t *Transport) *Transport {
	if t == nil {
		return &Default
	}
	return t
}
