// Package codec holds the guest's hand-written JSON codecs for the wire
// documents: AppendResult encodes a Result and AppendManifest a Manifest
// exactly as encoding/json would. They exist because reflection is slow on
// wasm (BENCHMARKS.md);
// their tests compare them with encoding/json. application/plugin calls
// them.
package codec
