//go:build reglet_bound

package plugin

import "reflect"

// lookupHandler returns the method name of the service pointer pv as
// recorded by the generated BindHandlers calls. No reflection by name: the
// linker keeps only the handlers the generated code names.
func lookupHandler(pv reflect.Value, name string) (any, bool) {
	return boundHandler(pv, name)
}

// missingHandlerHint explains, in a build with the reglet_bound tag, why a
// handler may be missing although the type has it.
func missingHandlerHint(reflect.Type, reflect.StructField, string) string {
	return " in the handlers bound by the code reglet-plugin build generated (this module was built with -tags reglet_bound, which binds only those; build it with reglet-plugin build, which generates them, or without the tag)"
}
