package host

import (
	"fmt"
	"net"
	"net/netip"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// This file holds the grant matchers. They are pure functions of a GrantSet
// and a request, so they are table-tested without any I/O.
//
// Network. A connection to host:port is allowed when ONE rule matches both
// the host and the port. Host patterns, compared case-insensitively with any
// trailing dot removed:
//   - "*" matches every host name and every public address;
//   - a glob ("*.example.com", "api-*.example.com"): '*' matches any run of
//     characters, dots included, so "*.example.com" matches
//     "a.b.example.com" but not "example.com";
//   - an IP literal ("10.0.0.5", "::1") matches that address;
//   - a CIDR ("10.0.0.0/8") matches the addresses in it;
//   - "localhost" matches the name localhost and every loopback address.
//
// Ports: "443", a range "8000-9000" (inclusive) or "*". A malformed pattern
// matches nothing.
//
// Restricted addresses (loopback, RFC 1918 / unique-local private,
// link-local, CGNAT shared space, unspecified, multicast) are refused at
// dial time unless a rule whose port matches names the address explicitly:
// an IP literal, a CIDR containing it, or "localhost" for loopback. Globs,
// "*" included, never grant a restricted address. The dial-time check sees
// the address actually connected to, after DNS, on every redirect hop.

// denyError is a capability denial travelling through net/http or the
// dialer as an ordinary error; classifyErr turns it back into the
// CAPABILITY_DENIED ErrorDetail.
type denyError struct{ msg string }

func (e *denyError) Error() string { return e.msg }

func denied(format string, args ...any) *denyError {
	return &denyError{msg: "permission denied: " + fmt.Sprintf(format, args...)}
}

func (e *denyError) detail() *entities.ErrorDetail {
	return &entities.ErrorDetail{Type: entities.ErrorTypeCapability, Code: wire.CodeCapabilityDenied, Message: e.msg}
}

// normHost lower-cases a host name, strips IPv6 brackets and a trailing dot.
func normHost(h string) string {
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	h = strings.TrimSuffix(h, ".")
	return strings.ToLower(h)
}

// matchPort reports whether port (decimal) matches pattern.
func matchPort(pattern, port string) bool {
	pattern = strings.TrimSpace(pattern)
	if pattern == "*" {
		return true
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 0 || p > 65535 {
		return false
	}
	if lo, hi, ok := strings.Cut(pattern, "-"); ok {
		l, err1 := strconv.Atoi(strings.TrimSpace(lo))
		h, err2 := strconv.Atoi(strings.TrimSpace(hi))
		return err1 == nil && err2 == nil && l <= p && p <= h
	}
	n, err := strconv.Atoi(pattern)
	return err == nil && n == p
}

// matchHost reports whether host matches pattern (see the file comment).
// It answers the name-level question; restricted addresses are checked
// again at dial time by allowDialAddr.
func matchHost(pattern, host string) bool {
	host = normHost(host)
	ip, err := netip.ParseAddr(host)
	return matchHostNorm(pattern, host, ip.Unmap(), err == nil)
}

// matchHostNorm is matchHost for a host already normalized and parsed
// (isIP with ip when it is an address literal), so a request parses its
// host once, not once per pattern.
func matchHostNorm(pattern, host string, ip netip.Addr, isIP bool) bool {
	pattern = normHost(strings.TrimSpace(pattern))
	if pattern == "" || host == "" {
		return false
	}
	if pattern == "*" {
		return true
	}
	if strings.Contains(pattern, "*") {
		return globMatch(pattern, host)
	}
	if isIP {
		return patternNamesAddr(pattern, ip)
	}
	return pattern == host
}

// patternNamesAddr reports whether pattern names ip explicitly: an equal IP
// literal, a CIDR containing it, or "localhost" for a loopback address.
func patternNamesAddr(pattern string, ip netip.Addr) bool {
	pattern = normHost(strings.TrimSpace(pattern))
	if pattern == "localhost" {
		return ip.IsLoopback()
	}
	if strings.Contains(pattern, "/") {
		pfx, err := netip.ParsePrefix(pattern)
		return err == nil && pfx.Masked().Contains(ip)
	}
	p, err := netip.ParseAddr(pattern)
	return err == nil && p.Unmap() == ip
}

// globMatch matches s against a pattern where '*' is any run of characters
// (dots included) and everything else is literal.
func globMatch(pattern, s string) bool {
	star := strings.IndexByte(pattern, '*')
	if star < 0 {
		return pattern == s
	}
	if !strings.HasPrefix(s, pattern[:star]) {
		return false
	}
	s = s[star:]
	pattern = strings.TrimLeft(pattern[star+1:], "*")
	if pattern == "" {
		return true
	}
	// Try every position for the rest of the pattern.
	for i := 0; i <= len(s); i++ {
		if globMatch(pattern, s[i:]) {
			return true
		}
	}
	return false
}

// restrictedClass names the class of a restricted address, or "" for a
// public one.
func restrictedClass(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast():
		return "multicast"
	case cgnat.Contains(ip):
		return "shared (CGNAT)"
	}
	return ""
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// allowNetwork checks host:port against the network grant.
func allowNetwork(g entities.GrantSet, host, port string) error {
	host = normHost(host)
	ip, err := netip.ParseAddr(host)
	isIP := err == nil
	ip = ip.Unmap()
	if g.Network != nil {
		for _, r := range g.Network.Rules {
			if anyPort(r.Ports, port) && anyHost(r.Hosts, host, ip, isIP) {
				return nil
			}
		}
	}
	return denied("network %s not granted; add {hosts: [%q], ports: [%q]}",
		net.JoinHostPort(host, port), host, port)
}

func anyPort(patterns []string, port string) bool {
	for _, p := range patterns {
		if matchPort(p, port) {
			return true
		}
	}
	return false
}

func anyHost(patterns []string, host string, ip netip.Addr, isIP bool) bool {
	for _, p := range patterns {
		if matchHostNorm(p, host, ip, isIP) {
			return true
		}
	}
	return false
}

// allowDialAddr is the dial-time check on the address actually connected
// to ("ip:port"): a restricted address needs a rule that names it.
func allowDialAddr(g entities.GrantSet, address string) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return denied("network address %q is not an IP address and port", address)
	}
	ip := ap.Addr().Unmap()
	class := restrictedClass(ip)
	if class == "" {
		return nil
	}
	port := strconv.Itoa(int(ap.Port()))
	if g.Network != nil {
		for _, r := range g.Network.Rules {
			if !anyPort(r.Ports, port) {
				continue
			}
			for _, h := range r.Hosts {
				if patternNamesAddr(h, ip) {
					return nil
				}
			}
		}
	}
	return denied("network %s is a %s address, which only a rule naming it allows (wildcards do not); add {hosts: [%q], ports: [%q]}",
		net.JoinHostPort(ip.String(), port), class, ip.String(), port)
}

// cleanCommand returns the cleaned absolute form of a command path.
func cleanCommand(cmd string) string {
	return filepath.Clean(cmd)
}

// allowExec checks an absolute command path (already cleaned) against the
// exec grant; patterns are path.Match globs ('*' stays within one path
// segment) and are cleaned too.
func allowExec(g entities.GrantSet, cmd string) error {
	if g.Exec != nil {
		for _, p := range g.Exec.Commands {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if ok, err := path.Match(path.Clean(p), cmd); err == nil && ok {
				return nil
			}
		}
	}
	return denied("exec %s not granted; add exec {commands: [%q]}", cmd, cmd)
}

// matchEnv reports whether the variable name matches pattern: an exact
// NAME, a prefix PREFIX_* (any pattern ending in '*'), or "*".
func matchEnv(pattern, name string) bool {
	pattern = strings.TrimSpace(pattern)
	if pattern == "" || name == "" {
		return false
	}
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(name, prefix)
	}
	return pattern == name
}

// allowEnv reports whether the env grant makes variable name visible.
func allowEnv(g entities.GrantSet, name string) bool {
	if g.Env == nil {
		return false
	}
	for _, p := range g.Env.Vars {
		if matchEnv(p, name) {
			return true
		}
	}
	return false
}

// grantedEnviron filters environ ("K=V" entries) to the granted variables.
func grantedEnviron(g entities.GrantSet, environ []string) []string {
	var out []string
	for _, kv := range environ {
		k, _, ok := strings.Cut(kv, "=")
		if ok && allowEnv(g, k) {
			out = append(out, kv)
		}
	}
	return out
}
