// Package doccheck holds tests that keep the repository's prose honest
// about the code: README.md's table of where each package runs. It has no
// code of its own.
package doccheck
