// Package services holds the http example's service (the README's
// services/check.go): the typed check operation and its handler.
package services
