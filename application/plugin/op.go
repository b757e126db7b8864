package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"sync"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/flatstruct"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Op declares one typed operation of a service. It is a field of a service
// struct; the field's name, in snake_case, is the operation's name, and its
// tags describe it:
//
//	Resolve plugin.Op[ResolveInput, ResolveOutput] `desc:"Resolve hostname" method:"ResolveHandler"`
//
// desc is the operation's description in the Manifest. method names the
// service's handler method (default: the field name followed by "Handler"),
// which must have the signature
//
//	func (s *MyService) ResolveHandler(ctx context.Context, in *ResolveInput) (*ResolveOutput, error)
//
// I and O are structs with json and jsonschema tags: the SDK builds the
// operation's input and output schemas from them, validates and decodes the
// observation's config into *I, and encodes *O as the Result's data.
//
// An Op field holds no state: MustRegisterService binds the handler when the
// service is registered and checks every part of the declaration then.
type Op[I, O any] struct{}

// opDecl is implemented by every Op[I, O]; registration finds Op fields by
// it, so no field value is ever read.
type opDecl interface {
	opTypes() (in, out reflect.Type)
	// bind turns the handler (a method value) into an invoker, or reports
	// false when its signature is not func(context.Context, *I) (*O, error).
	bind(method any) (invoker, bool)
}

func (Op[I, O]) opTypes() (reflect.Type, reflect.Type) {
	return reflect.TypeFor[I](), reflect.TypeFor[O]()
}

func (Op[I, O]) bind(m any) (invoker, bool) {
	// The one type assertion that makes later calls reflection-free.
	fn, ok := m.(func(context.Context, *I) (*O, error))
	if !ok {
		return nil, false
	}
	return handler[I, O](fn), true
}

// invoker runs one operation in two steps, so that validation problems of
// the input and of PluginDef.Config are reported together.
type invoker interface {
	// decode validates the JSON object config (valid JSON) against s,
	// ignoring the top-level keys in skip, and decodes it into a new *I.
	decode(s schemaType, config []byte, skip []string) (in any, err error)
	// call calls the handler with in (a *I from decode) and returns O's
	// JSON, nil when the handler returned a nil *O, and the *O itself.
	// flat, when not nil, is O's flatstruct.Codec, which writes the JSON
	// instead of encoding/json. err is the handler's error, or why its
	// output could not be encoded.
	call(ctx context.Context, in any, flat *flatstruct.Codec) (data []byte, out any, err error)
}

// handler is a bound handler method.
type handler[I, O any] func(context.Context, *I) (*O, error)

func (h handler[I, O]) decode(s schemaType, config []byte, skip []string) (any, error) {
	in := new(I)
	if err := s.DecodeObject(config, skip, nil, in); err != nil {
		return nil, err
	}
	return in, nil
}

func (h handler[I, O]) call(ctx context.Context, in any, flat *flatstruct.Codec) ([]byte, any, error) {
	out, err := h(ctx, in.(*I))
	if out == nil {
		return nil, nil, err
	}
	if flat != nil {
		// A fresh buffer: the JSON is kept with the Result (outdata.go).
		if data, ok := flat.Append(make([]byte, 0, flat.SizeHint()), reflect.ValueOf(out)); ok {
			return data, out, err
		}
	}
	data, merr := json.Marshal(out)
	if merr != nil {
		return nil, nil, entities.NewErrorDetail(entities.ErrorTypeInternal, fmt.Sprintf("encoding the output %T: %v", out, merr)).WithCode(wire.CodeEncode)
	}
	if len(data) == 0 || data[0] != '{' {
		return nil, nil, entities.NewErrorDetail(entities.ErrorTypeInternal, fmt.Sprintf("the output %T encodes as %s; Result data must be a JSON object", out, jsonKind(data))).WithCode(wire.CodeEncode)
	}
	return data, out, err
}

// newOf returns a new *T for the struct type t.
func newOf(t reflect.Type) any { return reflect.New(t).Interface() }

// Example is a worked example of an operation, shown in the Manifest (and
// the CLI's help) next to the operation it belongs to. Input is encoded as
// the example's config; ExpectedOutput (when not nil) as the data a
// successful run returns; ExpectedError is (part of) the message of an
// expected error or failure.
type Example[I, O any] struct {
	Name           string
	Description    string
	Input          I
	ExpectedOutput *O
	ExpectedError  string
}

// info encodes the example for the Manifest.
func (e Example[I, O]) info() (entities.ExampleInfo, error) {
	in, err := json.Marshal(e.Input)
	if err != nil {
		return entities.ExampleInfo{}, fmt.Errorf("example %q: encoding Input: %w", e.Name, err)
	}
	info := entities.ExampleInfo{Name: e.Name, Description: e.Description, Input: in, ExpectedError: e.ExpectedError}
	if e.ExpectedOutput != nil {
		out, err := json.Marshal(e.ExpectedOutput)
		if err != nil {
			return entities.ExampleInfo{}, fmt.Errorf("example %q: encoding ExpectedOutput: %w", e.Name, err)
		}
		info.ExpectedOutput = out
	}
	return info, nil
}

// pendingOp is a RegisterOp call waiting for the next RegisterService.
type pendingOp struct {
	field    string
	opType   reflect.Type // Op[I, O]
	in, out  reflect.Type
	names    []string // example names, in order
	examples func() ([]entities.ExampleInfo, error)
	// checkInputs decodes each example's Input through the input schema
	// (for PluginDefinition.Validate).
	checkInputs func(s schemaType) error
	at          string // file:line of the RegisterOp call
}

var (
	pendingMu sync.Mutex
	pending   []pendingOp
)

// RegisterOp attaches examples to the operation declared by the field
// fieldName (the Go field name, e.g. "Resolve") of the service registered
// next: the RegisterOp calls made before a RegisterService (or
// MustRegisterService) belong to that service, so two services may each
// have a field of the same name with its own types and examples.
//
// The type arguments must be those of the field's Op[I, O]; a mismatch, an
// unknown field, or examples without a name are reported by the next
// RegisterService. An operation needs no RegisterOp: the Op field alone
// declares it.
func RegisterOp[I, O any](fieldName string, examples ...Example[I, O]) {
	at := ""
	if _, file, line, ok := runtime.Caller(1); ok {
		at = fmt.Sprintf("%s:%d", shortFile(file), line)
	}
	exs := append([]Example[I, O](nil), examples...)
	names := make([]string, len(exs))
	for i, e := range exs {
		names[i] = e.Name
	}
	p := pendingOp{
		field:  fieldName,
		opType: reflect.TypeFor[Op[I, O]](),
		in:     reflect.TypeFor[I](),
		out:    reflect.TypeFor[O](),
		names:  names,
		at:     at,
		examples: func() ([]entities.ExampleInfo, error) {
			out := make([]entities.ExampleInfo, 0, len(exs))
			for _, e := range exs {
				info, err := e.info()
				if err != nil {
					return nil, err
				}
				out = append(out, info)
			}
			return out, nil
		},
		checkInputs: func(s schemaType) error {
			for _, e := range exs {
				b, err := json.Marshal(e.Input)
				if err != nil {
					return fmt.Errorf("example %q: encoding Input: %w", e.Name, err)
				}
				var fields map[string]json.RawMessage
				if err := json.Unmarshal(b, &fields); err != nil {
					return fmt.Errorf("example %q: Input is not a JSON object: %w", e.Name, err)
				}
				if err := s.Decode(fields, new(I)); err != nil {
					return fmt.Errorf("example %q: Input does not validate: %w", e.Name, err)
				}
			}
			return nil
		},
	}
	pendingMu.Lock()
	pending = append(pending, p)
	pendingMu.Unlock()
}

// takePending removes and returns the RegisterOp calls waiting for a
// service.
func takePending() []pendingOp {
	pendingMu.Lock()
	defer pendingMu.Unlock()
	p := pending
	pending = nil
	return p
}

// shortFile keeps the last two elements of a path: "services/check.go".
func shortFile(path string) string {
	n := 0
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			n++
			if n == 2 {
				return path[i+1:]
			}
		}
	}
	return path
}
