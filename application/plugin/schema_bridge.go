package plugin

import (
	"encoding/json"
	"errors"
	"reflect"
	"sync/atomic"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/schema"
)

// schemaType is what typed operations need of a JSON schema built from a Go
// type (internal/schema.Type): the documents for the Manifest, the
// top-level field names, and a validating decoder.
type schemaType interface {
	Document() json.RawMessage
	Schema() json.RawMessage
	Fields() []string
	Decode(fields map[string]json.RawMessage, dst any) error
}

// problem is one validation problem: a JSON path and what is wrong there.
type problem = schema.Problem

// schemaBuilds counts buildSchema calls, for the test that registration
// builds none.
var schemaBuilds atomic.Int64

// buildSchema compiles t's schema (internal/schema caches it per type).
func buildSchema(t reflect.Type) (schemaType, error) {
	schemaBuilds.Add(1)
	s, err := schema.For(t)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// validationProblems returns the problems of a Decode error.
func validationProblems(err error) ([]problem, bool) {
	var ve *schema.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	return ve.Problems, true
}
