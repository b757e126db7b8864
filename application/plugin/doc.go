// Package plugin is the API a Reglet plugin is written against.
//
// A plugin implements Plugin (Manifest and Check) and hands it to Register,
// from init or from main:
//
//	func main() {
//		plugin.Register(&myPlugin{})
//	}
//
// Built with GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared, the SDK
// exports the functions the Reglet host calls (_manifest, _observe, allocate,
// deallocate) and routes them to the registered Plugin. Compiled natively the
// same API builds, so handlers are unit-tested with plain go test.
//
// main under c-shared: the Go runtime never calls main.main in a c-shared
// module. The SDK calls it once, on the host's first call into the plugin,
// after every package init has run. main must return.
//
// Handlers reach the host through clients taken from their context with
// GetClient (see WithClient for tests).
package plugin
