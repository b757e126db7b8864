// Package abi is the guest side of the Reglet wire contract (docs/WIRE.md):
// the memory arena behind the allocate/deallocate exports, the exports
// themselves (_manifest, _observe, allocate, deallocate) and the reglet_host
// imports. Pointer/length packing, import names, error codes and the
// fallback documents live in internal/wire, shared with the host.
//
// The exports and imports exist only under GOOS=wasip1; Arena is portable
// so it is unit-tested natively.
package abi
