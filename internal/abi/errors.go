package abi

import "errors"

// Errors describing a config block _observe cannot read. The plugin package
// turns them into an error Result of type config.
var (
	errNoConfig     = errors.New("the host passed no config block (pointer 0)")
	errUnknownBlock = errors.New("the config block was not obtained from allocate")
	errShortBlock   = errors.New("the config length exceeds the block obtained from allocate")
)

// Documents lent when the SDK cannot produce the real one. They are fixed
// bytes so they need no encoding and no allocation.
var (
	noPluginManifest = []byte(`{"error":{"message":"no plugin registered: call plugin.Register in init or main","type":"internal","code":"NO_PLUGIN"}}`)
	tooLargeManifest = []byte(`{"error":{"message":"manifest exceeds the plugin's memory limit","type":"internal","code":"TOO_LARGE"}}`)
	noPluginResult   = []byte(`{"timestamp":"0001-01-01T00:00:00Z","status":"error","message":"no plugin registered: call plugin.Register in init or main","error":{"message":"no plugin registered: call plugin.Register in init or main","type":"internal","code":"NO_PLUGIN"}}`)
	tooLargeResult   = []byte(`{"timestamp":"0001-01-01T00:00:00Z","status":"error","message":"result exceeds the plugin's memory limit","error":{"message":"result exceeds the plugin's memory limit","type":"internal","code":"TOO_LARGE"}}`)
)

// MaxRequest is the most bytes the host reads of one request.
const MaxRequest = 1 << 20

// Errors of a host function call. Adapters wrap them with the function's name.
var (
	// ErrRequestTooLarge: the request is over the host's 1 MiB read limit.
	ErrRequestTooLarge = errors.New("request exceeds the host's 1 MiB limit")
	// ErrNoResponse: the host returned 0 (it could not allocate the response).
	ErrNoResponse = errors.New("the host could not answer (no response block)")
	// ErrBadResponse: the host returned a block the guest never allocated,
	// or a length beyond it.
	ErrBadResponse = errors.New("the host returned an invalid response block")
	// ErrResponseTooLarge: the host asked allocate for a response block
	// larger than the call's limit (see SetResponseLimit); the guest refused
	// it, so the response never reached guest memory.
	ErrResponseTooLarge = errors.New("the host's response exceeds the call's limit")
)

// ConfigError reports whether err describes an unreadable config block.
func ConfigError(err error) bool {
	return errors.Is(err, errNoConfig) || errors.Is(err, errUnknownBlock) || errors.Is(err, errShortBlock)
}
