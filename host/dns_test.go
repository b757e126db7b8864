package host

import (
	"net"
	"reflect"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

func doDNS(t testing.TB, g entities.GrantSet, req wire.DNSRequest, opts ...Option) wire.DNSResponse {
	t.Helper()
	return call[wire.DNSResponse](t, dnsHostFunc, g, req, opts...)
}

func TestDNSLookupTypes(t *testing.T) {
	ns := testkit.StartDNS(t, testkit.TestZone)
	g := testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", testkit.PortOf(t, ns)))
	tests := []struct {
		name, typ string
		want      []string
		mx        []wire.MXRecord
	}{
		{"a.test", "A", []string{"127.0.0.1"}, nil},
		{"a.test", "", []string{"127.0.0.1"}, nil},
		{"a.test", "aaaa", []string{"::1"}, nil},
		{"alias.test", "CNAME", []string{"a.test."}, nil},
		{"mail.test", "MX", []string{"mx1.test.", "mx2.test."}, []wire.MXRecord{{Host: "mx1.test.", Pref: 10}, {Host: "mx2.test.", Pref: 20}}},
		{"mail.test", "TXT", []string{"v=spf1 -all"}, nil},
		{"mail.test", "NS", []string{"ns1.test."}, nil},
	}
	for _, tt := range tests {
		resp := doDNS(t, g, wire.DNSRequest{Hostname: tt.name, Type: tt.typ, Nameserver: ns})
		testkit.WantNoError(t, resp.Error)
		if !reflect.DeepEqual(resp.Records, tt.want) || !reflect.DeepEqual(resp.MXRecords, tt.mx) {
			t.Errorf("%s %s: records %v mx %v, want %v %v", tt.typ, tt.name, resp.Records, resp.MXRecords, tt.want, tt.mx)
		}
	}
}

func TestDNSNotFound(t *testing.T) {
	ns := testkit.StartDNS(t, testkit.TestZone)
	g := testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", testkit.PortOf(t, ns)))
	resp := doDNS(t, g, wire.DNSRequest{Hostname: "nope.test", Type: "A", Nameserver: ns})
	if resp.Error == nil || !resp.Error.IsNotFound || resp.Error.Type != entities.ErrorTypeNetwork || resp.Error.Code != "NOT_FOUND" {
		t.Fatalf("want not found, got %+v", resp.Error)
	}
}

func TestDNSGrants(t *testing.T) {
	ns := testkit.StartDNS(t, testkit.TestZone)
	nsPort := testkit.PortOf(t, ns)
	tests := []struct {
		name  string
		g     entities.GrantSet
		host  string
		ns    string
		allow bool
		msg   string
	}{
		{"name and nameserver granted", testkit.NetGrant(testkit.NetRule("a.test", "53"), testkit.NetRule("127.0.0.1", nsPort)), "a.test", ns, true, ""},
		{"name glob", testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", nsPort)), "a.test", ns, true, ""},
		{"name not granted", testkit.NetGrant(testkit.NetRule("b.test", "53"), testkit.NetRule("127.0.0.1", nsPort)), "a.test", ns, false, "network a.test:53 not granted"},
		{"name on the wrong port", testkit.NetGrant(testkit.NetRule("a.test", "443"), testkit.NetRule("127.0.0.1", nsPort)), "a.test", ns, false, "a.test:53"},
		{"nameserver not granted", testkit.NetGrant(testkit.NetRule("a.test", "53")), "a.test", ns, false, "127.0.0.1:" + nsPort + " not granted"},
		{"loopback nameserver by wildcard", testkit.NetGrant(testkit.NetRule("a.test", "53"), testkit.NetRule("*", "*")), "a.test", ns, false, "loopback address"},
		{"nothing granted", entities.GrantSet{}, "a.test", ns, false, "a.test:53"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := doDNS(t, tt.g, wire.DNSRequest{Hostname: tt.host, Type: "A", Nameserver: tt.ns})
			if tt.allow {
				testkit.WantNoError(t, resp.Error)
				if len(resp.Records) != 1 {
					t.Fatalf("records %v", resp.Records)
				}
				return
			}
			testkit.WantDenied(t, resp.Error, tt.msg)
		})
	}
}

func TestDNSResolverOption(t *testing.T) {
	ns := testkit.StartDNS(t, testkit.TestZone)
	// Without a nameserver the host's resolver (here the test server) is asked.
	resp := doDNS(t, testkit.NetGrant(testkit.NetRule("public.test", "53")), wire.DNSRequest{Hostname: "public.test", Type: "A"}, WithResolver(testkit.Resolver(ns)))
	testkit.WantNoError(t, resp.Error)
	if len(resp.Records) != 1 || resp.Records[0] != "93.184.216.34" {
		t.Fatalf("records %v", resp.Records)
	}
}

func TestDNSBadRequests(t *testing.T) {
	g := testkit.NetGrant(testkit.NetRule("*", "*"))
	for name, req := range map[string]any{
		"malformed":      []byte(`{"hostname":1}`),
		"empty hostname": wire.DNSRequest{Type: "A"},
		"bad type":       wire.DNSRequest{Hostname: "a.test", Type: "SRV"},
		"bad nameserver": wire.DNSRequest{Hostname: "a.test", Type: "A", Nameserver: "1.2.3.4:99999"},
	} {
		var resp wire.DNSResponse
		invoke(t, callCtx(cfgWith(WithGrants(g))), dnsHostFunc, req, &resp)
		if resp.Error == nil || resp.Error.Type != entities.ErrorTypeValidation {
			t.Errorf("%s: want a validation error, got %+v", name, resp.Error)
		}
	}
}

func TestDNSDeadline(t *testing.T) {
	// A nameserver that never answers: the request's timeout cuts it short.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	ns := pc.LocalAddr().String()
	start := time.Now()
	resp := doDNS(t, testkit.NetGrant(testkit.NetRule("a.test", "53"), testkit.NetRule("127.0.0.1", testkit.PortOf(t, ns))),
		wire.DNSRequest{Hostname: "a.test", Type: "A", Nameserver: ns, Context: wire.Context{TimeoutMs: 300}})
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("took %v", el)
	}
	if resp.Error == nil || resp.Error.Type != entities.ErrorTypeTimeout || !resp.Error.IsTimeout {
		t.Fatalf("want a timeout, got %+v", resp.Error)
	}
}
