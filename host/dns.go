package host

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// nameserverAddr splits a dns_lookup nameserver ("1.2.3.4", "ns.example",
// "[::1]:5353", "127.0.0.1:5353") into host and port, port 53 by default.
func nameserverAddr(ns string) (string, string) {
	if h, p, err := net.SplitHostPort(ns); err == nil {
		return h, p
	}
	return normHost(ns), "53"
}

func serveDNS(ctx context.Context, hc *hostCall, req *wire.DNSRequest) any {
	resp := &wire.DNSResponse{}
	name := strings.TrimSpace(req.Hostname)
	if name == "" {
		resp.Error = validationErr("dns_lookup: hostname is empty")
		return resp
	}
	typ := strings.ToUpper(strings.TrimSpace(req.Type))
	if typ == "" {
		typ = "A"
	}
	switch typ {
	case "A", "AAAA", "CNAME", "MX", "TXT", "NS":
	default:
		resp.Error = validationErr("dns_lookup: unsupported record type %q (A, AAAA, CNAME, MX, TXT, NS)", req.Type)
		return resp
	}
	if err := allowNetwork(hc.grants, name, "53"); err != nil {
		resp.Error = err.(*denyError).detail()
		return resp
	}
	r := hc.cfg.resolver
	if r == nil {
		r = net.DefaultResolver
	}
	var dialDenied atomic.Pointer[denyError] // a dial-time denial, which net.DNSError would flatten into text
	if req.Nameserver != "" {
		nsHost, nsPort := nameserverAddr(req.Nameserver)
		if !validPort(nsPort) || nsHost == "" {
			resp.Error = validationErr("dns_lookup: invalid nameserver %q", req.Nameserver)
			return resp
		}
		if err := allowNetwork(hc.grants, nsHost, nsPort); err != nil {
			resp.Error = err.(*denyError).detail()
			return resp
		}
		d := hc.dialer()
		addr := net.JoinHostPort(nsHost, nsPort)
		r = &net.Resolver{
			PreferGo: true,
			Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
				c, err := d.DialContext(ctx, network, addr)
				var de *denyError
				if errors.As(err, &de) {
					dialDenied.Store(de)
				}
				return c, err
			},
		}
	}
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	var err error
	switch typ {
	case "A", "AAAA":
		network := "ip4"
		if typ == "AAAA" {
			network = "ip6"
		}
		var ips []net.IP
		ips, err = r.LookupIP(ctx, network, name)
		for _, ip := range ips {
			resp.Records = append(resp.Records, ip.String())
		}
	case "CNAME":
		var c string
		c, err = r.LookupCNAME(ctx, name)
		if err == nil {
			resp.Records = []string{c}
		}
	case "MX":
		var mxs []*net.MX
		mxs, err = r.LookupMX(ctx, name)
		for _, mx := range mxs {
			resp.MXRecords = append(resp.MXRecords, wire.MXRecord{Host: mx.Host, Pref: mx.Pref})
			resp.Records = append(resp.Records, mx.Host)
		}
	case "TXT":
		resp.Records, err = r.LookupTXT(ctx, name)
	case "NS":
		var nss []*net.NS
		nss, err = r.LookupNS(ctx, name)
		for _, ns := range nss {
			resp.Records = append(resp.Records, ns.Host)
		}
	}
	if de := dialDenied.Load(); err != nil && de != nil {
		err = de
	}
	if err != nil {
		resp.Records, resp.MXRecords = nil, nil
		resp.Error = classifyErr(ctx, "dns_lookup "+typ+" "+name, err)
	}
	return resp
}
