// Package schemaconformance checks, in its tests, that the config_schema a
// typed plugin publishes agrees with the plugin: every generated config that
// a JSON Schema 2020-12 validator (santhosh-tekuri/jsonschema v5, the one
// the Reglet CLI uses) accepts, the plugin accepts, and the other way
// round. It is a module of its own so that the validator is a test
// dependency of nothing the SDK's users build. Run it with
//
//	cd internal/schemaconformance && go test ./...
package schemaconformance
