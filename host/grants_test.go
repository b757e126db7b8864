package host

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
)

func TestMatchHost(t *testing.T) {
	tests := []struct {
		pattern, host string
		want          bool
	}{
		{"*", "example.com", true},
		{"*", "93.184.216.34", true},
		{"*", "127.0.0.1", true}, // name level only: the dial-time check refuses loopback
		{"example.com", "example.com", true},
		{"example.com", "EXAMPLE.com.", true},
		{"Example.COM", "example.com", true},
		{"example.com", "www.example.com", false},
		{"example.com", "example.co", false},
		{"*.example.com", "api.example.com", true},
		{"*.example.com", "a.b.example.com", true},
		{"*.example.com", "example.com", false},
		{"*.example.com", "evilexample.com", false},
		{"*.example.com", "example.com.evil.net", false},
		{"api-*.example.com", "api-eu.example.com", true},
		{"api-*.example.com", "web.example.com", false},
		{"10.0.0.5", "10.0.0.5", true},
		{"10.0.0.5", "10.0.0.6", false},
		{"10.0.0.0/8", "10.1.2.3", true},
		{"10.0.0.0/8", "11.1.2.3", false},
		{"::1", "[::1]", true},
		{"fd00::/8", "fd12::1", true},
		{"localhost", "localhost", true},
		{"localhost", "127.0.0.1", true},
		{"localhost", "::1", true},
		{"localhost", "10.0.0.1", false},
		{"", "example.com", false},
		{"10.0.0.0/99", "10.0.0.1", false},
	}
	for _, tt := range tests {
		if got := matchHost(tt.pattern, tt.host); got != tt.want {
			t.Errorf("matchHost(%q, %q) = %v, want %v", tt.pattern, tt.host, got, tt.want)
		}
	}
}

func TestMatchPort(t *testing.T) {
	tests := []struct {
		pattern, port string
		want          bool
	}{
		{"443", "443", true},
		{"443", "80", false},
		{"*", "1", true},
		{"*", "65535", true},
		{"8000-9000", "8000", true},
		{"8000-9000", "9000", true},
		{"8000-9000", "8500", true},
		{"8000-9000", "7999", false},
		{"8000-9000", "9001", false},
		{"9000-8000", "8500", false},
		{"80-", "80", false},
		{"abc", "80", false},
		{"", "80", false},
		{"443", "x", false},
		{"443", "0443", true},
	}
	for _, tt := range tests {
		if got := matchPort(tt.pattern, tt.port); got != tt.want {
			t.Errorf("matchPort(%q, %q) = %v, want %v", tt.pattern, tt.port, got, tt.want)
		}
	}
}

func TestRestrictedClass(t *testing.T) {
	tests := map[string]string{
		"127.0.0.1":        "loopback",
		"127.5.6.7":        "loopback",
		"::1":              "loopback",
		"::ffff:127.0.0.1": "loopback",
		"10.1.2.3":         "private",
		"172.16.0.1":       "private",
		"172.31.255.255":   "private",
		"192.168.1.1":      "private",
		"fd00::1":          "private",
		"169.254.169.254":  "link-local",
		"fe80::1":          "link-local",
		"0.0.0.0":          "unspecified",
		"::":               "unspecified",
		"224.0.0.251":      "link-local",
		"239.1.1.1":        "multicast",
		"100.64.0.1":       "shared (CGNAT)",
		"93.184.216.34":    "",
		"172.32.0.1":       "",
		"2606:4700::1111":  "",
		"8.8.8.8":          "",
	}
	for ip, want := range tests {
		if got := restrictedClass(netip.MustParseAddr(ip)); got != want {
			t.Errorf("restrictedClass(%s) = %q, want %q", ip, got, want)
		}
	}
}

func TestAllowNetwork(t *testing.T) {
	g := testkit.NetGrant(
		testkit.NetRule("api.example.com", "443"),
		testkit.NetRule("*.internal.example", "8000-9000"),
		testkit.NetRule("dns.example", "53"),
	)
	tests := []struct {
		host, port string
		ok         bool
	}{
		{"api.example.com", "443", true},
		{"API.example.com.", "443", true},
		{"api.example.com", "80", false},
		{"svc.internal.example", "8080", true},
		{"svc.internal.example", "443", false}, // host of rule 2, port of rule 1: no single rule matches both
		{"api.example.com", "8080", false},     // port of rule 2, host of rule 1
		{"dns.example", "53", true},
		{"other.example", "443", false},
	}
	for _, tt := range tests {
		err := allowNetwork(g, tt.host, tt.port)
		if (err == nil) != tt.ok {
			t.Errorf("allowNetwork(%s:%s) = %v, want ok=%v", tt.host, tt.port, err, tt.ok)
		}
	}
	err := allowNetwork(entities.GrantSet{}, "internal.corp", "53")
	if err == nil || err.Error() != `permission denied: network internal.corp:53 not granted; add {hosts: ["internal.corp"], ports: ["53"]}` {
		t.Fatalf("denial message: %v", err)
	}
	testkit.WantDenied(t, err.(*denyError).detail())
}

func TestAllowDialAddr(t *testing.T) {
	tests := []struct {
		name  string
		g     entities.GrantSet
		addr  string
		allow bool
	}{
		{"public by wildcard", testkit.NetGrant(testkit.NetRule("*", "*")), "93.184.216.34:443", true},
		{"loopback not by wildcard", testkit.NetGrant(testkit.NetRule("*", "*")), "127.0.0.1:8080", false},
		{"private not by glob", testkit.NetGrant(testkit.NetRule("*.corp", "443")), "10.0.0.5:443", false},
		{"private by literal", testkit.NetGrant(testkit.NetRule("10.0.0.5", "443")), "10.0.0.5:443", true},
		{"private literal, other port", testkit.NetGrant(testkit.NetRule("10.0.0.5", "443")), "10.0.0.5:80", false},
		{"private literal, other address", testkit.NetGrant(testkit.NetRule("10.0.0.5", "443")), "10.0.0.6:443", false},
		{"private by CIDR", testkit.NetGrant(testkit.NetRule("10.0.0.0/8", "*")), "10.9.8.7:22", true},
		{"loopback by localhost", testkit.NetGrant(testkit.NetRule("localhost", "8080")), "127.0.0.1:8080", true},
		{"v6 loopback by localhost", testkit.NetGrant(testkit.NetRule("localhost", "8080")), "[::1]:8080", true},
		{"private not by localhost", testkit.NetGrant(testkit.NetRule("localhost", "*")), "192.168.0.1:80", false},
		{"link-local metadata", testkit.NetGrant(testkit.NetRule("*", "80")), "169.254.169.254:80", false},
		{"mapped loopback", testkit.NetGrant(testkit.NetRule("*", "*")), "[::ffff:127.0.0.1]:80", false},
		{"unspecified", testkit.NetGrant(testkit.NetRule("*", "*")), "0.0.0.0:80", false},
		{"no grant at all, public", entities.GrantSet{}, "8.8.8.8:53", true}, // the name-level check already ran
		{"garbage", testkit.NetGrant(testkit.NetRule("*", "*")), "nonsense", false},
	}
	for _, tt := range tests {
		err := allowDialAddr(tt.g, tt.addr)
		if (err == nil) != tt.allow {
			t.Errorf("%s: allowDialAddr(%s) = %v, want allow=%v", tt.name, tt.addr, err, tt.allow)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "permission denied: network") {
			t.Errorf("%s: message %q", tt.name, err)
		}
	}
	err := allowDialAddr(testkit.NetGrant(testkit.NetRule("*", "*")), "10.0.0.5:443")
	if want := `permission denied: network 10.0.0.5:443 is a private address, which only a rule naming it allows (wildcards do not); add {hosts: ["10.0.0.5"], ports: ["443"]}`; err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestAllowExec(t *testing.T) {
	g := entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{"/bin/echo", "/usr/bin/*", "/opt/tools/../bin/tool"}}}
	tests := []struct {
		cmd string
		ok  bool
	}{
		{"/bin/echo", true},
		{"/bin/../bin/echo", true},
		{"/bin//echo", true},
		{"/bin/./echo", true},
		{"/bin/sh", false},
		{"/usr/bin/env", true},
		{"/usr/bin/../bin/sh", true},     // cleans to /usr/bin/sh
		{"/usr/bin/../../bin/sh", false}, // cleans to /bin/sh
		{"/usr/bin/x/y", false},          // * stays within one segment
		{"/usr/bin", false},
		{"/opt/bin/tool", true}, // the grant is cleaned too
		{"/bin/echo2", false},
		{"echo", false},
	}
	for _, tt := range tests {
		err := allowExec(g, cleanCommand(tt.cmd))
		if (err == nil) != tt.ok {
			t.Errorf("allowExec(%q) = %v, want ok=%v", tt.cmd, err, tt.ok)
		}
	}
	if err := allowExec(entities.GrantSet{}, "/bin/sh"); err == nil ||
		err.Error() != `permission denied: exec /bin/sh not granted; add exec {commands: ["/bin/sh"]}` {
		t.Fatalf("message: %v", err)
	}
	if err := allowExec(entities.GrantSet{Exec: &entities.ExecCapability{Commands: []string{"[", "  "}}}, "/bin/["); err == nil {
		t.Fatal("a malformed pattern must match nothing")
	}
}

func TestMatchEnv(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"HOME", "HOME", true},
		{"HOME", "HOMEDIR", false},
		{"HOME", "home", false},
		{"AWS_*", "AWS_REGION", true},
		{"AWS_*", "AWS_", true},
		{"AWS_*", "AWS", false},
		{"AWS_*", "XAWS_REGION", false},
		{"*", "ANYTHING", true},
		{"", "HOME", false},
		{"HOME", "", false},
	}
	for _, tt := range tests {
		if got := matchEnv(tt.pattern, tt.name); got != tt.want {
			t.Errorf("matchEnv(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
	g := entities.GrantSet{Env: &entities.EnvCapability{Vars: []string{"HOME", "AWS_*"}}}
	got := grantedEnviron(g, []string{"HOME=/root", "AWS_REGION=eu", "SECRET=x", "AWS=1", "BROKEN"})
	if strings.Join(got, " ") != "HOME=/root AWS_REGION=eu" {
		t.Fatalf("grantedEnviron = %v", got)
	}
	if got := grantedEnviron(entities.GrantSet{}, []string{"HOME=/root"}); len(got) != 0 {
		t.Fatalf("no env grant must expose nothing, got %v", got)
	}
}

func TestMatchFSPath(t *testing.T) {
	tests := []struct {
		pattern, p string
		want       bool
	}{
		{"/etc/hosts", "/etc/hosts", true},
		{"/etc/hosts", "/etc/hostsx", false},
		{"/etc/*.conf", "/etc/resolv.conf", true},
		{"/etc/*.conf", "/etc/x/resolv.conf", false},
		{"/etc/**", "/etc", true},
		{"/etc/**", "/etc/a/b/c", true},
		{"/etc/**", "/etcx/a", false},
		{"/var/**/*.log", "/var/log/syslog.log", true},
		{"/var/**/*.log", "/var/a.log", true},
		{"/var/**/*.log", "/var/log/syslog", false},
		{"/a/**/b/**", "/a/x/y/b/z", true},
	}
	for _, tt := range tests {
		if got := matchFSPath(tt.pattern, tt.p); got != tt.want {
			t.Errorf("matchFSPath(%q, %q) = %v, want %v", tt.pattern, tt.p, got, tt.want)
		}
	}
	leads := []struct {
		pattern, dir string
		want         bool
	}{
		{"/etc/hosts", "/", true},
		{"/etc/hosts", "/etc", true},
		{"/etc/hosts", "/var", false},
		{"/etc/hosts", "/etc/hosts", false},
		{"/var/**/*.log", "/var/a/b", true},
		{"/srv/*/conf", "/srv/web", true},
		{"/srv/*/conf", "/srv/web/data", false},
	}
	for _, tt := range leads {
		if got := leadsTo(segments(tt.pattern), segments(tt.dir)); got != tt.want {
			t.Errorf("leadsTo(%q, %q) = %v, want %v", tt.pattern, tt.dir, got, tt.want)
		}
	}
}
