package testkit

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// Zone maps "name." to records by type; names missing are NXDOMAIN. An MX
// record is "pref host.".
type Zone map[string]map[dnsmessage.Type][]string

// StartDNS serves zone over UDP on 127.0.0.1 and returns its address.
func StartDNS(t testing.TB, zone Zone) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if resp := answerDNS(zone, buf[:n]); resp != nil {
				pc.WriteTo(resp, addr)
			}
		}
	}()
	return pc.LocalAddr().String()
}

// answerDNS is the response to one query, or nil to drop it.
func answerDNS(zone Zone, req []byte) []byte {
	var p dnsmessage.Parser
	h, err := p.Start(req)
	if err != nil {
		return nil
	}
	q, err := p.Question()
	if err != nil {
		return nil
	}
	name := strings.ToLower(q.Name.String())
	recs, ok := zone[name]
	rh := dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired, RecursionAvailable: true}
	if !ok {
		rh.RCode = dnsmessage.RCodeNameError
	}
	b := dnsmessage.NewBuilder(nil, rh)
	b.StartQuestions()
	b.Question(q)
	b.StartAnswers()
	hdr := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
	for _, v := range recs[q.Type] {
		switch q.Type {
		case dnsmessage.TypeA:
			a := netip.MustParseAddr(v).As4()
			b.AResource(hdr, dnsmessage.AResource{A: a})
		case dnsmessage.TypeAAAA:
			b.AAAAResource(hdr, dnsmessage.AAAAResource{AAAA: netip.MustParseAddr(v).As16()})
		case dnsmessage.TypeCNAME:
			b.CNAMEResource(hdr, dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName(v)})
		case dnsmessage.TypeMX:
			pref, host, _ := strings.Cut(v, " ")
			n, _ := strconv.Atoi(pref)
			b.MXResource(hdr, dnsmessage.MXResource{Pref: uint16(n), MX: dnsmessage.MustNewName(host)})
		case dnsmessage.TypeNS:
			b.NSResource(hdr, dnsmessage.NSResource{NS: dnsmessage.MustNewName(v)})
		case dnsmessage.TypeTXT:
			b.TXTResource(hdr, dnsmessage.TXTResource{TXT: []string{v}})
		}
	}
	out, err := b.Finish()
	if err != nil {
		return nil
	}
	return out
}

// Resolver is a Go resolver that asks only the DNS server at addr.
func Resolver(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

// TestZone is the zone the host tests resolve against.
var TestZone = Zone{
	"a.test.":      {dnsmessage.TypeA: {"127.0.0.1"}, dnsmessage.TypeAAAA: {"::1"}},
	"public.test.": {dnsmessage.TypeA: {"93.184.216.34"}},
	"alias.test.":  {dnsmessage.TypeCNAME: {"a.test."}},
	"mail.test.": {
		dnsmessage.TypeMX:  {"10 mx1.test.", "20 mx2.test."},
		dnsmessage.TypeTXT: {"v=spf1 -all"},
		dnsmessage.TypeNS:  {"ns1.test."},
	},
}
