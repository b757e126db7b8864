package net

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// DNSConfig is the config of the DNS check: the Reglet dns plugin's fields.
type DNSConfig struct {
	Hostname       string   `json:"hostname" jsonschema:"required,minLength=1,description=Name to resolve"`
	RecordType     string   `json:"record_type,omitempty" jsonschema:"enum=A,enum=AAAA,enum=CNAME,enum=MX,enum=TXT,enum=NS,default=A,description=Record type to look up"`
	Nameserver     string   `json:"nameserver,omitempty" jsonschema:"description=Server to ask (1.1.1.1 or 10.0.0.2:53) instead of the host's resolver"`
	ExpectedValues []string `json:"expected_values,omitempty" jsonschema:"description=Values that must all be among the records"`
}

// MXRecord is one mail exchanger in a DNSResult.
type MXRecord struct {
	Host string `json:"host"`
	Pref int    `json:"pref"`
}

// DNSResult is what the DNS check observed. Records holds the values (for
// MX the exchangers' host names, in preference order; MXRecords has them
// with their preferences).
type DNSResult struct {
	Hostname    string     `json:"hostname"`
	RecordType  string     `json:"record_type"`
	Nameserver  string     `json:"nameserver,omitempty"`
	Records     []string   `json:"records"`
	MXRecords   []MXRecord `json:"mx_records,omitempty"`
	RecordCount int        `json:"record_count"`
	QueryTimeMs int64      `json:"query_time_ms"`
	IsNotFound  bool       `json:"is_not_found"`
}

// CheckDNS looks up in.Hostname's records of in.RecordType (default A),
// from in.Nameserver when given. No records (is_not_found) and
// expected_values missing from the records are failures; other lookup
// errors (a denied capability, a timeout) are returned as they are.
//
// A and AAAA use LookupHost and keep the family asked for. The resolver is
// the WithDNSResolver option's, else plugin.NewDNSResolver with the
// nameserver (which a client given with plugin.WithClient overrides), else
// the context's.
func CheckDNS(ctx context.Context, in *DNSConfig, opts ...Option) (*DNSResult, error) {
	o := apply(opts)
	if in == nil || in.Hostname == "" {
		return nil, configError(fmt.Errorf("hostname: required field is missing"))
	}
	typ := strings.ToUpper(in.RecordType)
	if typ == "" {
		typ = "A"
	}
	if !slices.Contains([]string{"A", "AAAA", "CNAME", "MX", "TXT", "NS"}, typ) {
		return nil, configError(fmt.Errorf("record_type: must be one of A, AAAA, CNAME, MX, TXT, NS, got %q", in.RecordType))
	}
	if in.Nameserver != "" && o.dns == nil {
		o.dns = plugin.NewDNSResolver(plugin.WithNameserver(in.Nameserver))
	}
	r, err := client(ctx, o.dns, "net.WithDNSResolver")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out := &DNSResult{Hostname: in.Hostname, RecordType: typ, Nameserver: in.Nameserver, Records: []string{}}
	start := time.Now()
	switch typ {
	case "A", "AAAA":
		var addrs []string
		addrs, err = r.LookupHost(ctx, in.Hostname)
		for _, a := range addrs {
			if strings.Contains(a, ":") == (typ == "AAAA") {
				out.Records = append(out.Records, a)
			}
		}
	case "CNAME":
		var cname string
		if cname, err = r.LookupCNAME(ctx, in.Hostname); err == nil && cname != "" {
			out.Records = append(out.Records, cname)
		}
	case "MX":
		var mx []ports.MXRecord
		mx, err = r.LookupMX(ctx, in.Hostname)
		for _, m := range mx {
			out.Records = append(out.Records, m.Host)
			out.MXRecords = append(out.MXRecords, MXRecord{Host: m.Host, Pref: int(m.Pref)})
		}
	case "TXT":
		var recs []string
		recs, err = r.LookupTXT(ctx, in.Hostname)
		out.Records = append(out.Records, recs...)
	case "NS":
		var recs []string
		recs, err = r.LookupNS(ctx, in.Hostname)
		out.Records = append(out.Records, recs...)
	}
	out.QueryTimeMs = ms(time.Since(start))
	if err != nil && !errors.Is(err, ports.ErrNotFound) {
		return nil, err
	}
	out.RecordCount = len(out.Records)
	if len(out.Records) == 0 {
		out.IsNotFound = true
		return out, plugin.Failf("%s has no %s records", in.Hostname, typ)
	}
	var missing []string
	for _, want := range in.ExpectedValues {
		if !slices.Contains(out.Records, want) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return out, plugin.Failf("%s %s records lack %s", in.Hostname, typ, strings.Join(missing, ", "))
	}
	return out, nil
}

// RunDNSCheck is CheckDNS for a config map (the keys of DNSConfig,
// validated against its schema).
func RunDNSCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	in, err := decode[DNSConfig](cfg)
	if err != nil {
		return nil, err
	}
	out, err := CheckDNS(ctx, in, opts...)
	if out == nil {
		return nil, err
	}
	return result(out, fmt.Sprintf("%s has %d %s records", out.Hostname, out.RecordCount, out.RecordType), err)
}
