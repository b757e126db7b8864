// Package plugintest helps test Reglet plugins.
//
// RunPluginTests runs a table of observations against a Plugin value,
// natively, exactly as the wasm exports would (config validation, panic
// recovery, metadata), and the Assert helpers check each Result. With
// WithWasm the same table also runs through the plugin compiled to wasm in
// the SDK's local host, where the mocks a case gives answer the plugin's
// host calls (host.WithClients), so one table covers both worlds. A case
// declares its expected Result with Want (status, message, error type and
// code, data members with Present and Absent) or checks it with Validate;
// RealHost, Host, NativeOnly and WasmOnly shape where and how it runs.
//
// WithDialects runs the wasm world once per Reglet host dialect: the
// Reglet CLI's wire contract (host.DialectW) and reglet-host-sdk v0.1.5
// (host.DialectH), as the local host reproduces them, so a plugin is tested
// against both hosts its users may run. Where a host genuinely answers
// otherwise, the case states it with InDialect.
//
// RunExamples runs the examples registered with plugin.RegisterOp the same
// way, judged as the CLI's test command judges them; ExampleClients and
// ExampleHost give each example its mocks or grants.
//
// Build compiles a plugin package with GOOS=wasip1 GOARCH=wasm
// -buildmode=c-shared and Load runs it in the local host, for tests that
// script host functions' JSON with host.WithHostFunc. Builds made in a test
// declare their inputs to go test's result cache, so plain go test stays
// correct after a plugin's source changes.
//
// The import path ends in /testing; the package name is plugintest:
//
//	import plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
package plugintest
