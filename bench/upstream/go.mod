module github.com/reglet-dev/reglet-plugin-sdk/bench/upstream

go 1.25.0

require github.com/tetratelabs/wazero v1.11.0

require golang.org/x/sys v0.44.0
