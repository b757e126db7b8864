module github.com/reglet-dev/reglet-plugin-sdk/hostcompat

go 1.25.7

require (
	github.com/reglet-dev/reglet-abi v0.1.1
	github.com/reglet-dev/reglet-host-sdk v0.1.5
	github.com/reglet-dev/reglet-plugin-sdk v0.0.0
)

require (
	github.com/bahlo/generic-list-go v0.2.0 // indirect
	github.com/bmatcuk/doublestar/v4 v4.10.0 // indirect
	github.com/buger/jsonparser v1.1.1 // indirect
	github.com/invopop/jsonschema v0.13.0 // indirect
	github.com/mailru/easyjson v0.9.1 // indirect
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1 // indirect
	github.com/tetratelabs/wazero v1.12.0 // indirect
	github.com/wk8/go-ordered-map/v2 v2.1.8 // indirect
	golang.org/x/net v0.50.0 // indirect
	golang.org/x/sys v0.44.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/reglet-dev/reglet-plugin-sdk => ../
