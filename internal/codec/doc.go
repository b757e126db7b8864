// Package codec holds the guest's hand-written JSON codecs for the wire
// documents: AppendResult encodes a Result and AppendManifest a Manifest
// exactly as encoding/json would, and SplitObject splits the observation's
// config object into raw members (on internal/jsonscan, the one JSON
// scanner). They exist because reflection is slow on wasm (BENCHMARKS.md);
// their tests compare them with encoding/json. application/plugin calls
// them.
package codec
