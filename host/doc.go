// Package host is a local Reglet host: it loads plugins built with this SDK
// (or any plugin that speaks the Reglet wire contract), calls their
// _manifest and _observe exports, and serves their reglet_host imports, on
// wazero.
//
// It is a plugin author's workbench: the CLI, the test harness and the
// benchmarks run plugins with it, and it behaves as the Reglet host does
// (the same exports and imports, the same ownership of memory, the same
// grants), so a plugin that works here works there.
//
// A Host owns one wazero runtime. Load compiles a module once (with a
// compilation cache) and returns a Plugin, which keeps a small pool of
// warm instances; each call takes an idle instance or instantiates one,
// and WithFreshInstances makes every call use a new instance instead.
// A call's context deadline stops a guest stuck in a loop: the call returns
// an error matching ErrTimeout and the instance is discarded.
//
// The host serves every reglet_host import itself (http_request,
// dns_lookup, tcp_connect, smtp_connect, exec_command, log_message) and
// enforces the GrantSet given with WithGrants: network host/port rules with
// private and loopback addresses refused at dial time unless named, an exec
// allow-list with an empty child environment, env variables and fs paths
// exposed through WASI. GRANTS.md in this directory states the rules
// exactly. WithHostFunc replaces one import's implementation (tests);
// WithRootCAs and WithResolver set the TLS roots and resolver it uses.
//
// Everything the host reads from a peer (a mail or web server, a name
// server, a command's output) is bounded in bytes and in time, and every
// response it returns stays within the size the guest accepts for that
// function: a hostile target gets an error or cut, flagged data, never the
// host's memory. The Max* and *Timeout constants name the bounds, and
// GRANTS.md ("Bounds") lists them all.
package host
