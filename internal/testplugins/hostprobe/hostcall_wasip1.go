//go:build wasip1

package main

import "github.com/reglet-dev/reglet-plugin-sdk/internal/abi"

// rawHostCall is one http_request with a fixed request and no decoding: the
// cost of the ABI crossing alone.
func rawHostCall() (int, error) {
	b, err := abi.HTTPRequest([]byte(`{"method":"GET","url":"http://x/","context":{}}`))
	return len(b), err
}
