package net_test

import (
	"context"
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

func TestRunHTTPCheck(t *testing.T) {
	ctx := context.Background()
	ok := &fakeHTTP{resp: &ports.HTTPResponse{StatusCode: 200, Body: []byte("all systems operational"), Proto: "HTTP/1.1"}}
	r, err := sdknet.RunHTTPCheck(ctx, map[string]any{"url": "https://status.example.com", "expected_body_contains": "operational",
		"method": "post", "body": "{}", "headers": map[string]any{"X-A": "1", "X-B": []any{"2", "3"}}}, sdknet.WithHTTPClient(ok))
	if err != nil || r.Status != entities.StatusSuccess || r.Data["status_code"] != 200 {
		t.Fatalf("%+v %v", r, err)
	}
	if ok.got.Method != "POST" || string(ok.got.Body) != "{}" || ok.got.Header["X-B"][1] != "3" {
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
	_, err = sdknet.RunHTTPCheck(ctx, map[string]any{}, sdknet.WithHTTPClient(ok))
	configErr(t, err, `"url" is required`)
	_, err = sdknet.RunHTTPCheck(ctx, map[string]any{"url": "ftp://x"}, sdknet.WithHTTPClient(ok))
	configErr(t, err, "http:// or https://")
	_, err = sdknet.RunHTTPCheck(ctx, map[string]any{"url": "http://x", "headers": []any{}}, sdknet.WithHTTPClient(ok))
	configErr(t, err, `"headers" must be an object`)
	_, err = sdknet.RunHTTPCheck(ctx, map[string]any{"url": "http://x", "timeout_seconds": "soon"}, sdknet.WithHTTPClient(ok))
	configErr(t, err, `"timeout_seconds"`)
	// A host error keeps its type and gains the request in its message.
	denied := entities.NewErrorDetail("capability", "permission denied: network x:80 not granted")
	_, err = sdknet.RunHTTPCheck(ctx, map[string]any{"url": "http://x"}, sdknet.WithHTTPClient(&fakeHTTP{err: denied}))
	if d := entities.ErrorDetailFrom(err, "network"); d.Type != "capability" || !strings.HasPrefix(d.Message, "GET http://x: permission denied") {
		t.Errorf("host error: %+v", d)
	}
	// The context's client is used when no option is given.
	if r, err := sdknet.RunHTTPCheck(plugin.WithClient(ctx, ok), map[string]any{"url": "http://x"}); err != nil || r.Status != "success" {
		t.Errorf("context client: %+v %v", r, err)
	}
	if _, err := sdknet.RunHTTPCheck(ctx, map[string]any{"url": "http://x"}); err == nil || !strings.Contains(err.Error(), "net.WithHTTPClient") {
		t.Errorf("no client: %v", err)
	}
}

type fakeDNS struct{ err error }

func (f fakeDNS) LookupHost(context.Context, string) ([]string, error) {
	return []string{"93.184.216.34", "2606:2800:220:1::1"}, f.err
}
func (f fakeDNS) LookupCNAME(context.Context, string) (string, error) {
	return "edge.example.net.", f.err
}
func (f fakeDNS) LookupMX(context.Context, string) ([]ports.MXRecord, error) {
	return []ports.MXRecord{{Host: "mx1.example.com.", Pref: 10}}, f.err
}
func (f fakeDNS) LookupTXT(context.Context, string) ([]string, error) {
	return []string{"v=spf1 -all"}, f.err
}
func (f fakeDNS) LookupNS(context.Context, string) ([]string, error) { return nil, f.err }

func TestRunDNSCheck(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		cfg     map[string]any
		status  entities.Status
		records []string
	}{
		{map[string]any{"hostname": "example.com"}, "success", []string{"93.184.216.34"}},
		{map[string]any{"hostname": "example.com", "record_type": "aaaa"}, "success", []string{"2606:2800:220:1::1"}},
		{map[string]any{"hostname": "example.com", "record_type": "CNAME"}, "success", []string{"edge.example.net."}},
		{map[string]any{"hostname": "example.com", "record_type": "MX"}, "success", []string{"10 mx1.example.com."}},
		{map[string]any{"hostname": "example.com", "record_type": "TXT", "expected_values": []any{"v=spf1 -all"}}, "success", []string{"v=spf1 -all"}},
		{map[string]any{"hostname": "example.com", "expected_values": []any{"1.2.3.4"}}, "failure", []string{"93.184.216.34"}},
		{map[string]any{"hostname": "example.com", "record_type": "NS"}, "failure", nil},
	} {
		r, err := sdknet.RunDNSCheck(ctx, tc.cfg, sdknet.WithDNSResolver(fakeDNS{}))
		if err != nil || r.Status != tc.status {
			t.Errorf("%v: %+v %v", tc.cfg, r, err)
			continue
		}
		got, _ := r.Data["records"].([]string)
		if strings.Join(got, ",") != strings.Join(tc.records, ",") {
			t.Errorf("%v: records %v, want %v", tc.cfg, got, tc.records)
		}
	}
	_, err := sdknet.RunDNSCheck(ctx, map[string]any{"hostname": "x", "record_type": "SRV"}, sdknet.WithDNSResolver(fakeDNS{}))
	configErr(t, err, "must be one of A, AAAA")
	_, err = sdknet.RunDNSCheck(ctx, map[string]any{"hostname": "x"}, sdknet.WithDNSResolver(fakeDNS{err: entities.NewErrorDetail("network", "nxdomain")}))
	if err == nil || !strings.Contains(err.Error(), "A lookup of x") {
		t.Errorf("lookup error: %v", err)
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
	up := &ports.TCPConnection{Connected: true, Address: "db:5432", TLS: true, TLSVersion: "TLS 1.3", TLSCertNotAfter: time.Now().Add(10 * 24 * time.Hour)}
	r, err := sdknet.RunTCPCheck(ctx, map[string]any{"host": "db", "port": 5432.0}, sdknet.WithTCPDialer(fakeTCP{up}))
	if err != nil || r.Status != "success" || r.Data["address"] != "db:5432" {
		t.Fatalf("%+v %v", r, err)
	}
	r, err = sdknet.RunTCPCheck(ctx, map[string]any{"host": "db", "port": "443", "tls": true, "min_days_valid": 30.0}, sdknet.WithTCPDialer(fakeTCP{up}))
	if err != nil || r.Status != "failure" || !strings.Contains(r.Message, "want at least 30") {
		t.Fatalf("expiring cert: %+v %v", r, err)
	}
	r, err = sdknet.RunTCPCheck(ctx, map[string]any{"host": "db", "port": 1.0}, sdknet.WithTCPDialer(fakeTCP{&ports.TCPConnection{}}))
	if err != nil || r.Status != "failure" {
		t.Fatalf("refused: %+v %v", r, err)
	}
	_, err = sdknet.RunTCPCheck(ctx, map[string]any{"host": "db"}, sdknet.WithTCPDialer(fakeTCP{up}))
	configErr(t, err, `"port" is required`)
	_, err = sdknet.RunTCPCheck(ctx, map[string]any{"host": "db", "port": 70000.0}, sdknet.WithTCPDialer(fakeTCP{up}))
	configErr(t, err, "from 1 to 65535")
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
	plain := &ports.SMTPConnection{Connected: true, Banner: "220 mx"}
	r, _ = sdknet.RunSMTPCheck(ctx, map[string]any{"host": "mx", "starttls": true}, sdknet.WithSMTPClient(fakeSMTP{plain}))
	if r.Status != "failure" || !strings.Contains(r.Message, "did not negotiate TLS") {
		t.Fatalf("no TLS: %+v", r)
	}
	_, err = sdknet.RunSMTPCheck(ctx, map[string]any{"host": "mx", "tls": true, "starttls": true}, sdknet.WithSMTPClient(fakeSMTP{c}))
	configErr(t, err, "exclude each other")
}
