//go:build !wasip1

package plugin

// hostBacked: natively there is no host; tests inject clients with
// WithClient.
func hostBacked() []any { return nil }
