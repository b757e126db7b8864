package host

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

func doTCP(t testing.TB, g entities.GrantSet, req wire.TCPRequest, opts ...Option) wire.TCPResponse {
	t.Helper()
	return call[wire.TCPResponse](t, tcpHostFunc, g, req, opts...)
}

func TestTCPConnect(t *testing.T) {
	_, port := testkit.StartTCP(t, nil)
	resp := doTCP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.TCPRequest{Host: "127.0.0.1", Port: port})
	testkit.WantNoError(t, resp.Error)
	if !resp.Connected || resp.Address != "127.0.0.1:"+port || resp.RemoteAddr != "127.0.0.1:"+port ||
		!strings.HasPrefix(resp.LocalAddr, "127.0.0.1:") || resp.TLS {
		t.Fatalf("response %+v", resp)
	}
}

func TestTCPTLS(t *testing.T) {
	p := testkit.TestPKI(t)
	_, port := testkit.StartTCP(t, p.ServerConfig())
	g := testkit.NetGrant(testkit.NetRule("localhost", port))
	resp := doTCP(t, g, wire.TCPRequest{Host: "localhost", Port: port, TLS: true}, WithRootCAs(p.Pool))
	testkit.WantNoError(t, resp.Error)
	if !resp.Connected || !resp.TLS || resp.TLSVersion != "TLS 1.3" || resp.TLSCipherSuite == "" ||
		resp.TLSServerName != "localhost" || resp.TLSCertSubject != "CN=localhost" ||
		resp.TLSCertIssuer != "CN=Reglet Loopback CA,O=Reglet" || resp.TLSCertNotAfter == nil ||
		resp.TLSCertNotAfter.Before(time.Now()) {
		t.Fatalf("response %+v", resp)
	}
	// An untrusted certificate: not connected, the certificate and the
	// verification error reported as data.
	resp = doTCP(t, g, wire.TCPRequest{Host: "localhost", Port: port, TLS: true})
	testkit.WantNoError(t, resp.Error)
	if resp.Connected || resp.TLSCertSubject != "CN=localhost" || resp.TLSCertNotAfter == nil ||
		!strings.Contains(resp.TLSVerifyError, "certificate signed by unknown authority") {
		t.Fatalf("untrusted: response %+v", resp)
	}
	// The same CA trusted as an extra CA; an IP target reports the IP as
	// the server name.
	resp = doTCP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.TCPRequest{Host: "127.0.0.1", Port: port, TLS: true},
		WithExtraRootCAs(p.CA))
	testkit.WantNoError(t, resp.Error)
	if !resp.Connected || resp.TLSVerifyError != "" || resp.TLSServerName != "127.0.0.1" {
		t.Fatalf("extra CA, IP target: response %+v", resp)
	}
}

func TestTCPGrants(t *testing.T) {
	_, port := testkit.StartTCP(t, nil)
	tests := []struct {
		name  string
		g     entities.GrantSet
		allow bool
		msg   string
	}{
		{"literal", testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), true, ""},
		{"range", testkit.NetGrant(testkit.NetRule("127.0.0.1", "1024-65535")), true, ""},
		{"any port", testkit.NetGrant(testkit.NetRule("127.0.0.0/24", "*")), true, ""},
		{"wrong port", testkit.NetGrant(testkit.NetRule("127.0.0.1", "22")), false, "127.0.0.1:" + port + " not granted"},
		{"wildcard", testkit.NetGrant(testkit.NetRule("*", "*")), false, "loopback address"},
		{"none", entities.GrantSet{}, false, "not granted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := doTCP(t, tt.g, wire.TCPRequest{Host: "127.0.0.1", Port: port})
			if tt.allow {
				testkit.WantNoError(t, resp.Error)
				return
			}
			testkit.WantDenied(t, resp.Error, tt.msg)
			if resp.Connected {
				t.Fatal("denied but connected")
			}
		})
	}
}

func TestTCPErrors(t *testing.T) {
	ln, port := testkit.StartTCP(t, nil)
	ln.Close()
	resp := doTCP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.TCPRequest{Host: "127.0.0.1", Port: port})
	if resp.Connected || resp.Error == nil || resp.Error.Code != "CONNECTION_REFUSED" || resp.Error.Type != entities.ErrorTypeNetwork {
		t.Fatalf("want refused, got %+v", resp)
	}
	// A TLS probe of a server that never answers the handshake times out.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		c, err := silent.Accept()
		if err == nil {
			time.Sleep(3 * time.Second)
			c.Close()
		}
	}()
	sport := testkit.PortOf(t, silent.Addr().String())
	start := time.Now()
	resp = doTCP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", sport)), wire.TCPRequest{Host: "127.0.0.1", Port: sport, TLS: true, TimeoutMs: 200})
	if time.Since(start) > 2*time.Second || resp.Error == nil || !resp.Error.IsTimeout {
		t.Fatalf("want a timeout, got %+v after %v", resp.Error, time.Since(start))
	}
	for name, req := range map[string]any{
		"malformed":  []byte(`nope`),
		"no host":    wire.TCPRequest{Port: "80"},
		"bad port":   wire.TCPRequest{Host: "a", Port: "http"},
		"port range": wire.TCPRequest{Host: "a", Port: "70000"},
	} {
		var r wire.TCPResponse
		invoke(t, callCtx(cfgWith()), tcpHostFunc, req, &r)
		if r.Error == nil || r.Error.Type != entities.ErrorTypeValidation {
			t.Errorf("%s: want validation error, got %+v", name, r.Error)
		}
	}
}
