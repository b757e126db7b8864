package plugin

import (
	"context"
	"reflect"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/flatstruct"
)

type boundSvc struct {
	Service `name:"bound"`
	Run     Op[NumIn, NumOut] `method:"Go"`
}

type NumIn struct {
	N int `json:"n"`
}

type NumOut struct {
	N int `json:"n"`
}

func (s *boundSvc) Go(_ context.Context, in *NumIn) (*NumOut, error) {
	return &NumOut{N: in.N + 1}, nil
}

// What the generated code records is what the bound build binds: the
// method value of the registered receiver, and nothing for a name it does
// not list.
func TestBindHandlers(t *testing.T) {
	if !BindHandlers(map[string]func(*boundSvc) any{"Go": func(s *boundSvc) any { return s.Go }}) {
		t.Fatal("BindHandlers returned false")
	}
	pv := reflect.ValueOf(&boundSvc{})
	m, ok := boundHandler(pv, "Go")
	if !ok {
		t.Fatal("Go not bound")
	}
	inv, ok := Op[NumIn, NumOut]{}.bind(m)
	if !ok {
		t.Fatalf("bound %T does not have the handler signature", m)
	}
	for _, flat := range []*flatstruct.Codec{nil, flatstruct.For(reflect.TypeFor[NumOut]())} {
		data, out, err := inv.call(context.Background(), &NumIn{N: 41}, flat)
		if err != nil || string(data) != `{"n":42}` || out.(*NumOut).N != 42 {
			t.Errorf("call (flat %v) = %s, %v, %v", flat != nil, data, out, err)
		}
	}
	if _, ok := boundHandler(pv, "Other"); ok {
		t.Error("an unlisted method is bound")
	}
	if _, ok := boundHandler(reflect.ValueOf(&struct{ Service }{}), "Go"); ok {
		t.Error("a method is bound on another type")
	}
	// The plain build finds the same method by name.
	r, ok := lookupHandler(pv, "Go")
	if !ok || reflect.TypeOf(r) != reflect.TypeOf(m) {
		t.Errorf("lookupHandler = %T, %v; want %T", r, ok, m)
	}
}
