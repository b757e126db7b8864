module github.com/reglet-dev/reglet-plugin-sdk/internal/schemaconformance

go 1.25.0

require (
	github.com/reglet-dev/reglet-plugin-sdk v0.0.0
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
)

require (
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
)

replace github.com/reglet-dev/reglet-plugin-sdk => ../..
