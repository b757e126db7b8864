// Package entities holds the values a plugin and the Reglet host exchange:
// the Manifest a plugin describes itself with, the Result of one observation,
// the ErrorDetail that explains a failure, and the GrantSet of capabilities.
//
// Every type here marshals to exactly the JSON the Reglet wire contract
// specifies (field names, omission of empty fields, RFC 3339 times, base64
// bytes), so the same values serve the guest SDK, the local host and tests.
// The package imports nothing outside the standard library.
package entities
