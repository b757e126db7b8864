// Package plugintest helps test Reglet plugins.
//
// Two levels are offered. Natively, RunPluginTests calls a Plugin value's
// Check with each TestCase's config exactly as the wasm exports would
// (config validation, panic recovery, metadata), and the Assert helpers
// check the Result. Through wasm, Build compiles a plugin package with
// GOOS=wasip1 GOARCH=wasm -buildmode=c-shared and Load runs it in the
// SDK's local host, where host functions can be scripted with
// host.WithHostFunc.
//
// The import path ends in /testing; the package name is plugintest:
//
//	import plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
package plugintest
