// Package hostclient implements the domain/ports interfaces over the
// reglet_host imports: each method encodes a wire request (with the
// handler's deadline in its context), calls the host through a Transport,
// decodes the response into the ports types and turns a host-reported
// failure into a Go error that errors.Is matches against the ports error
// classes.
//
// Everything but the Transport that reaches the real imports is portable,
// so the encode/decode logic is unit-tested natively with a fake
// Transport; on wasip1 Default calls internal/abi.
//
// Memory: request buffers are ordinary Go slices dropped after the call;
// response blocks leave the abi arena when taken and are garbage once
// decoded. Clients hold no per-call state, so nothing accumulates on a
// pooled instance.
//
// Exported names are only those other packages use: All (the clients the
// plugin package installs), DNSResolver (plugin.NewDNSResolver), Default
// and AppendLogMessage and ContextWire (package log), Error, and the HTTP
// codec entry points the hostprobe test plugin measures inside the .wasm
// (EncodeHTTPRequest, AppendHTTPRequest, DecodeHTTP).
package hostclient
