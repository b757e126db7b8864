//go:build !wasip1

package hostclient

// Default has no functions natively: there is no Reglet host, and every
// call fails with an error saying so.
var Default = Transport{}
