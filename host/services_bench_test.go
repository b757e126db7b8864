package host

import (
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	experimentalsys "github.com/tetratelabs/wazero/experimental/sys"
	"github.com/tetratelabs/wazero/experimental/sysfs"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// A realistic operator grant: a dozen network rules, the match near the end.
var benchGrant = testkit.NetGrant(
	testkit.NetRule("api.example.com", "443"),
	testkit.NetRule("*.github.com,github.com", "443"),
	testkit.NetRule("registry.npmjs.org", "443"),
	testkit.NetRule("*.amazonaws.com", "443"),
	testkit.NetRule("10.0.0.0/8", "5432"),
	testkit.NetRule("db.internal", "5432,6379"),
	testkit.NetRule("*.svc.cluster.local", "8000-9000"),
	testkit.NetRule("smtp.example.com", "25,465,587"),
	testkit.NetRule("ns1.example.com,ns2.example.com", "53"),
	testkit.NetRule("localhost", "8080"),
	testkit.NetRule("*.monitoring.example.net", "9090-9100"),
	testkit.NetRule("*.corp.example.com", "443"),
)

func BenchmarkGrantNetworkAllowed(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if allowNetwork(benchGrant, "svc.prod.corp.example.com", "443") != nil {
			b.Fatal("denied")
		}
	}
}

func BenchmarkGrantNetworkDenied(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if allowNetwork(benchGrant, "evil.example.org", "443") == nil {
			b.Fatal("allowed")
		}
	}
}

func BenchmarkGrantDialAddr(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if allowDialAddr(benchGrant, "10.1.2.3:5432") != nil {
			b.Fatal("denied")
		}
	}
}

func BenchmarkGrantExec(b *testing.B) {
	g := execGrant("/usr/bin/systemctl", "/usr/sbin/*", "/opt/tools/*/bin/check")
	b.ReportAllocs()
	for b.Loop() {
		if allowExec(g, cleanCommand("/opt/tools/x/../y/bin/check")) != nil {
			b.Fatal("denied")
		}
	}
}

func BenchmarkGrantEnvFilter(b *testing.B) {
	g := entities.GrantSet{Env: &entities.EnvCapability{Vars: []string{"HOME", "AWS_*", "REGLET_*"}}}
	environ := os.Environ()
	b.ReportAllocs()
	for b.Loop() {
		grantedEnviron(g, environ)
	}
}

func BenchmarkGlobFSReadFile(b *testing.B) {
	root := fsTree(b, "etc/hosts", "etc/ssl/certs/a.pem")
	pats := []string{filepath.Join(root, "etc/hosts"), filepath.Join(root, "etc/ssl/**/*.pem")}
	g := newGlobFS(root, pats, pats)
	b.Run("globFS", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := fs.ReadFile(g, "etc/ssl/certs/a.pem"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("os.DirFS", func(b *testing.B) {
		d := os.DirFS(root)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := fs.ReadFile(d, "etc/ssl/certs/a.pem"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchCall serves req with fn in a loop and fails on an error response.
func benchCall(b *testing.B, cfg config, fn HostFunc, req any) {
	raw, _ := json.Marshal(req)
	ctx := callCtx(cfg)
	b.ReportAllocs()
	for b.Loop() {
		out := fn(ctx, raw)
		var probe struct {
			Error *entities.ErrorDetail `json:"error"`
		}
		if out != nil {
			json.Unmarshal(out, &probe)
		}
		if probe.Error != nil {
			b.Fatalf("%s", probe.Error)
		}
	}
}

func BenchmarkHostHTTP(b *testing.B) {
	srv, port := startHTTP(b)
	benchCall(b, cfgWith(WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", port)))), httpHostFunc,
		wire.HTTPRequest{Method: "GET", URL: srv.URL + "/ok"})
}

func BenchmarkHostHTTPS(b *testing.B) {
	p := testkit.TestPKI(b)
	srv := testkit.StartHTTP(b, p.ServerConfig())
	port := testkit.PortOf(b, srv.Listener.Addr().String())
	benchCall(b, cfgWith(WithRootCAs(p.Pool), WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", port)))), httpHostFunc,
		wire.HTTPRequest{Method: "GET", URL: srv.URL + "/ok"})
}

func BenchmarkHostHTTPDenied(b *testing.B) {
	raw, _ := json.Marshal(wire.HTTPRequest{Method: "GET", URL: "https://evil.example.org/"})
	ctx := callCtx(cfgWith(WithGrants(benchGrant)))
	b.ReportAllocs()
	for b.Loop() {
		httpHostFunc(ctx, raw)
	}
}

func BenchmarkHostDNS(b *testing.B) {
	ns := testkit.StartDNS(b, testkit.TestZone)
	benchCall(b, cfgWith(WithGrants(testkit.NetGrant(testkit.NetRule("*.test", "53"), testkit.NetRule("127.0.0.1", testkit.PortOf(b, ns))))), dnsHostFunc,
		wire.DNSRequest{Hostname: "a.test", Type: "A", Nameserver: ns})
}

func BenchmarkHostTCP(b *testing.B) {
	_, port := testkit.StartTCP(b, nil)
	benchCall(b, cfgWith(WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", port)))), tcpHostFunc,
		wire.TCPRequest{Host: "127.0.0.1", Port: port})
}

func BenchmarkHostTCPTLS(b *testing.B) {
	p := testkit.TestPKI(b)
	_, port := testkit.StartTCP(b, p.ServerConfig())
	benchCall(b, cfgWith(WithRootCAs(p.Pool), WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", port)))), tcpHostFunc,
		wire.TCPRequest{Host: "127.0.0.1", Port: port, TLS: true})
}

func BenchmarkHostSMTPStartTLS(b *testing.B) {
	p := testkit.TestPKI(b)
	port := testkit.SMTPServer{TLS: p.ServerConfig()}.Start(b)
	benchCall(b, cfgWith(WithRootCAs(p.Pool), WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", port)))), smtpHostFunc,
		wire.SMTPRequest{Host: "127.0.0.1", Port: port, StartTLS: true})
}

func BenchmarkHostExec(b *testing.B) {
	tru, err := exec.LookPath("true")
	if err != nil {
		b.Skip("no true")
	}
	benchCall(b, cfgWith(WithGrants(execGrant(tru))), execHostFunc,
		wire.ExecRequest{Command: tru, Args: []string{}})
}

func BenchmarkHostLog(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	benchCall(b, cfgWith(WithLogger(logger)), logHostFunc, wire.LogMessage{
		Timestamp: time.Now(), Level: "INFO", Message: "resolving",
		Attrs: []wire.LogAttr{{Key: "hostname", Type: "string", Value: "example.com"}, {Key: "attempt", Type: "int64", Value: "1"}},
	})
}

func BenchmarkConfinedFSOpen(b *testing.B) {
	root := fsTree(b, "out/a.txt")
	dir := filepath.Join(root, "out")
	open := func(b *testing.B, fsys interface {
		OpenFile(string, experimentalsys.Oflag, fs.FileMode) (experimentalsys.File, experimentalsys.Errno)
	}) {
		b.ReportAllocs()
		for b.Loop() {
			f, e := fsys.OpenFile("a.txt", experimentalsys.O_RDONLY, 0)
			if e != 0 {
				b.Fatal(e)
			}
			f.Close()
		}
	}
	b.Run("confinedFS", func(b *testing.B) { open(b, newConfinedFS(dir, []string{dir})) })
	b.Run("sysfs.DirFS", func(b *testing.B) { open(b, sysfs.DirFS(dir)) })
}
