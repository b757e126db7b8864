//go:build wasip1

package abi

import (
	"fmt"
	"runtime"
	"unsafe"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

//go:wasmimport reglet_host http_request
func hostHTTPRequest(packed uint64) uint64

//go:wasmimport reglet_host dns_lookup
func hostDNSLookup(packed uint64) uint64

//go:wasmimport reglet_host tcp_connect
func hostTCPConnect(packed uint64) uint64

//go:wasmimport reglet_host smtp_connect
func hostSMTPConnect(packed uint64) uint64

//go:wasmimport reglet_host exec_command
func hostExecCommand(packed uint64) uint64

//go:wasmimport reglet_host log_message
func hostLogMessage(packed uint64)

// responseLimit is the largest response block allocate grants while a host
// function runs (0: only the arena's limit); refused records a larger
// request, so call can say why the host could not answer.
var responseLimit, refused uint32

// SetResponseLimit bounds the response blocks of the following host calls
// to n bytes (0 removes the bound). A host that tries to write more gets 0
// from allocate, so an oversized answer never grows the guest's memory,
// and the call fails with ErrResponseTooLarge.
func SetResponseLimit(n uint32) { responseLimit = n }

// refuseResponse reports whether allocate, called by the host during a
// host function, must refuse size bytes.
func refuseResponse(size uint32) bool {
	if depth > 0 && responseLimit != 0 && size > responseLimit {
		refused = size
		return true
	}
	return false
}

// call sends req to a host function and returns the response block, which
// the host wrote into memory it obtained from allocate. The request stays
// owned (and referenced) by the guest for the duration of the call; the
// response block leaves the arena and becomes ordinary Go memory.
func call(fn func(uint64) uint64, req []byte) ([]byte, error) {
	if len(req) > MaxRequest {
		return nil, ErrRequestTooLarge
	}
	var ptr uint32
	if len(req) > 0 {
		ptr = uint32(uintptr(unsafe.Pointer(unsafe.SliceData(req))))
	}
	refused = 0
	depth++
	packed := fn(wire.Pack(ptr, uint32(len(req))))
	depth--
	runtime.KeepAlive(req)
	if packed == 0 {
		if refused != 0 {
			return nil, fmt.Errorf("%w (%d bytes, limit %d)", ErrResponseTooLarge, refused, responseLimit)
		}
		return nil, ErrNoResponse
	}
	rptr, rlen := wire.Unpack(packed)
	resp, ok := arena.Take(rptr, rlen)
	if !ok {
		return nil, ErrBadResponse
	}
	return resp, nil
}

// HTTPRequest calls reglet_host.http_request.
func HTTPRequest(req []byte) ([]byte, error) { return call(hostHTTPRequest, req) }

// DNSLookup calls reglet_host.dns_lookup.
func DNSLookup(req []byte) ([]byte, error) { return call(hostDNSLookup, req) }

// TCPConnect calls reglet_host.tcp_connect.
func TCPConnect(req []byte) ([]byte, error) { return call(hostTCPConnect, req) }

// SMTPConnect calls reglet_host.smtp_connect.
func SMTPConnect(req []byte) ([]byte, error) { return call(hostSMTPConnect, req) }

// ExecCommand calls reglet_host.exec_command.
func ExecCommand(req []byte) ([]byte, error) { return call(hostExecCommand, req) }

// LogMessage calls reglet_host.log_message, which has no response.
func LogMessage(req []byte) {
	if len(req) == 0 || len(req) > MaxRequest {
		return
	}
	ptr := uint32(uintptr(unsafe.Pointer(unsafe.SliceData(req))))
	depth++
	hostLogMessage(wire.Pack(ptr, uint32(len(req))))
	depth--
	runtime.KeepAlive(req)
}
