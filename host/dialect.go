package host

import (
	"fmt"
	"strings"
)

// Dialect is the JSON a host speaks on the reglet_host imports. Two Reglet
// hosts exist and they differ in field names, error shapes and clocks; a
// plugin built with this SDK works on both, and the local host can answer
// as either so plugins (and the SDK) are tested against both.
type Dialect int

const (
	// DialectW is the wire contract of the Reglet CLI and the upstream
	// plugin SDK v0.6.2 (WIRE.md). It is the default.
	DialectW Dialect = iota
	// DialectH is the JSON of the reglet-host-sdk v0.1.5 host library
	// (its host.Executor and the host functions of its bundles): errors as
	// {code, message} objects, host-level errors
	// {"error":"VALIDATION_ERROR","message":...,"code":400} for requests it
	// cannot decode or denies, latency_ms and tls_cert_expiry instead of
	// response_time_ms and tls_cert_not_after, a numeric port and use_tls /
	// use_starttls in tcp_connect and smtp_connect requests, header values
	// as single strings, a top-level timeout_ms instead of the context, and
	// wazero's fake clock (wall time from 2022-01-01) for the guest.
	DialectH
)

// String returns the dialect's flag name: "w" or "h".
func (d Dialect) String() string {
	switch d {
	case DialectW:
		return "w"
	case DialectH:
		return "h"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// ParseDialect reads a dialect name as the CLI's -dialect flag takes it:
// "w" (also "wire", "reglet") or "h" (also "host-sdk",
// "reglet-host-sdk"), case-insensitively.
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "w", "wire", "reglet":
		return DialectW, nil
	case "h", "host-sdk", "reglet-host-sdk":
		return DialectH, nil
	}
	return 0, fmt.Errorf("unknown host dialect %q: want w (the Reglet CLI's wire contract) or h (reglet-host-sdk v0.1.5)", s)
}

// WithDialect makes the host answer the plugin's reglet_host calls in
// dialect d, and run it the way that host does. Under DialectH:
//
//   - every request is first decoded in the WIRE.md shape and checked
//     against the grants, as H's capability middleware does; a denial is
//     the host-level {"error":"VALIDATION_ERROR","message":"network
//     capability denied: host:port","code":400} (the message is H's
//     checker text, without "permission denied"). A request that does not
//     decode in that shape skips this step, as on H;
//   - the request is then decoded in H's own shape (numeric port, use_tls,
//     header values as strings, top-level timeout_ms); a request that does
//     not decode is the host-level VALIDATION_ERROR "failed to unmarshal
//     request: ...". A tcp_connect or smtp_connect with a string port (the
//     only kind this SDK sends) therefore always ends here, as on H;
//   - responses use H's names and errors ({code, message} with H's codes);
//     a restricted address refused at dial time is SSRF_BLOCKED;
//   - the guest gets wazero's default clocks and randomness (wall time
//     starting at 2022-01-01T00:00:00Z, advancing a millisecond per read)
//     and the host never calls deallocate, as H's executor does.
//
// What stays as in DialectW, on purpose: the grant model (H lifts its
// private-address filter only for a grant matching 127.0.0.1 on port 0;
// here a rule naming the address is enough, so the same grants serve both
// dialects in tests), the WASI environment and preopened directories that
// the grants allow (H's executor provides none), log_message (H accepts
// the WIRE.md record) and the deadline that stops a runaway guest.
func WithDialect(d Dialect) Option {
	return func(c *config) { c.dialect = d }
}

// neverFrees reports whether the host must not call deallocate.
func (c *config) neverFrees() bool {
	return c.noDeallocate || c.dialect == DialectH
}
