// Package testkit is the one home of the SDK's test helpers: building the
// SDK's plugins to .wasm, grants, loopback servers (HTTP, TCP, SMTP, DNS, a
// throw-away PKI) and assertions on capability denials. Test files of host,
// the host-facing packages and the test plugins import it; nothing else
// does. It must not import host (host's internal tests use it).
//
// Every server listens on 127.0.0.1 only, closes when the test ends, and
// bounds each connection in time.
package testkit
