//go:build wasip1

package abi

import (
	_ "unsafe" // for go:linkname
)

// mainMain is the plugin's func main.
//
// With -buildmode=c-shared the Go runtime runs package initialisers in
// _initialize and then returns to the host without calling main.main. The
// seed's plugins register themselves in main, so the SDK runs main itself:
// once, on the first call the host makes into the plugin, after every init
// has run. A plugin's main must therefore return (it must not block or call
// os.Exit); registering in init works too, and then main may be empty.
//
//go:linkname mainMain main.main
func mainMain()

var mainState int // 0: not run, 1: running, 2: done

// MainPanic holds what main.main panicked with, if it did; the plugin
// package reports it in every Result and in the manifest.
var MainPanic any

func runMain() {
	if mainState != 0 {
		return
	}
	mainState = 1
	defer func() {
		if r := recover(); r != nil {
			MainPanic = r
		}
		mainState = 2
	}()
	mainMain()
}
