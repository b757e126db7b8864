// Command typed is the seed README's typed HTTP plugin: plugin.go as
// written, with core/ and services/ beside it. myPlugin, which the README
// registers without showing, is in myplugin_ours.go / myplugin_upstream.go.
package main

import (
	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"

	_ "my-plugin/services" // auto-registers via init()
)

func main() {
	plugin.Register(&myPlugin{})
}
