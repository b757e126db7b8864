package loopback

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

// Zone maps a fully qualified name ("mail.test.") to its records by type:
// "A", "AAAA", "CNAME", "MX" ("10 mx1.test."), "TXT", "NS". A type whose
// only value is "SERVFAIL" answers with a server failure. A name not in
// the zone is NXDOMAIN; a type not listed for a name is an empty answer.
type Zone map[string]map[string][]string

// DNS serves zone over UDP on 127.0.0.1 until Close.
func DNS(zone Zone) (*Server, error) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("loopback: %w", err)
	}
	s := &Server{Addr: pc.LocalAddr().String(), closer: pc.Close}
	_, s.Port, _ = net.SplitHostPort(s.Addr)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		buf := make([]byte, 1500)
		for {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if resp := answer(zone, buf[:n]); resp != nil {
				pc.WriteTo(resp, addr)
			}
		}
	}()
	return s, nil
}

var types = map[dnsmessage.Type]string{
	dnsmessage.TypeA: "A", dnsmessage.TypeAAAA: "AAAA", dnsmessage.TypeCNAME: "CNAME",
	dnsmessage.TypeMX: "MX", dnsmessage.TypeTXT: "TXT", dnsmessage.TypeNS: "NS",
}

// answer builds the reply to one query; nil for a packet that is not one.
func answer(zone Zone, req []byte) []byte {
	var p dnsmessage.Parser
	h, err := p.Start(req)
	if err != nil {
		return nil
	}
	q, err := p.Question()
	if err != nil {
		return nil
	}
	recs, ok := zone[strings.ToLower(q.Name.String())]
	rh := dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired, RecursionAvailable: true}
	vals := recs[types[q.Type]]
	switch {
	case !ok:
		rh.RCode = dnsmessage.RCodeNameError
	case len(vals) == 1 && vals[0] == "SERVFAIL":
		rh.RCode = dnsmessage.RCodeServerFailure
		vals = nil
	}
	b := dnsmessage.NewBuilder(nil, rh)
	b.StartQuestions()
	b.Question(q)
	b.StartAnswers()
	hdr := dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}
	for _, v := range vals {
		var err error
		switch q.Type {
		case dnsmessage.TypeA:
			a, perr := netip.ParseAddr(v)
			if perr != nil || !a.Is4() {
				continue
			}
			err = b.AResource(hdr, dnsmessage.AResource{A: a.As4()})
		case dnsmessage.TypeAAAA:
			a, perr := netip.ParseAddr(v)
			if perr != nil {
				continue
			}
			err = b.AAAAResource(hdr, dnsmessage.AAAAResource{AAAA: a.As16()})
		case dnsmessage.TypeCNAME:
			err = b.CNAMEResource(hdr, dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName(v)})
		case dnsmessage.TypeMX:
			pref, host, _ := strings.Cut(v, " ")
			n, _ := strconv.Atoi(pref)
			err = b.MXResource(hdr, dnsmessage.MXResource{Pref: uint16(n), MX: dnsmessage.MustNewName(host)})
		case dnsmessage.TypeNS:
			err = b.NSResource(hdr, dnsmessage.NSResource{NS: dnsmessage.MustNewName(v)})
		case dnsmessage.TypeTXT:
			err = b.TXTResource(hdr, dnsmessage.TXTResource{TXT: []string{v}})
		}
		if err != nil {
			return nil
		}
	}
	out, err := b.Finish()
	if err != nil {
		return nil
	}
	return out
}
