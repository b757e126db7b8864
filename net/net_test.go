package net_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	sdknet "github.com/reglet-dev/reglet-plugin-sdk/net"
)

type fakeHTTP struct {
	got  *ports.HTTPRequest
	resp *ports.HTTPResponse
	err  error
}

func (f *fakeHTTP) Do(_ context.Context, r *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	f.got = r
	return f.resp, f.err
}
func (f *fakeHTTP) Get(ctx context.Context, url string) (*ports.HTTPResponse, error) {
	return f.Do(ctx, &ports.HTTPRequest{Method: "GET", URL: url})
}
func (f *fakeHTTP) Post(ctx context.Context, url, ct string, body []byte) (*ports.HTTPResponse, error) {
	return f.Do(ctx, &ports.HTTPRequest{Method: "POST", URL: url, Header: map[string][]string{"Content-Type": {ct}}, Body: body})
}

func configErr(t *testing.T, err error, want string) {
	t.Helper()
	var d *entities.ErrorDetail
	if !errors.As(err, &d) || d.Type != entities.ErrorTypeConfig || !strings.Contains(d.Message, want) {
		t.Errorf("err = %v, want a config error containing %q", err, want)
	}
}

// dataHas checks members of r.Data, compared as JSON.
func dataHas(t *testing.T, r *entities.Result, want map[string]any) {
	t.Helper()
	for k, w := range want {
		g, _ := json.Marshal(r.Data[k])
		wj, _ := json.Marshal(w)
		if string(g) != string(wj) {
			t.Errorf("data.%s = %s, want %s", k, g, wj)
		}
	}
}

func TestRunHTTPCheck(t *testing.T) {
	ctx := context.Background()
	ok := &fakeHTTP{resp: &ports.HTTPResponse{StatusCode: 200, Body: []byte("all systems operational"), Proto: "HTTP/1.1"}}
	r, err := sdknet.RunHTTPCheck(ctx, map[string]any{"url": "https://status.example.com", "expected_body_contains": "operational",
		"method": "post", "body": "{}", "headers": map[string]any{"X-A": "1"}, "body_preview_length": 3.0}, sdknet.WithHTTPClient(ok))
	if err != nil || r.Status != entities.StatusSuccess {
		t.Fatalf("%+v %v", r, err)
	}
	dataHas(t, r, map[string]any{"status_code": 200, "protocol": "HTTP/1.1", "body_size": 23, "body_preview": "all", "method": "POST",
		"body_sha256": "58080ac825ab4dd079f29b2fe5351ecf8931608209123d7c607669e94796e7be"})
	if ok.got.Method != "POST" || string(ok.got.Body) != "{}" || ok.got.Header["X-A"][0] != "1" {
		t.Fatalf("request %+v", ok.got)
	}
	for _, tc := range []struct {
		cfg  map[string]any
		resp *ports.HTTPResponse
		msg  string
	}{
		{map[string]any{"url": "http://x"}, &ports.HTTPResponse{StatusCode: 503}, "status 503, want 200"},
		{map[string]any{"url": "http://x", "expected_status": 301.0}, &ports.HTTPResponse{StatusCode: 200}, "status 200, want 301"},
		{map[string]any{"url": "http://x", "expected_body_contains": "ok"}, &ports.HTTPResponse{StatusCode: 200, Body: []byte("down")}, `body does not contain "ok"`},
	} {
		r, err := sdknet.RunHTTPCheck(ctx, tc.cfg, sdknet.WithHTTPClient(&fakeHTTP{resp: tc.resp}))
		if err != nil || r.Status != entities.StatusFailure || !strings.Contains(r.Message, tc.msg) {
			t.Errorf("%v: %+v %v, want failure %q", tc.cfg, r, err, tc.msg)
		}
	}
	for _, tc := range []struct {
		cfg  map[string]any
		want string
	}{
		{map[string]any{}, "url: required field is missing"},
		{map[string]any{"url": "ftp://x"}, `url: "ftp://x" does not match the pattern ^https?://`},
		{map[string]any{"url": "http://x", "headers": []any{}}, "headers"},
		{map[string]any{"url": "http://x", "timeout_seconds": "soon"}, "timeout_seconds"},
		{map[string]any{"url": "http://x", "expected_stauts": 200}, `did you mean "expected_status"`},
	} {
		_, err := sdknet.RunHTTPCheck(ctx, tc.cfg, sdknet.WithHTTPClient(ok))
		configErr(t, err, tc.want)
	}
	// A host error keeps its type and its message, without another layer.
	denied := entities.NewErrorDetail("capability", "permission denied: network x:80 not granted")
	_, err = sdknet.RunHTTPCheck(ctx, map[string]any{"url": "http://x"}, sdknet.WithHTTPClient(&fakeHTTP{err: denied}))
	if d := entities.ErrorDetailFrom(err, "network"); d.Type != "capability" || d.Message != denied.Message {
		t.Errorf("host error: %+v", d)
	}
	// The context's client is used when no option is given.
	if r, err := sdknet.RunHTTPCheck(plugin.WithClient(ctx, ok), map[string]any{"url": "http://x", "operation": "http"}); err != nil || r.Status != "success" {
		t.Errorf("context client: %+v %v", r, err)
	}
	if _, err := sdknet.RunHTTPCheck(ctx, map[string]any{"url": "http://x"}); err == nil || !strings.Contains(err.Error(), "net.WithHTTPClient") {
		t.Errorf("no client: %v", err)
	}
}

type fakeDNS struct {
	err error
	ns  *string // records the nameserver each lookup was given
}

func (f fakeDNS) rec(ctx context.Context) {
	if f.ns != nil {
		*f.ns = plugin.DNSNameserver(ctx)
	}
}
func (f fakeDNS) LookupHost(ctx context.Context, _ string) ([]string, error) {
	f.rec(ctx)
	if f.err != nil {
		return nil, f.err
	}
	return []string{"93.184.216.34", "2606:2800:220:1::1"}, nil
}
func (f fakeDNS) LookupCNAME(ctx context.Context, _ string) (string, error) {
	f.rec(ctx)
	return "edge.example.net.", f.err
}
func (f fakeDNS) LookupMX(ctx context.Context, _ string) ([]ports.MXRecord, error) {
	f.rec(ctx)
	return []ports.MXRecord{{Host: "mx1.example.com.", Pref: 10}, {Host: "mx2.example.com.", Pref: 20}}, f.err
}
func (f fakeDNS) LookupTXT(ctx context.Context, _ string) ([]string, error) {
	f.rec(ctx)
	return []string{"v=spf1 -all"}, f.err
}
func (f fakeDNS) LookupNS(ctx context.Context, _ string) ([]string, error) {
	f.rec(ctx)
	return nil, f.err
}

func TestRunDNSCheck(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		cfg    map[string]any
		status entities.Status
		data   map[string]any
	}{
		{map[string]any{"hostname": "example.com"}, "success", map[string]any{"records": []string{"93.184.216.34"}, "record_count": 1, "is_not_found": false}},
		{map[string]any{"hostname": "example.com", "record_type": "aaaa"}, "success", map[string]any{"records": []string{"2606:2800:220:1::1"}}},
		{map[string]any{"hostname": "example.com", "record_type": "CNAME"}, "success", map[string]any{"records": []string{"edge.example.net."}}},
		{map[string]any{"hostname": "example.com", "record_type": "MX"}, "success", map[string]any{
			"records":    []string{"mx1.example.com.", "mx2.example.com."},
			"mx_records": []map[string]any{{"host": "mx1.example.com.", "pref": 10}, {"host": "mx2.example.com.", "pref": 20}}}},
		{map[string]any{"hostname": "example.com", "record_type": "TXT", "expected_values": []any{"v=spf1 -all"}}, "success", map[string]any{"records": []string{"v=spf1 -all"}}},
		{map[string]any{"hostname": "example.com", "expected_values": []any{"1.2.3.4"}}, "failure", map[string]any{"records": []string{"93.184.216.34"}}},
		{map[string]any{"hostname": "example.com", "record_type": "NS"}, "failure", map[string]any{"records": []string{}, "is_not_found": true}},
	} {
		r, err := sdknet.RunDNSCheck(ctx, tc.cfg, sdknet.WithDNSResolver(fakeDNS{}))
		if err != nil || r.Status != tc.status {
			t.Errorf("%v: %+v %v", tc.cfg, r, err)
			continue
		}
		dataHas(t, r, tc.data)
	}
	_, err := sdknet.RunDNSCheck(ctx, map[string]any{"hostname": "x", "record_type": "SRV"}, sdknet.WithDNSResolver(fakeDNS{}))
	configErr(t, err, `record_type: "SRV" is not one of`)
	// Not found is data; another lookup error is returned as it is.
	notFound := &entities.ErrorDetail{Type: "network", Code: "NOT_FOUND", IsNotFound: true, Message: "dns_lookup A x: no such host"}
	r, err := sdknet.RunDNSCheck(ctx, map[string]any{"hostname": "x"}, sdknet.WithDNSResolver(fakeDNS{err: notFound}))
	if err != nil || r.Status != "failure" || r.Data["is_not_found"] != true {
		t.Errorf("not found: %+v %v", r, err)
	}
	timeout := &entities.ErrorDetail{Type: "timeout", Code: "TIMEOUT", IsTimeout: true, Message: "dns_lookup A x: i/o timeout"}
	if _, err = sdknet.RunDNSCheck(ctx, map[string]any{"hostname": "x"}, sdknet.WithDNSResolver(fakeDNS{err: timeout})); err == nil || err.Error() != timeout.Error() {
		t.Errorf("lookup error: %v", err)
	}
	// With a nameserver, a resolver in the context (a mock) is asked, and
	// told the nameserver.
	var ns string
	r, err = sdknet.RunDNSCheck(plugin.WithClient(ctx, fakeDNS{ns: &ns}), map[string]any{"hostname": "x", "nameserver": "10.0.0.2:53"})
	if err != nil || r.Status != "success" || ns != "10.0.0.2:53" {
		t.Errorf("nameserver through a mock: %+v %v, mock saw %q", r, err, ns)
	}
}

type fakeTCP struct{ conn *ports.TCPConnection }

func (f fakeTCP) Dial(ctx context.Context, h, p string) (*ports.TCPConnection, error) {
	return f.conn, nil
}
func (f fakeTCP) DialWithTimeout(ctx context.Context, h, p string, _ time.Duration) (*ports.TCPConnection, error) {
	return f.conn, nil
}
func (f fakeTCP) DialSecure(ctx context.Context, h, p string, _ time.Duration) (*ports.TCPConnection, error) {
	return f.conn, nil
}

func TestRunTCPCheck(t *testing.T) {
	ctx := context.Background()
	notAfter := time.Now().Add(10*24*time.Hour + time.Hour)
	up := &ports.TCPConnection{Connected: true, Address: "db:5432", TLS: true, TLSVersion: "TLS 1.3", TLSCertNotAfter: notAfter, TLSCertSubject: "CN=db"}
	for _, tc := range []struct {
		name   string
		cfg    map[string]any
		conn   *ports.TCPConnection
		status entities.Status
		msg    string
		data   map[string]any
	}{
		{"plain", map[string]any{"host": "db", "port": 5432.0}, up, "success", "accepts connections", map[string]any{"address": "db:5432", "connected": true}},
		{"port as a string", map[string]any{"host": "db", "port": "5432"}, up, "success", "", nil},
		{"tls facts", map[string]any{"host": "db", "port": 443, "tls": true}, up, "success", "accepts TLS (TLS 1.3)",
			map[string]any{"tls_cert_days_remaining": 10, "tls_cert_subject": "CN=db", "tls_cert_not_after": notAfter.UTC().Format(time.RFC3339)}},
		{"expiring", map[string]any{"host": "db", "port": "443", "tls": true, "min_days_valid": 30.0}, up, "failure", "want at least 30", nil},
		{"tls version", map[string]any{"host": "db", "port": 443, "tls": true, "expected_tls_version": "TLS 1.2"}, up, "failure", "want TLS 1.2", nil},
		{"verification failed", map[string]any{"host": "db", "port": 443, "tls": true},
			&ports.TCPConnection{TLS: true, TLSCertNotAfter: time.Now().Add(-36 * time.Hour), TLSVerifyError: "x509: certificate has expired"},
			"failure", "certificate has expired", map[string]any{"connected": false, "tls_cert_days_remaining": -2}},
		{"not connected", map[string]any{"host": "db", "port": 1.0}, &ports.TCPConnection{}, "failure", "did not accept", nil},
	} {
		r, err := sdknet.RunTCPCheck(ctx, tc.cfg, sdknet.WithTCPDialer(fakeTCP{tc.conn}))
		if err != nil || r.Status != tc.status || !strings.Contains(r.Message, tc.msg) {
			t.Errorf("%s: %+v %v", tc.name, r, err)
			continue
		}
		dataHas(t, r, tc.data)
	}
	_, err := sdknet.RunTCPCheck(ctx, map[string]any{"host": "db"}, sdknet.WithTCPDialer(fakeTCP{up}))
	configErr(t, err, "port: required field is missing")
	_, err = sdknet.RunTCPCheck(ctx, map[string]any{"host": "db", "port": 70000.0}, sdknet.WithTCPDialer(fakeTCP{up}))
	configErr(t, err, "maximum 65535")
	_, err = sdknet.RunTCPCheck(ctx, map[string]any{"host": "db", "port": 1, "timeout_seconds": 5}, sdknet.WithTCPDialer(fakeTCP{up}))
	configErr(t, err, "timeout_seconds: unknown field")
}

type fakeSMTP struct{ conn *ports.SMTPConnection }

func (f fakeSMTP) Connect(context.Context, ports.SMTPRequest) (*ports.SMTPConnection, error) {
	return f.conn, nil
}

func TestRunSMTPCheck(t *testing.T) {
	ctx := context.Background()
	c := &ports.SMTPConnection{Connected: true, Banner: "220 mx ESMTP ready", TLS: true}
	r, err := sdknet.RunSMTPCheck(ctx, map[string]any{"host": "mx", "starttls": true, "expected_banner_contains": "ESMTP"}, sdknet.WithSMTPClient(fakeSMTP{c}))
	if err != nil || r.Status != "success" {
		t.Fatalf("%+v %v", r, err)
	}
	notOffered := &ports.SMTPConnection{Connected: true, Banner: "220 mx", StartTLSNotOffered: true}
	r, _ = sdknet.RunSMTPCheck(ctx, map[string]any{"host": "mx", "starttls": true}, sdknet.WithSMTPClient(fakeSMTP{notOffered}))
	if r.Status != "failure" || !strings.Contains(r.Message, "does not offer STARTTLS") || r.Data["banner"] != "220 mx" {
		t.Fatalf("STARTTLS not offered: %+v", r)
	}
	plain := &ports.SMTPConnection{Connected: true, Banner: "220 mx"}
	r, _ = sdknet.RunSMTPCheck(ctx, map[string]any{"host": "mx", "tls": true}, sdknet.WithSMTPClient(fakeSMTP{plain}))
	if r.Status != "failure" || !strings.Contains(r.Message, "did not negotiate TLS") {
		t.Fatalf("no TLS: %+v", r)
	}
	_, err = sdknet.RunSMTPCheck(ctx, map[string]any{"host": "mx", "tls": true, "starttls": true}, sdknet.WithSMTPClient(fakeSMTP{c}))
	configErr(t, err, `tls: not allowed together with "starttls"`)
}

// The checks called directly (no schema in between, as a handler may)
// keep their own checks of the rules the configs' tags state.
func TestChecksOwnRules(t *testing.T) {
	ctx := context.Background()
	_, err := sdknet.CheckHTTP(ctx, &sdknet.HTTPConfig{URL: "ftp://x"})
	configErr(t, err, "http:// or https://")
	_, err = sdknet.CheckSMTP(ctx, &sdknet.SMTPConfig{Host: "mx", TLS: true, StartTLS: true})
	configErr(t, err, "exclude each other")
}
