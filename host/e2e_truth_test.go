package host_test

import (
	"encoding/json"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
)

// The local host tells the truth about the world, seen through the .wasm
// (hostprobe) with the host's real services against loopback servers.

// started returns a function that takes a loopback server's constructor's
// results, fails the test on an error, and closes the server at the end.
func dump(r *entities.Result) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// LookupHost succeeds when either family answers.
func TestE2ELookupHostEitherFamily(t *testing.T) {
	ns := testkit.Started(t)(loopback.DNS(loopback.Zone{
		"v4only.test.":   {"A": {"192.0.2.7"}, "AAAA": {"SERVFAIL"}},
		"v6only.test.":   {"A": {"SERVFAIL"}, "AAAA": {"2001:db8::7"}},
		"nodata.test.":   {"A": {}, "AAAA": {}},
		"bothfail.test.": {"A": {"SERVFAIL"}, "AAAA": {"SERVFAIL"}},
	}))
	g := testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", ns.Port))
	tests := []struct {
		host     string
		want     string // addresses, comma-separated; "" for an error
		notFound bool
	}{
		{"v4only.test", "192.0.2.7", false},
		{"v6only.test", "2001:db8::7", false},
		{"nodata.test", "", true},
		{"bothfail.test", "", false},
	}
	for _, tt := range tests {
		r := probe(t, g, map[string]any{"call": "dns.lookup_host", "host": tt.host, "nameserver": ns.Addr})
		if tt.want != "" {
			d := ok(t, r)
			if b, _ := json.Marshal(d["addrs"]); !strings.Contains(string(b), tt.want) {
				t.Errorf("%s: addrs %s, want %s", tt.host, b, tt.want)
			}
			continue
		}
		if r.Status != entities.StatusError || r.Data["not_found"] != tt.notFound {
			t.Errorf("%s: %s", tt.host, dump(r))
		}
	}
}

// localhost from /etc/hosts with an IPv4 address only: the AAAA lookup
// ("no suitable address found") must not fail the whole LookupHost.
func TestE2ELookupHostLocalhostFromHostsFile(t *testing.T) {
	hosts, err := os.ReadFile("/etc/hosts")
	if err != nil {
		t.Skip("no /etc/hosts")
	}
	r := probe(t, testkit.NetGrant(testkit.NetRule("localhost", "53")), map[string]any{"call": "dns.lookup_host", "host": "localhost"})
	d := ok(t, r)
	if b, _ := json.Marshal(d["addrs"]); !strings.Contains(string(b), "127.0.0.1") {
		t.Fatalf("addrs %s (hosts file:\n%s)", b, hosts)
	}
}

// TLS certificates are reported even when they fail verification, with the
// verification error as data; extra CAs make them trusted; an IP target
// reports the IP as the server name.
func TestE2ETLSCertificateFacts(t *testing.T) {
	pki, err := loopback.NewPKI()
	if err != nil {
		t.Fatal(err)
	}
	valid, _ := pki.ServerTLS(40 * 24 * time.Hour)
	expired, _ := pki.ServerTLS(-48 * time.Hour)
	good := testkit.Started(t)(loopback.TCP(valid))
	old := testkit.Started(t)(loopback.TCP(expired))
	trust := host.WithExtraRootCAs(pki.CA)
	tests := []struct {
		name      string
		server    *loopback.Server
		host      string
		opts      []host.Option
		connected bool
		verifyErr string // substring; "" means none
		subject   string
	}{
		{"untrusted CA", good, "localhost", nil, false, "unknown authority", "CN=localhost"},
		{"extra CA trusted", good, "localhost", []host.Option{trust}, true, "", "CN=localhost"},
		{"IP target", good, "127.0.0.1", []host.Option{trust}, true, "", "CN=localhost"},
		{"expired", old, "localhost", []host.Option{trust}, false, "expired", "CN=localhost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := probe(t, testkit.NetGrant(testkit.NetRule(tt.host, tt.server.Port)), map[string]any{
				"call": "tcp.dial_secure", "host": tt.host, "port": tt.server.Port, "dial_timeout_ms": 3000}, tt.opts...)
			d := ok(t, r)
			ve, _ := d["tls_verify_error"].(string)
			if d["connected"] != tt.connected || d["tls_cert_subject"] != tt.subject || d["tls_cert_issuer"] != "CN=Reglet Loopback CA,O=Reglet" ||
				d["tls_cert_not_after"] == nil || d["tls_server_name"] != tt.host ||
				(tt.verifyErr == "") != (ve == "") || !strings.Contains(ve, tt.verifyErr) {
				t.Fatalf("%s", dump(r))
			}
		})
	}
	// SMTP over implicit TLS reports the certificate the same way.
	smtp := testkit.Started(t)(loopback.SMTP{TLS: expired, Implicit: true}.Start())
	r := probe(t, testkit.NetGrant(testkit.NetRule("localhost", smtp.Port)), map[string]any{"call": "smtp.connect", "host": "localhost", "port": smtp.Port, "tls": true}, trust)
	d := ok(t, r)
	if d["connected"] != false || !strings.Contains(d["tls_verify_error"].(string), "expired") || d["tls_cert_subject"] != "CN=localhost" ||
		!strings.HasPrefix(d["banner"].(string), "220") {
		t.Fatalf("smtp implicit TLS, expired: %s", dump(r))
	}
}

// STARTTLS not offered is a finding: the banner is kept, no error.
func TestE2ESMTPStartTLSNotOffered(t *testing.T) {
	smtp := testkit.Started(t)(loopback.SMTP{}.Start())
	r := probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", smtp.Port)), map[string]any{"call": "smtp.connect", "host": "127.0.0.1", "port": smtp.Port, "starttls": true})
	d := ok(t, r)
	if d["connected"] != true || d["tls"] != false || d["starttls_not_offered"] != true || d["banner"] != "220 mx.loopback.test ESMTP ready" {
		t.Fatalf("%s", dump(r))
	}
}

// One layer of context per message: the host's messages already name the
// function, and the SDK does not name it again.
func TestE2EErrorMessagesDoNotStutter(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := testkit.PortOf(t, ln.Addr().String())
	ln.Close()
	tests := []struct {
		fn  string
		cfg map[string]any
	}{
		{"http_request", map[string]any{"call": "http.get", "url": "http://127.0.0.1:" + closed + "/"}},
		{"tcp_connect", map[string]any{"call": "tcp.dial", "host": "127.0.0.1", "port": closed}},
		{"smtp_connect", map[string]any{"call": "smtp.connect", "host": "127.0.0.1", "port": closed}},
	}
	for _, tt := range tests {
		r := probe(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", closed)), tt.cfg)
		msg, _ := r.Data["error"].(string)
		if r.Status != entities.StatusError || !strings.HasPrefix(msg, tt.fn+" ") || strings.Count(msg, tt.fn) != 1 {
			t.Errorf("%s: message %q (%s)", tt.fn, msg, dump(r))
		}
	}
}
