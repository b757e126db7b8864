// Package sizecheck holds the SDK's guards on what plugins link: a test that
// no guest package imports wazero, net/http, crypto/tls or regexp, and a
// size budget for the example plugins (testdata/budget.json) that fails
// when a change makes one grow by more than a set margin. It has no code.
package sizecheck
