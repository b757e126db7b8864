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
	// DecodeObject is Decode for a whole JSON object known to be valid,
	// read in place, ignoring the top-level keys in skip and leaving the
	// fields in leave to the caller.
	DecodeObject(config []byte, skip, leave []string, dst any) error
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

// configBranch is one operation's part of the config_schema.
type configBranch struct {
	title      string
	in, cfg    schemaType // cfg is nil when there is no Config or it is the input type
	svc, op    string
	require    []string
	requireOne bool
}

// configDocument is schema.ConfigDocument over the operations' branches.
func configDocument(branches []configBranch) json.RawMessage {
	bs := make([]schema.Branch, len(branches))
	for i, b := range branches {
		sb := schema.Branch{
			Title:      b.title,
			Input:      b.in.(*schema.Type),
			Keys:       []schema.RouteKey{{Name: routeService, Value: b.svc}, {Name: routeOperation, Value: b.op}},
			Require:    b.require,
			RequireOne: b.requireOne,
		}
		if b.cfg != nil {
			sb.Config = b.cfg.(*schema.Type)
		}
		bs[i] = sb
	}
	return schema.ConfigDocument(bs)
}
