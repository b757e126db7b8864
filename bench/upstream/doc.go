// Package upstream compares plugins built with this SDK against the same
// plugin sources built with upstream reglet-plugin-sdk v0.6.2.
//
// It is a benchmark-only nested module: the SDK's own module gains no
// dependency from it. probe/ holds the plugin sources (module my-plugin);
// probe/go.mod builds them against this repository (a replace to ../../..),
// probe/go.upstream.mod against v0.6.2 (go build -modfile=go.upstream.mod
// -tags upstream). Files tagged upstream / !upstream hold the few lines
// upstream's API forces to differ.
//
// The comparison runs as one benchmark that prints a Markdown table:
//
//	cd bench/upstream && go test -run '^$' -bench Compare -benchtime=1x -benchmem
//
// See compare_test.go for the flags and BENCHMARKS.md for the figures.
package upstream
