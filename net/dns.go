package net

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// RunDNSCheck resolves a name and checks the records. Config:
//
//	hostname         string, required
//	record_type      "A" (default), "AAAA", "CNAME", "MX", "TXT" or "NS"
//	nameserver       string: ask this server ("9.9.9.9", "10.0.0.2:53") instead
//	                 of the host's resolver (ignored when WithDNSResolver is given)
//	expected_values  array of strings that must all be among the records
//	timeout_seconds  number, default 10
//
// Data: hostname, record_type, records (MX records as "pref host"),
// response_time_ms. No records is a failure.
func RunDNSCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	o := apply(opts)
	host, err := config.MustGetString(cfg, "hostname")
	if err != nil {
		return nil, configError(err)
	}
	typ := strings.ToUpper(config.GetStringDefault(cfg, "record_type", "A"))
	if !slices.Contains([]string{"A", "AAAA", "CNAME", "MX", "TXT", "NS"}, typ) {
		return nil, configError(fmt.Errorf("config field %q must be one of A, AAAA, CNAME, MX, TXT, NS, got %q", "record_type", typ))
	}
	var expected []string
	if _, ok := cfg["expected_values"]; ok {
		if expected, err = config.MustGetStringSlice(cfg, "expected_values"); err != nil {
			return nil, configError(err)
		}
	}
	if ns := config.GetStringDefault(cfg, "nameserver", ""); ns != "" && o.dns == nil {
		o.dns = plugin.NewDNSResolver(plugin.WithNameserver(ns))
	}
	r, err := client(ctx, o.dns, "net.WithDNSResolver")
	if err != nil {
		return nil, err
	}
	ctx, cancel, _, err := withTimeout(ctx, cfg, 10*time.Second)
	if err != nil {
		return nil, err
	}
	defer cancel()
	start := time.Now()
	var records []string
	switch typ {
	case "A", "AAAA":
		addrs, lerr := r.LookupHost(ctx, host)
		err = lerr
		for _, a := range addrs {
			if strings.Contains(a, ":") == (typ == "AAAA") {
				records = append(records, a)
			}
		}
	case "CNAME":
		var cname string
		if cname, err = r.LookupCNAME(ctx, host); err == nil && cname != "" {
			records = []string{cname}
		}
	case "MX":
		mx, lerr := r.LookupMX(ctx, host)
		err = lerr
		for _, m := range mx {
			records = append(records, fmt.Sprintf("%d %s", m.Pref, m.Host))
		}
	case "TXT":
		records, err = r.LookupTXT(ctx, host)
	case "NS":
		records, err = r.LookupNS(ctx, host)
	}
	if err != nil {
		return nil, fmt.Errorf("%s lookup of %s: %w", typ, host, err)
	}
	data := map[string]any{"hostname": host, "record_type": typ, "records": records, "response_time_ms": ms(time.Since(start))}
	if len(records) == 0 {
		return entities.ResultFailure(fmt.Sprintf("%s has no %s records", host, typ), data), nil
	}
	var missing []string
	for _, want := range expected {
		if !slices.Contains(records, want) {
			missing = append(missing, want)
		}
	}
	if len(missing) > 0 {
		return entities.ResultFailure(fmt.Sprintf("%s %s records lack %s", host, typ, strings.Join(missing, ", ")), data), nil
	}
	return entities.ResultSuccess(fmt.Sprintf("%s has %d %s records", host, len(records), typ), data), nil
}
