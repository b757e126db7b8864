// Package schema turns Go struct types into JSON Schema (draft 2020-12)
// documents and decodes configuration objects into such structs after
// validating them against the same schema.
//
// A schema is read from a struct's `json` tags (names, omitempty, "-") and
// `jsonschema` tags, whose syntax follows github.com/invopop/jsonschema:
//
//	URL    string `json:"url" jsonschema:"required,description=URL to request"`
//	Method string `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
//
// The tag is a comma-separated list of keywords; `\,` puts a comma inside a
// value. Supported keywords: required, title, description, default, example,
// enum (repeated), minimum, maximum, exclusiveMinimum, exclusiveMaximum,
// minLength, maxLength, pattern, format, minItems, maxItems, and the rules
// between members requiredWithout, excludes and requires (rules.go). On an array
// field, minItems, maxItems, title, description and default (repeated, one
// per element) describe the array; the others describe its items. A field is
// required only when its tag says so. Mistakes in tags (unknown keywords,
// values that do not parse as the field's type, defaults that break the
// field's own rules) are errors from [For], not surprises at run time.
//
// Patterns use a subset of RE2 syntax (literals, ., classes, \d \w \s,
// anchors, groups, alternation, repetition) matched by a small built-in
// engine, so plugins do not link package regexp; a pattern outside the
// subset (flags, \b, \p{..}, lookaround) is refused by For. Like JSON
// Schema's pattern, it matches anywhere in the string unless anchored.
//
// The package is compiled into every plugin, so it uses only the standard
// library and does its reflection once per type: [For] builds a [Type] on
// first use and caches it, and [Type.Decode] walks the prepared schema
// rather than the Go type, validating each value and storing it into the
// Go value in one pass over the config (decode.go). [Type.DecodeObject]
// does it straight from a whole config's bytes, the typed path's decode;
// [Type.Shared] finds the fields two types decode alike, so that a config
// decoded into both reads them once.
package schema
