package plugin

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/flatstruct"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/suggest"
)

// Service marks a struct as a service: a named group of typed operations.
// Embed it, with the service's name and description as tags, and declare
// each operation as an Op field:
//
//	type DNSService struct {
//		plugin.Service `name:"dns" desc:"DNS resolution"`
//		Resolve plugin.Op[ResolveInput, ResolveOutput] `desc:"Resolve hostname" method:"ResolveHandler"`
//	}
//
// then register a value of it with MustRegisterService.
type Service struct{}

// Reserved config keys: routing consumes them, so no operation input may
// use them as field names.
const (
	routeOperation = "operation"
	routeService   = "service"
)

var (
	serviceType = reflect.TypeFor[Service]()
	opDeclType  = reflect.TypeFor[opDecl]()
)

// serviceEntry is one registered service.
type serviceEntry struct {
	name, desc string
	goType     reflect.Type
	ops        []*opEntry
}

// opEntry is one registered operation.
type opEntry struct {
	svc                       *serviceEntry
	name, field, method, desc string
	in, out                   reflect.Type
	opType                    reflect.Type // the field's Op[I, O]
	inv                       invoker
	examples                  func() ([]entities.ExampleInfo, error)
	checkExamples             func(schemaType) error

	// Built on first use (Check of this operation, or Manifest).
	inOnce   sync.Once
	inPrep   *inputPrep
	inErr    error
	outOnce  sync.Once
	outSch   schemaType
	outErr   error
	examOnce sync.Once
	exams    []entities.ExampleInfo
	examErr  error
	flatOnce sync.Once
	flat     *flatstruct.Codec // nil when out is not a flat struct
}

// flatCodec returns the output type's flatstruct.Codec (nil when it is not
// flat), worked out on the operation's first call.
func (o *opEntry) flatCodec() *flatstruct.Codec {
	o.flatOnce.Do(func() { o.flat = flatstruct.For(o.out) })
	return o.flat
}

// path is "service/operation", as routing errors list operations.
func (o *opEntry) path() string { return o.svc.name + "/" + o.name }

// MustRegisterService is RegisterService for init functions: it panics
// with RegisterService's error, so a mistake in a service declaration stops
// the plugin when it starts (in go test, and when the host loads the wasm
// module) rather than on an observation.
func MustRegisterService(def *PluginDefinition, svc any) {
	if err := RegisterService(def, svc); err != nil {
		panic(err)
	}
}

// RegisterService adds svc, a pointer to a struct embedding Service, to
// def: each Op field becomes an operation bound to its handler method, with
// the examples given by the RegisterOp calls made since the previous
// RegisterService. Every mistake is reported here, naming the service, the
// field and the fix: a missing Service embedding or name, a duplicate
// service or operation name, a missing handler method or one with the
// wrong signature, non-struct input or output types, an input field named
// "operation" or "service" (reserved for routing), and a RegisterOp whose
// field does not exist or whose types are not the field's.
//
// Everything the schema builder would refuse (a malformed jsonschema tag, an
// unknown format, a default that breaks its own field's rules, a type JSON
// cannot hold) in the input and output types and in PluginDef.Config is
// reported here too when the plugin runs natively: in go test, in the CLI
// and in Validate. In the compiled plugin the schemas are built on the
// first Manifest (which a host calls when it loads the plugin) or the first
// observation of the operation, so _initialize stays cheap; a plugin whose
// tests register its services natively has had those mistakes reported
// before it is ever built.
func RegisterService(def *PluginDefinition, svc any) error {
	// The pending RegisterOp calls belong to this service, whatever happens.
	ops := takePending()
	if def == nil {
		return errors.New("plugin.RegisterService: nil *PluginDefinition; pass the value DefinePlugin returned")
	}
	if def.err != nil {
		return def.err
	}
	entry, errs := inspectService(svc, ops)
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if checkSchemasAtRegistration {
		if err := def.buildSchemas(entry); err != nil {
			return err
		}
	}
	return def.addService(entry)
}

// checkSchemasAtRegistration makes RegisterService build the schemas of the
// service it registers. It is false in the compiled plugin, where schemas
// are built on first use to keep _initialize cheap.
var checkSchemasAtRegistration = runtime.GOOS != "wasip1"

// buildSchemas builds (and caches) the input, output and Config schemas of
// s's operations, returning every error.
func (d *PluginDefinition) buildSchemas(s *serviceEntry) error {
	var errs []error
	for _, op := range s.ops {
		if _, err := d.prepare(op); err != nil {
			errs = append(errs, err)
		}
		if err := d.outputSchema(op); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// regErr formats a registration error the same way everywhere.
func regErr(svcType reflect.Type, svcName, field, format string, args ...any) error {
	var b strings.Builder
	b.WriteString("plugin.RegisterService")
	if svcType != nil {
		fmt.Fprintf(&b, "(%s)", svcType)
	}
	if svcName != "" {
		fmt.Fprintf(&b, ": service %q", svcName)
	}
	if field != "" {
		fmt.Fprintf(&b, ", field %s", field)
	}
	b.WriteString(": ")
	fmt.Fprintf(&b, format, args...)
	return errors.New(b.String())
}

// inspection is the state of one inspectService call: the service being
// read, what has been bound so far and the mistakes found.
type inspection struct {
	pv      reflect.Value // pointer to the service struct
	st      reflect.Type  // the struct type
	ptrType reflect.Type  // *st
	entry   *serviceEntry
	errs    []error
	// found: the struct embeds plugin.Service (well or badly).
	found bool
	// byField and byName index the operation fields by Go field name and
	// by wire name; nonOpFields lists the other fields, for hints.
	byField, byName map[string]*opEntry
	nonOpFields     []string
}

func (s *inspection) fail(field, format string, args ...any) {
	s.errs = append(s.errs, regErr(s.ptrType, s.entry.name, field, format, args...))
}

// inspectService checks svc's declaration and binds its handlers, in three
// steps: the embedded plugin.Service and its tags, the operation fields and
// their handlers, then the pending RegisterOp calls.
func inspectService(svc any, pend []pendingOp) (*serviceEntry, []error) {
	pv, err := servicePointer(svc)
	if err != nil {
		return nil, []error{err}
	}
	s := &inspection{
		pv: pv, st: pv.Type().Elem(), ptrType: pv.Type(),
		byField: map[string]*opEntry{}, byName: map[string]*opEntry{},
	}
	s.entry = &serviceEntry{goType: s.st}
	s.readServiceTags()
	s.bindOperations()
	s.matchRegisterOps(pend)
	if s.found && s.entry.name != "" && len(s.byName) == 0 && len(s.errs) == 0 {
		s.fail("", "the service declares no operations; add a field such as Check plugin.Op[CheckInput, CheckOutput] `desc:\"...\" method:\"CheckHandler\"`")
	}
	return s.entry, s.errs
}

// servicePointer returns svc as a non-nil pointer to a struct, copying a
// struct value so handlers with pointer receivers are found too.
func servicePointer(svc any) (reflect.Value, error) {
	if svc == nil {
		return reflect.Value{}, regErr(nil, "", "", "nil service; pass a pointer to a struct that embeds plugin.Service, e.g. &MyService{}")
	}
	pv := reflect.ValueOf(svc)
	switch {
	case pv.Kind() == reflect.Pointer && pv.Type().Elem().Kind() == reflect.Struct:
		if pv.IsNil() {
			return reflect.Value{}, regErr(pv.Type(), "", "", "nil pointer; pass &%s{}", pv.Type().Elem().Name())
		}
		return pv, nil
	case pv.Kind() == reflect.Struct:
		cp := reflect.New(pv.Type())
		cp.Elem().Set(pv)
		return cp, nil
	default:
		return reflect.Value{}, regErr(pv.Type(), "", "", "a service must be a pointer to a struct embedding plugin.Service, got %s", pv.Type())
	}
}

// readServiceTags finds the embedded plugin.Service and reads the service's
// name and description from its tags.
func (s *inspection) readServiceTags() {
	st, entry := s.st, s.entry
	for i := 0; i < st.NumField(); i++ {
		f := st.Field(i)
		if f.Type == serviceType || (f.Type.Kind() == reflect.Pointer && f.Type.Elem() == serviceType) {
			s.found = true
			if !f.Anonymous || f.Type != serviceType {
				s.fail(f.Name, "plugin.Service must be embedded by value: write plugin.Service `name:\"...\" desc:\"...\"` as an unnamed field")
				continue
			}
			entry.name = f.Tag.Get("name")
			entry.desc = f.Tag.Get("desc")
			if entry.name == "" {
				s.fail("", "the embedded plugin.Service has no name tag; write plugin.Service `name:\"%s\" desc:\"...\"`", suggestServiceName(st.Name()))
			}
		}
	}
	if !s.found {
		s.fail("", "%s does not embed plugin.Service; add the field plugin.Service `name:\"%s\" desc:\"...\"`", st.Name(), suggestServiceName(st.Name()))
	}
}

// bindOperations reads every plugin.Op field, checks its types and binds
// its handler method.
func (s *inspection) bindOperations() {
	for i := 0; i < s.st.NumField(); i++ {
		f := s.st.Field(i)
		if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Implements(opDeclType) {
			s.fail(f.Name, "operations are declared by value: write %s, not *%s", f.Type.Elem(), f.Type.Elem())
			continue
		}
		if !f.Type.Implements(opDeclType) {
			s.nonOpFields = append(s.nonOpFields, f.Name)
			continue
		}
		s.bindOperation(f)
	}
}

// bindOperation declares the operation of field f and binds its handler.
func (s *inspection) bindOperation(f reflect.StructField) {
	st, ptrType := s.st, s.ptrType
	decl := reflect.Zero(f.Type).Interface().(opDecl)
	in, out := decl.opTypes()
	op := &opEntry{
		svc:    s.entry,
		name:   snakeCase(f.Name),
		field:  f.Name,
		desc:   f.Tag.Get("desc"),
		in:     in,
		out:    out,
		opType: f.Type,
	}
	op.method = f.Tag.Get("method")
	if op.method == "" {
		op.method = f.Name + "Handler"
	}
	if prev, dup := s.byName[op.name]; dup {
		s.fail(f.Name, "operation name %q is also the name of field %s; rename one of the fields", op.name, prev.field)
		return
	}
	s.byName[op.name] = op
	s.byField[f.Name] = op

	typeOK := true
	if in.Kind() != reflect.Struct {
		s.fail(f.Name, "the input type %s is not a struct; operation inputs are JSON objects, so declare a struct type with json tags", in)
		typeOK = false
	} else if key := reservedField(in); key != "" {
		s.fail(f.Name, "the input type %s has a field with JSON name %q, which is reserved for routing observations to operations; give it another json name", in, key)
	}
	if out.Kind() != reflect.Struct {
		s.fail(f.Name, "the output type %s is not a struct; Result data is a JSON object, so declare a struct type with json tags", out)
		typeOK = false
	}
	want := fmt.Sprintf("func (s *%s) %s(ctx context.Context, in *%s) (*%s, error)", st.Name(), op.method, typeString(in, st), typeString(out, st))
	m, ok := lookupHandler(s.pv, op.method)
	if !ok {
		how := "the method tag names"
		if f.Tag.Get("method") == "" {
			how = "with no method tag, the handler is"
		}
		s.fail(f.Name, "%s method %s, which %s does not have%s; define %s, or set the field's method tag to the handler's name", how, op.method, ptrType, missingHandlerHint(ptrType, f, op.method), want)
		return
	}
	if !typeOK {
		return
	}
	inv, ok := decl.bind(m)
	if !ok {
		s.fail(f.Name, "handler %s has the signature %s; want %s", op.method, reflect.TypeOf(m), want)
		return
	}
	op.inv = inv
	s.entry.ops = append(s.entry.ops, op)
}

// matchRegisterOps attaches the pending RegisterOp calls (examples) to the
// operation fields they name, checking names and types.
func (s *inspection) matchRegisterOps(pend []pendingOp) {
	st := s.st
	seen := map[string]string{}
	for _, p := range pend {
		op, ok := s.byField[p.field]
		where := ""
		if p.at != "" {
			where = " at " + p.at
		}
		if !ok {
			if len(s.byField) == 0 && len(s.errs) > 0 {
				// The field may exist but have failed its own checks.
				continue
			}
			s.fail("", "RegisterOp(%q)%s names no operation field of %s%s (RegisterOp calls apply to the service registered next, and take the Go field name)", p.field, where, st.Name(), s.unknownFieldHint(p.field))
			continue
		}
		if prev, dup := seen[p.field]; dup {
			s.fail(p.field, "RegisterOp(%q) was called twice (%s and%s); give all of the operation's examples in one call", p.field, prev, where)
			continue
		}
		seen[p.field] = where
		if p.opType != op.opType {
			s.fail(p.field, "RegisterOp[%s, %s](%q)%s does not match the field's type plugin.Op[%s, %s]; call plugin.RegisterOp[%s, %s](%q, ...)",
				typeString(p.in, st), typeString(p.out, st), p.field, where, typeString(op.in, st), typeString(op.out, st), typeString(op.in, st), typeString(op.out, st), p.field)
			continue
		}
		names := map[string]bool{}
		for i, n := range p.names {
			if n == "" {
				s.fail(p.field, "example %d given to RegisterOp(%q)%s has no Name; every example needs a unique name", i+1, p.field, where)
			} else if names[n] {
				s.fail(p.field, "two examples given to RegisterOp(%q)%s are named %q; example names must be unique", p.field, where, n)
			}
			names[n] = true
		}
		op.examples = p.examples
		op.checkExamples = p.checkInputs
	}
}

// unknownFieldHint completes the error for a RegisterOp call naming field,
// which is not an operation field.
func (s *inspection) unknownFieldHint(field string) string {
	if slices.Contains(s.nonOpFields, field) {
		return fmt.Sprintf("; field %s is not a plugin.Op[I, O]", field)
	}
	var fields []string
	for name := range s.byField {
		fields = append(fields, name)
	}
	sort.Strings(fields)
	if c := suggest.Closest(field, fields); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	} else if len(fields) > 0 {
		return fmt.Sprintf("; its Op fields are %s", strings.Join(fields, ", "))
	}
	return ""
}

// reservedField returns the routing key that t uses as a top-level JSON
// field name, or "". It follows encoding/json's naming: the json tag's name,
// else the field name; untagged embedded structs are flattened.
func reservedField(t reflect.Type) string {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if k := reservedField(ft); k != "" {
					return k
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		// encoding/json matches names case-insensitively when decoding.
		switch strings.ToLower(name) {
		case routeOperation, routeService:
			return name
		}
	}
	return ""
}

// suggestServiceName turns "DNSService" into "dns".
func suggestServiceName(typeName string) string {
	n := strings.TrimSuffix(strings.TrimSuffix(typeName, "Service"), "Svc")
	if n == "" {
		n = typeName
	}
	return snakeCase(n)
}

// typeString names t as code in t's own package would: unqualified when t is
// in the same package as the service.
func typeString(t, service reflect.Type) string {
	if t.PkgPath() != "" && t.PkgPath() == service.PkgPath() && t.Name() != "" {
		return t.Name()
	}
	return t.String()
}
