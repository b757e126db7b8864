package main

import (
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/exampletable"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
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
	mock := []any{exampletable.ZoneResolver{Zone: zone, Nameserver: ns.Addr}}
	q := func(name, typ string) map[string]any {
		return map[string]any{"hostname": name, "record_type": typ, "nameserver": ns.Addr}
	}
	exampletable.Run(t, Plugin, "./examples/dns", []exampletable.Case{
		{Name: "A", Config: q("www.test", "A"), Clients: mock, Opts: []host.Option{both}, Status: entities.StatusSuccess,
			Data: map[string]any{"records": []string{"192.0.2.10"}, "record_count": 1, "is_not_found": false, "query_time_ms": exampletable.Present}},
		{Name: "AAAA", Config: q("www.test", "AAAA"), Clients: mock, Opts: []host.Option{both}, Status: entities.StatusSuccess,
			Data: map[string]any{"records": []string{"2001:db8::10"}}},
		{Name: "A when AAAA fails", Config: q("v4only.test", "A"), Clients: mock, Opts: []host.Option{both}, Status: entities.StatusSuccess,
			Data: map[string]any{"records": []string{"192.0.2.4"}}},
		{Name: "CNAME", Config: q("alias.test", "CNAME"), Clients: mock, Opts: []host.Option{both}, Status: entities.StatusSuccess,
			Data: map[string]any{"records": []string{"www.test."}}},
		{Name: "MX structured", Config: q("mail.test", "MX"), Clients: mock, Opts: []host.Option{both}, Status: entities.StatusSuccess,
			Data: map[string]any{"records": []string{"mx1.test.", "mx2.test."}, "record_count": 2,
				"mx_records": []map[string]any{{"host": "mx1.test.", "pref": 10}, {"host": "mx2.test.", "pref": 20}}}},
		{Name: "TXT", Config: q("mail.test", "TXT"), Clients: mock, Opts: []host.Option{both}, Status: entities.StatusSuccess,
			Data: map[string]any{"records": []string{"v=spf1 -all"}}},
		{Name: "NS expected", Config: map[string]any{"hostname": "mail.test", "record_type": "NS", "nameserver": ns.Addr, "expected_values": []string{"ns1.test."}},
			Clients: mock, Opts: []host.Option{both}, Status: entities.StatusSuccess, Data: map[string]any{"records": []string{"ns1.test."}}},
		{Name: "not found is data", Config: q("nope.test", "A"), Clients: mock, Opts: []host.Option{both}, Status: entities.StatusFailure,
			Message: "nope.test has no A records", Data: map[string]any{"is_not_found": true, "record_count": 0, "records": []string{}}},
		{Name: "missing expected value", Config: map[string]any{"hostname": "www.test", "nameserver": ns.Addr, "expected_values": []string{"192.0.2.99"}},
			Clients: mock, Opts: []host.Option{both}, Status: entities.StatusFailure, Message: "lack 192.0.2.99"},
		{Name: "name not granted", Config: q("www.test", "A"), Opts: []host.Option{grants(server)}, Status: entities.StatusError,
			ErrType: "capability", Message: "www.test:53"},
		{Name: "nameserver not granted", Config: q("www.test", "A"), Opts: []host.Option{grants(names)}, Status: entities.StatusError,
			ErrType: "capability", Message: "127.0.0.1:" + ns.Port},
		{Name: "localhost from /etc/hosts", Config: map[string]any{"hostname": "localhost"}, WasmOnly: true,
			Opts:   []host.Option{grants(entities.NetworkRule{Hosts: []string{"localhost"}, Ports: []string{"53"}})},
			Status: entities.StatusSuccess, Data: map[string]any{"records": []string{"127.0.0.1"}}},
		{Name: "bad record type", Config: map[string]any{"hostname": "www.test", "record_type": "SRV"}, Clients: mock,
			Status: entities.StatusError, ErrType: "config", Message: "record_type"},
	})
}
