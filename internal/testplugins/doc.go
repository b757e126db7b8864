// Package testplugins holds plugins that exist to be built to wasm by the
// SDK's own tests; each subdirectory is one plugin's main package. They
// exercise what real plugins should never do (panic, loop forever, exhaust
// memory) so the tests can prove the SDK and host survive it.
package testplugins
