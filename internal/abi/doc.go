// Package abi is the guest side of the Reglet wire contract: packing of
// pointer/length pairs, the memory arena behind the allocate/deallocate
// exports, the exports themselves (_manifest, _observe, allocate, deallocate)
// and the reglet_host imports.
//
// The exports and imports exist only under GOOS=wasip1; Pack, Unpack and
// Arena are portable so they are unit-tested natively.
package abi
