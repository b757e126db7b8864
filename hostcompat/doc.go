// Package hostcompat runs this SDK's example plugins and compiled test
// plugins in the real reglet-host-sdk v0.1.5 executor (dialect H, the
// second Reglet host), with that library's own host functions and
// capability middleware, to verify on the real thing what the local host's
// WithDialect(DialectH) emulates.
//
// It is a separate module so the SDK itself never depends on
// reglet-host-sdk. CI runs it; run it with
//
//	cd hostcompat && go test ./...
package hostcompat
