//go:build !reglet_bound

package plugin

import (
	"fmt"
	"reflect"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/suggest"
)

// lookupHandler returns the method name of the service pointer pv as a
// method value. It uses reflection: the plain go build path.
func lookupHandler(pv reflect.Value, name string) (any, bool) {
	m := pv.MethodByName(name)
	if !m.IsValid() {
		return nil, false
	}
	return m.Interface(), true
}

// missingHandlerHint suggests the method the author may have meant when
// the handler method of field f, name, does not exist on ptrType.
func missingHandlerHint(ptrType reflect.Type, f reflect.StructField, name string) string {
	var methods []string
	for i := 0; i < ptrType.NumMethod(); i++ {
		methods = append(methods, ptrType.Method(i).Name)
	}
	if c := suggest.Closest(name, methods); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	if f.Tag.Get("method") != "" && name != f.Name+"Handler" {
		if _, ok := ptrType.MethodByName(f.Name + "Handler"); ok {
			return fmt.Sprintf(" (did you mean %q?)", f.Name+"Handler")
		}
	}
	return ""
}
