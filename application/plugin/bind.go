package plugin

import (
	"reflect"
	"sync"
)

// Handlers are bound to Op fields by the name in the field's method tag.
// A plain go build finds the method by that name with reflection
// (bind_reflect.go), which makes the Go linker keep every exported method
// of every reachable type: about 1.1 MB of a typed plugin. reglet-plugin
// build instead generates, in each package that declares a service, a file
// that lists the handlers as method values (BindHandlers) and builds with
// -tags reglet_bound (bind_bound.go), where only that list is consulted.
// RATIONALE.md, "Binding handlers without MethodByName", has the numbers.

var (
	boundMu       sync.Mutex
	boundHandlers map[reflect.Type]map[string]func(any) any
)

// BindHandlers is called by the code reglet-plugin build generates; plugin
// authors do not call it. It records how to get each named handler method
// of the service type *S as a method value, so that a build with the tag
// reglet_bound binds `method`-tagged Op fields without reflection. It
// returns true, so generated code can call it from a package-level var
// declaration, which runs before every init function of the package.
func BindHandlers[S any](handlers map[string]func(*S) any) bool {
	t := reflect.TypeFor[*S]()
	boundMu.Lock()
	defer boundMu.Unlock()
	if boundHandlers == nil {
		boundHandlers = map[reflect.Type]map[string]func(any) any{}
	}
	m := boundHandlers[t]
	if m == nil {
		m = make(map[string]func(any) any, len(handlers))
		boundHandlers[t] = m
	}
	for name, get := range handlers {
		m[name] = func(recv any) any { return get(recv.(*S)) }
	}
	return true
}

// boundHandler returns the method value name of the service pointer pv
// recorded by BindHandlers, or false.
func boundHandler(pv reflect.Value, name string) (any, bool) {
	boundMu.Lock()
	get := boundHandlers[pv.Type()][name]
	boundMu.Unlock()
	if get == nil {
		return nil, false
	}
	return get(pv.Interface()), true
}
