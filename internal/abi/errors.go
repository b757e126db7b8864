package abi

import "errors"

// MaxRequest is the most bytes the host reads of one request.
const MaxRequest = 1 << 20

// Errors of a host function call. Adapters wrap them with the function's name.
var (
	// ErrRequestTooLarge: the request is over the host's 1 MiB read limit.
	ErrRequestTooLarge = errors.New("request exceeds the host's 1 MiB limit")
	// ErrNoResponse: the host returned 0 (it could not allocate the response).
	ErrNoResponse = errors.New("the host could not answer (no response block)")
	// ErrBadResponse: the host returned a block the guest never allocated,
	// or a length beyond it.
	ErrBadResponse = errors.New("the host returned an invalid response block")
	// ErrResponseTooLarge: the host asked allocate for a response block
	// larger than the call's limit (see SetResponseLimit); the guest refused
	// it, so the response never reached guest memory.
	ErrResponseTooLarge = errors.New("the host's response exceeds the call's limit")
)
