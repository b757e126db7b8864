//go:build !upstream

// Package result builds Results the same way under both SDKs: this SDK's
// entities.ResultSuccess returns a *Result, upstream v0.6.2's a Result.
package result

import "github.com/reglet-dev/reglet-plugin-sdk/domain/entities"

// Success is a success Result with data.
func Success(message string, data map[string]any) *entities.Result {
	return entities.ResultSuccess(message, data)
}

// Failure is a failure Result with data.
func Failure(message string, data map[string]any) *entities.Result {
	return entities.ResultFailure(message, data)
}
