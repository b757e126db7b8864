package host

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// callCtx returns a context in which host functions see cfg (as if a
// plugin instance with these options were calling).
func callCtx(cfg config) context.Context {
	c := cfg
	return withCall(context.Background(), &Instance{cfg: &c})
}

func cfgWith(opts ...Option) config {
	c := defaultConfig()
	for _, o := range opts {
		o(&c)
	}
	return c
}

// invoke calls fn with req (any value, marshalled; a []byte is sent raw)
// and decodes the response into out.
func invoke(t testing.TB, ctx context.Context, fn HostFunc, req any, out any) []byte {
	t.Helper()
	var raw []byte
	switch r := req.(type) {
	case []byte:
		raw = r
	default:
		b, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		raw = b
	}
	resp := fn(ctx, raw)
	if out != nil {
		if err := json.Unmarshal(resp, out); err != nil {
			t.Fatalf("response %s: %v", resp, err)
		}
	}
	return resp
}

func netGrant(rules ...entities.NetworkRule) entities.GrantSet {
	return entities.GrantSet{Network: &entities.NetworkCapability{Rules: rules}}
}

func rule(hosts string, ports string) entities.NetworkRule {
	return entities.NetworkRule{Hosts: strings.Split(hosts, ","), Ports: strings.Split(ports, ",")}
}

// wantDenied checks a capability denial.
func wantDenied(t testing.TB, d *entities.ErrorDetail, contains ...string) {
	t.Helper()
	if d == nil {
		t.Fatalf("want a capability denial, got no error")
	}
	if d.Type != entities.ErrorTypeCapability || d.Code != "CAPABILITY_DENIED" || !strings.HasPrefix(d.Message, "permission denied") {
		t.Fatalf("want capability/CAPABILITY_DENIED/permission denied..., got %s", d)
	}
	for _, c := range contains {
		if !strings.Contains(d.Message, c) {
			t.Fatalf("denial %q does not mention %q", d.Message, c)
		}
	}
}

func wantNoError(t testing.TB, d *entities.ErrorDetail) {
	t.Helper()
	if d != nil {
		t.Fatalf("unexpected error: %s", d)
	}
}

func portOf(t testing.TB, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// testPKI is a throw-away CA and a leaf for 127.0.0.1, ::1, localhost and
// *.test.
type testPKI struct {
	ca   *x509.Certificate
	pool *x509.CertPool
	cert tls.Certificate
}

var (
	pkiOnce sync.Once
	pki     testPKI
)

func getPKI(t testing.TB) testPKI {
	pkiOnce.Do(func() {
		caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		ca := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Reglet Test CA", Organization: []string{"Reglet"}},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
		if err != nil {
			panic(err)
		}
		caCert, _ := x509.ParseCertificate(caDER)
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		leaf := &x509.Certificate{
			SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(12 * time.Hour).Truncate(time.Second),
			DNSNames: []string{"localhost", "*.test"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		}
		der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
		if err != nil {
			panic(err)
		}
		pool := x509.NewCertPool()
		pool.AddCert(caCert)
		pki = testPKI{ca: caCert, pool: pool, cert: tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}}
	})
	return pki
}

func (p testPKI) serverConfig() *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{p.cert}, NextProtos: []string{"h2", "http/1.1"}}
}

// dnsZone maps "name." to records by type; names missing are NXDOMAIN.
type dnsZone map[string]map[dnsmessage.Type][]string

// startDNS serves zone over UDP on 127.0.0.1 and returns its address.
func startDNS(t testing.TB, zone dnsZone) string {
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

func answerDNS(zone dnsZone, req []byte) []byte {
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

// resolverFor is a Go resolver that asks only the DNS server at addr.
func resolverFor(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}
}

var testZone = dnsZone{
	"a.test.":      {dnsmessage.TypeA: {"127.0.0.1"}, dnsmessage.TypeAAAA: {"::1"}},
	"public.test.": {dnsmessage.TypeA: {"93.184.216.34"}},
	"alias.test.":  {dnsmessage.TypeCNAME: {"a.test."}},
	"mail.test.": {
		dnsmessage.TypeMX:  {"10 mx1.test.", "20 mx2.test."},
		dnsmessage.TypeTXT: {"v=spf1 -all"},
		dnsmessage.TypeNS:  {"ns1.test."},
	},
}
