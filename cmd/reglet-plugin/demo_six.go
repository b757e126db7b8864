package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
)

// The six Reglet plugins (examples/dns, tcp, smtp, command, file; http is
// above), each observing loopback servers or temporary files with grants
// for exactly those.

// closers collects cleanups of a scenario's setup.
type closers []func()

func (c *closers) add(f func()) { *c = append(*c, f) }
func (c closers) run() {
	for i := len(c) - 1; i >= 0; i-- {
		c[i]()
	}
}

// fail runs the cleanups so far and returns err.
func (c closers) fail(err error) ([]string, grantFlags, func(), error) {
	c.run()
	return nil, grantFlags{}, nil, err
}

// serve registers the cleanup of a server the scenario started.
func (c *closers) serve(s *loopback.Server, err error) (*loopback.Server, error) {
	if err != nil {
		return nil, err
	}
	c.add(func() { s.Close() })
	return s, nil
}

// demoPKI makes a test CA, a server certificate for localhost and
// 127.0.0.1 valid for 90 days, and the CA's PEM file for -ca.
func demoPKI(c *closers) (*loopback.PKI, *tls.Config, string, error) {
	pki, err := loopback.NewPKI()
	if err != nil {
		return nil, nil, "", err
	}
	valid, err := pki.ServerTLS(90 * 24 * time.Hour)
	if err != nil {
		return nil, nil, "", err
	}
	ca, err := caFile(pki, c)
	return pki, valid, ca, err
}

// closedPort returns a loopback port nothing listens on.
func closedPort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port, ln.Close()
}

// caFile writes the PKI's CA certificate to a temporary PEM file for -ca.
func caFile(pki *loopback.PKI, c *closers) (string, error) {
	dir, err := os.MkdirTemp("", "reglet-demo-ca-")
	if err != nil {
		return "", err
	}
	c.add(func() { os.RemoveAll(dir) })
	f := filepath.Join(dir, "ca.pem")
	return f, os.WriteFile(f, pki.CAPEM(), 0o600)
}

func dnsScenario() scenario {
	return scenario{
		pkg: "./examples/dns",
		about: "the Reglet dns plugin (Op[net.DNSConfig, net.DNSResult], engine net.CheckDNS) asking a loopback DNS server; " +
			"grants: the names (*.test:53) AND the nameserver's address, plus localhost:53 for /etc/hosts",
		setup: func() ([]string, grantFlags, func(), error) {
			var c closers
			ns, err := c.serve(loopback.DNS(loopback.Zone{
				"www.test.":    {"A": {"192.0.2.10"}, "AAAA": {"2001:db8::10"}},
				"v4only.test.": {"A": {"192.0.2.4"}, "AAAA": {"SERVFAIL"}},
				"mail.test.":   {"MX": {"10 mx1.test.", "20 mx2.test."}, "TXT": {"v=spf1 -all"}},
			}))
			if err != nil {
				return c.fail(err)
			}
			q := func(name, typ string) string {
				return fmt.Sprintf(`{"hostname":%q,"record_type":%q,"nameserver":%q}`, name, typ, ns.Addr)
			}
			return []string{
					q("www.test", "A"), q("mail.test", "MX"), q("v4only.test", "A"), q("nope.test", "A"),
					`{"hostname":"localhost"}`,
					fmt.Sprintf(`{"hostname":"example.com","nameserver":%q}`, ns.Addr),
				}, grantFlags{net: listFlag{"*.test:53", "localhost:53", "127.0.0.1:" + ns.Port}},
				c.run, nil
		},
	}
}

func tcpScenario() scenario {
	return scenario{
		pkg: "./examples/tcp",
		about: "the Reglet tcp plugin (engine net.CheckTCP) against loopback servers: plain, TLS from a test CA trusted with -ca, " +
			"an expired certificate (reported, not hidden), an IP target, a closed port",
		setup: func() ([]string, grantFlags, func(), error) {
			var c closers
			pki, valid, ca, err := demoPKI(&c)
			if err != nil {
				return c.fail(err)
			}
			expired, err := pki.ServerTLS(-36 * time.Hour)
			if err != nil {
				return c.fail(err)
			}
			var srv [3]*loopback.Server
			for i, cfg := range []*tls.Config{nil, valid, expired} {
				if srv[i], err = c.serve(loopback.TCP(cfg)); err != nil {
					return c.fail(err)
				}
			}
			closed, err := closedPort()
			if err != nil {
				return c.fail(err)
			}
			plain, good, old := srv[0].Port, srv[1].Port, srv[2].Port
			return []string{
					fmt.Sprintf(`{"host":"127.0.0.1","port":%s}`, plain),
					fmt.Sprintf(`{"host":"localhost","port":%s,"tls":true,"min_days_valid":30,"expected_tls_version":"TLS 1.3"}`, good),
					fmt.Sprintf(`{"host":"127.0.0.1","port":%s,"tls":true}`, good),
					fmt.Sprintf(`{"host":"localhost","port":%s,"tls":true}`, old),
					fmt.Sprintf(`{"host":"127.0.0.1","port":%s,"timeout_ms":2000}`, closed),
				}, grantFlags{
					net: listFlag{"127.0.0.1:" + plain, "localhost:" + good, "127.0.0.1:" + good, "localhost:" + old, "127.0.0.1:" + closed},
					ca:  listFlag{ca},
				}, c.run, nil
		},
	}
}

func smtpScenario() scenario {
	return scenario{
		pkg: "./examples/smtp",
		about: "the Reglet smtp plugin (engine net.CheckSMTP) against loopback mail servers: a banner, STARTTLS with a CA " +
			"trusted with -ca, a server that does not offer STARTTLS (a failure that keeps the banner)",
		setup: func() ([]string, grantFlags, func(), error) {
			var c closers
			_, valid, ca, err := demoPKI(&c)
			if err != nil {
				return c.fail(err)
			}
			plain, err := c.serve(loopback.SMTP{}.Start())
			if err != nil {
				return c.fail(err)
			}
			secure, err := c.serve(loopback.SMTP{TLS: valid}.Start())
			if err != nil {
				return c.fail(err)
			}
			return []string{
					fmt.Sprintf(`{"host":"127.0.0.1","port":%s,"expected_banner_contains":"ESMTP"}`, plain.Port),
					fmt.Sprintf(`{"host":"localhost","port":%s,"starttls":true}`, secure.Port),
					fmt.Sprintf(`{"host":"127.0.0.1","port":%s,"starttls":true}`, plain.Port),
				}, grantFlags{net: listFlag{"127.0.0.1:" + plain.Port, "localhost:" + secure.Port}, ca: listFlag{ca}},
				c.run, nil
		},
	}
}

func commandScenario() scenario {
	return scenario{
		pkg: "./examples/command",
		about: "the Reglet command plugin (engine exec.CheckCommand): a program without a shell, a shell line (/bin/sh granted), " +
			"an exit code, a program not granted",
		setup: func() ([]string, grantFlags, func(), error) {
			echo, err := exec.LookPath("echo")
			if err != nil {
				return nil, grantFlags{}, nil, err
			}
			return []string{
				fmt.Sprintf(`{"command":%q,"args":["hello from the host"]}`, echo),
				`{"run":"echo $((6*7)) | tr 4 X","timeout":5}`,
				`{"run":"exit 3"}`,
				`{"command":"/usr/bin/id"}`,
			}, grantFlags{exec: listFlag{echo, "/bin/sh", "/usr/bin/tr", "/bin/tr"}}, func() {}, nil
		},
	}
}

func fileScenario() scenario {
	return scenario{
		pkg: "./examples/file",
		about: "the Reglet file plugin (engine files.Check) on a temporary directory granted read-only: a file with its hash, " +
			"a symlink (seen as one), a link leading outside the grant, a granted path that does not exist, a path outside " +
			"the grants; mode and owner are unknown (WASI preview 1 carries neither)",
		setup: func() ([]string, grantFlags, func(), error) {
			var c closers
			dir, err := os.MkdirTemp("", "reglet-demo-files-")
			if err != nil {
				return c.fail(err)
			}
			c.add(func() { os.RemoveAll(dir) })
			granted, outside := filepath.Join(dir, "granted"), filepath.Join(dir, "outside")
			conf := filepath.Join(granted, "app.conf")
			secret := filepath.Join(outside, "secret")
			for _, step := range []func() error{
				func() error { return os.Mkdir(granted, 0o755) },
				func() error { return os.Mkdir(outside, 0o755) },
				func() error { return os.WriteFile(conf, []byte("listen 8080\n"), 0o644) },
				func() error { return os.WriteFile(secret, []byte("s3cr3t\n"), 0o600) },
				func() error { return os.Symlink(conf, filepath.Join(granted, "current.conf")) },
				func() error { return os.Symlink(secret, filepath.Join(granted, "escape")) },
			} {
				if err := step(); err != nil {
					return c.fail(err)
				}
			}
			missing := filepath.Join(dir, "not-yet", "created.conf")
			q := func(p string, extra string) string { return fmt.Sprintf(`{"path":%s%s}`, strconv.Quote(p), extra) }
			return []string{
				q(conf, `,"hash":true,"read_content":true`),
				q(filepath.Join(granted, "current.conf"), ""),
				q(filepath.Join(granted, "escape"), `,"read_content":true`),
				q(missing, ""),
				q(secret, ""),
			}, grantFlags{read: listFlag{granted, missing}}, c.run, nil
		},
	}
}
