package wire

// Fallback documents the guest lends when it cannot produce the real
// Manifest or Result (docs/WIRE.md, "Fallback documents"). They are fixed
// bytes, so handing them over needs no encoder and no allocation; a test
// decodes each one so its type, code and message cannot drift from the
// constants below.
const (
	// NoPluginMessage explains CodeNoPlugin to the plugin's author.
	NoPluginMessage = "no plugin registered: call plugin.Register in init or main"
	// TooLargeManifestMessage explains a CodeTooLarge Manifest.
	TooLargeManifestMessage = "manifest exceeds the plugin's memory limit"
	// TooLargeResultMessage explains a CodeTooLarge Result.
	TooLargeResultMessage = "result exceeds the plugin's memory limit"

	// NoPluginManifest is _manifest's answer when nothing was registered.
	NoPluginManifest = `{"error":{"message":"` + NoPluginMessage + `","type":"internal","code":"` + CodeNoPlugin + `"}}`
	// TooLargeManifest is _manifest's answer when the Manifest does not fit.
	TooLargeManifest = `{"error":{"message":"` + TooLargeManifestMessage + `","type":"internal","code":"` + CodeTooLarge + `"}}`
	// NoPluginResult is _observe's answer when nothing was registered.
	NoPluginResult = `{"timestamp":"0001-01-01T00:00:00Z","status":"error","message":"` + NoPluginMessage +
		`","error":{"message":"` + NoPluginMessage + `","type":"internal","code":"` + CodeNoPlugin + `"}}`
	// TooLargeResult is _observe's answer when the Result does not fit.
	TooLargeResult = `{"timestamp":"0001-01-01T00:00:00Z","status":"error","message":"` + TooLargeResultMessage +
		`","error":{"message":"` + TooLargeResultMessage + `","type":"internal","code":"` + CodeTooLarge + `"}}`
)
