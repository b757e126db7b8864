// Package core holds the http example's plugin definition (the README's
// core/plugin.go): its name, version, description and the capabilities it
// declares.
package core
