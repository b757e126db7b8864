package main

import (
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

var zone = loopback.Zone{
	"www.test.":    {"A": {"192.0.2.10"}, "AAAA": {"2001:db8::10"}},
	"v4only.test.": {"A": {"192.0.2.4"}, "AAAA": {"SERVFAIL"}},
	"alias.test.":  {"CNAME": {"www.test."}},
	"mail.test.": {
		"MX":  {"20 mx2.test.", "10 mx1.test."},
		"TXT": {"v=spf1 -all"},
		"NS":  {"ns1.test."},
	},
}

func grants(rules ...entities.NetworkRule) host.Option {
	return host.WithGrants(entities.GrantSet{Network: &entities.NetworkCapability{Rules: rules}})
}

func TestDNS(t *testing.T) {
	if err := Plugin.Validate(); err != nil {
		t.Fatal(err)
	}
	ns, err := loopback.DNS(zone)
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Close()
	names := entities.NetworkRule{Hosts: []string{"*.test"}, Ports: []string{"53"}}
	server := entities.NetworkRule{Hosts: []string{"127.0.0.1"}, Ports: []string{ns.Port}}
	both := grants(names, server)
	mock := []any{zoneResolver{Zone: zone, Nameserver: ns.Addr}}
	q := func(name, typ string) map[string]any {
		return map[string]any{"hostname": name, "record_type": typ, "nameserver": ns.Addr}
	}
	ok := func(data map[string]any) plugintest.Want {
		return plugintest.Want{Status: entities.StatusSuccess, Data: data}
	}
	// Natively the mock resolver answers from the zone; through the .wasm
	// the local host asks the loopback nameserver serving the same zone
	// (RealHost), under the case's grants, in both host dialects with the
	// same Results. A case without a mock runs through the .wasm only.
	cases := []plugintest.TestCase{
		{Name: "A", Config: q("www.test", "A"), Clients: mock, Host: []host.Option{both},
			Want: ok(map[string]any{"records": []string{"192.0.2.10"}, "record_count": 1, "is_not_found": false, "query_time_ms": plugintest.Present})},
		{Name: "AAAA", Config: q("www.test", "AAAA"), Clients: mock, Host: []host.Option{both},
			Want: ok(map[string]any{"records": []string{"2001:db8::10"}})},
		{Name: "A when AAAA fails", Config: q("v4only.test", "A"), Clients: mock, Host: []host.Option{both},
			Want: ok(map[string]any{"records": []string{"192.0.2.4"}})},
		{Name: "CNAME", Config: q("alias.test", "CNAME"), Clients: mock, Host: []host.Option{both},
			Want: ok(map[string]any{"records": []string{"www.test."}})},
		{Name: "MX structured", Config: q("mail.test", "MX"), Clients: mock, Host: []host.Option{both},
			Want: ok(map[string]any{"records": []string{"mx1.test.", "mx2.test."}, "record_count": 2,
				"mx_records": []map[string]any{{"host": "mx1.test.", "pref": 10}, {"host": "mx2.test.", "pref": 20}}})},
		{Name: "TXT", Config: q("mail.test", "TXT"), Clients: mock, Host: []host.Option{both},
			Want: ok(map[string]any{"records": []string{"v=spf1 -all"}})},
		{Name: "NS expected", Config: map[string]any{"hostname": "mail.test", "record_type": "NS", "nameserver": ns.Addr, "expected_values": []string{"ns1.test."}},
			Clients: mock, Host: []host.Option{both}, Want: ok(map[string]any{"records": []string{"ns1.test."}})},
		{Name: "not found is data", Config: q("nope.test", "A"), Clients: mock, Host: []host.Option{both},
			Want: plugintest.Want{Status: entities.StatusFailure, Message: "nope.test has no A records",
				Data: map[string]any{"is_not_found": true, "record_count": 0, "records": []string{}}}},
		{Name: "missing expected value", Config: map[string]any{"hostname": "www.test", "nameserver": ns.Addr, "expected_values": []string{"192.0.2.99"}},
			Clients: mock, Host: []host.Option{both}, Want: plugintest.Want{Status: entities.StatusFailure, Message: "lack 192.0.2.99"}},
		{Name: "name not granted", Config: q("www.test", "A"), Host: []host.Option{grants(server)}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability", Message: "www.test:53"}},
		{Name: "nameserver not granted", Config: q("www.test", "A"), Host: []host.Option{grants(names)}, WasmOnly: true,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "capability", Message: "127.0.0.1:" + ns.Port}},
		{Name: "localhost from /etc/hosts", Config: map[string]any{"hostname": "localhost"}, WasmOnly: true,
			Host: []host.Option{grants(entities.NetworkRule{Hosts: []string{"localhost"}, Ports: []string{"53"}})},
			Want: ok(map[string]any{"records": []string{"127.0.0.1"}})},
		{Name: "bad record type", Config: map[string]any{"hostname": "www.test", "record_type": "SRV"}, Clients: mock,
			Want: plugintest.Want{Status: entities.StatusError, ErrorType: "config", Message: "record_type"}},
	}
	for i := range cases {
		cases[i].RealHost = true
	}
	plugintest.RunPluginTests(t, Plugin, cases, plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// The examples registered with RegisterOp, natively and through the .wasm
// in both host dialects, each with a mock resolver that also checks the
// nameserver it was asked through (in the .wasm run the mock answers in the
// local host, and sees the same nameserver).
func TestExamples(t *testing.T) {
	z := loopback.Zone{"example.com.": {"A": {"93.184.215.14"}, "MX": {"0 ."}}}
	plugintest.RunExamples(t, Plugin,
		plugintest.ExampleClients("basic_a", zoneResolver{Zone: z}),
		plugintest.ExampleClients("mx_from_nameserver", zoneResolver{Zone: z, Nameserver: "9.9.9.9"}),
		plugintest.WithWasm("."), plugintest.WithDialects(host.DialectW, host.DialectH))
}
