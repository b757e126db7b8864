package plugin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

type rIn struct {
	Name string `json:"name"`
}
type rOut struct {
	Greeting string `json:"greeting"`
}
type rOther struct {
	X int `json:"x"`
}

// Services with every kind of mistake.

type okSvc struct {
	plugin.Service `name:"ok" desc:"fine"`
	Greet          plugin.Op[rIn, rOut] `desc:"greet" method:"GreetHandler"`
}

func (*okSvc) GreetHandler(context.Context, *rIn) (*rOut, error) { return &rOut{}, nil }

type okSvc2 struct {
	plugin.Service `name:"ok" desc:"same name as okSvc"`
	Greet          plugin.Op[rIn, rOut] `method:"GreetHandler"`
}

func (*okSvc2) GreetHandler(context.Context, *rIn) (*rOut, error) { return &rOut{}, nil }

type typoMethodSvc struct {
	plugin.Service `name:"typo"`
	Greet          plugin.Op[rIn, rOut] `method:"GreetHandlr"`
}

func (*typoMethodSvc) GreetHandler(context.Context, *rIn) (*rOut, error) { return nil, nil }

type noMethodSvc struct {
	plugin.Service `name:"nomethod"`
	Greet          plugin.Op[rIn, rOut]
}

type badSigSvc struct {
	plugin.Service `name:"badsig"`
	Greet          plugin.Op[rIn, rOut] `method:"GreetHandler"`
}

func (*badSigSvc) GreetHandler(context.Context, rIn) (*rOut, error) { return nil, nil }

type badSigSvc2 struct {
	plugin.Service `name:"badsig2"`
	Greet          plugin.Op[rIn, rOut] `method:"GreetHandler"`
}

func (*badSigSvc2) GreetHandler(context.Context, *rIn) (rOut, error) { return rOut{}, nil }

type noEmbedSvc struct {
	Greet plugin.Op[rIn, rOut] `method:"GreetHandler"`
}

func (*noEmbedSvc) GreetHandler(context.Context, *rIn) (*rOut, error) { return nil, nil }

type noNameSvc struct {
	plugin.Service `desc:"no name"`
	Greet          plugin.Op[rIn, rOut] `method:"GreetHandler"`
}

func (*noNameSvc) GreetHandler(context.Context, *rIn) (*rOut, error) { return nil, nil }

type namedFieldSvc struct {
	Svc   plugin.Service       `name:"named"`
	Greet plugin.Op[rIn, rOut] `method:"GreetHandler"`
}

func (*namedFieldSvc) GreetHandler(context.Context, *rIn) (*rOut, error) { return nil, nil }

type dupOpSvc struct {
	plugin.Service `name:"dupop"`
	CheckURL       plugin.Op[rIn, rOut] `method:"AHandler"`
	Check_URL      plugin.Op[rIn, rOut] `method:"AHandler"`
}

func (*dupOpSvc) AHandler(context.Context, *rIn) (*rOut, error) { return nil, nil }

type nonStructIn struct {
	plugin.Service `name:"nonstruct"`
	Greet          plugin.Op[string, rOut] `method:"GreetHandler"`
}

func (*nonStructIn) GreetHandler(context.Context, *string) (*rOut, error) { return nil, nil }

type nonStructOut struct {
	plugin.Service `name:"nonstructout"`
	Greet          plugin.Op[rIn, []string] `method:"GreetHandler"`
}

func (*nonStructOut) GreetHandler(context.Context, *rIn) (*[]string, error) { return nil, nil }

type reservedIn struct {
	Operation string `json:"operation"`
}

type reservedSvc struct {
	plugin.Service `name:"reserved"`
	Greet          plugin.Op[reservedIn, rOut] `method:"GreetHandler"`
}

func (*reservedSvc) GreetHandler(context.Context, *reservedIn) (*rOut, error) { return nil, nil }

type noOpsSvc struct {
	plugin.Service `name:"noops"`
}

type ptrOpSvc struct {
	plugin.Service `name:"ptrop"`
	Greet          *plugin.Op[rIn, rOut] `method:"GreetHandler"`
}

func (*ptrOpSvc) GreetHandler(context.Context, *rIn) (*rOut, error) { return nil, nil }

func TestRegisterServiceErrors(t *testing.T) {
	ex := plugin.Example[rIn, rOut]{Name: "a"}
	tests := []struct {
		name  string
		def   *plugin.PluginDefinition
		setup func() // RegisterOp calls
		svc   any
		want  []string // substrings of the error
	}{
		{name: "nil service", svc: nil, want: []string{"nil service", "&MyService{}"}},
		{name: "nil pointer", svc: (*okSvc)(nil), want: []string{"nil pointer", "&okSvc{}"}},
		{name: "not a struct", svc: 42, want: []string{"pointer to a struct embedding plugin.Service", "got int"}},
		{name: "method tag typo", svc: &typoMethodSvc{}, want: []string{`service "typo"`, "field Greet", "GreetHandlr", `did you mean "GreetHandler"`, "func (s *typoMethodSvc) GreetHandlr(ctx context.Context, in *rIn) (*rOut, error)"}},
		{name: "default method missing", svc: &noMethodSvc{}, want: []string{"field Greet", "with no method tag", "GreetHandler", "set the field's method tag"}},
		{name: "handler takes value", svc: &badSigSvc{}, want: []string{"field Greet", "handler GreetHandler has the signature func(context.Context, plugin_test.rIn) (*plugin_test.rOut, error)", "want func (s *badSigSvc) GreetHandler(ctx context.Context, in *rIn) (*rOut, error)"}},
		{name: "handler returns value", svc: &badSigSvc2{}, want: []string{"(plugin_test.rOut, error)", "want func (s *badSigSvc2)"}},
		{name: "no Service embedding", svc: &noEmbedSvc{}, want: []string{"does not embed plugin.Service", "plugin.Service `name:\"no_embed\""}},
		{name: "no name tag", svc: &noNameSvc{}, want: []string{"no name tag", "plugin.Service `name:\"no_name\""}},
		{name: "Service not embedded", svc: &namedFieldSvc{}, want: []string{"field Svc", "must be embedded"}},
		{name: "duplicate operation name", svc: &dupOpSvc{}, want: []string{`service "dupop"`, "field Check_URL", `operation name "check_url" is also the name of field CheckURL`}},
		{name: "non-struct input", svc: &nonStructIn{}, want: []string{"field Greet", "input type string is not a struct"}},
		{name: "non-struct output", svc: &nonStructOut{}, want: []string{"output type []string is not a struct"}},
		{name: "reserved input field", svc: &reservedSvc{}, want: []string{"JSON name \"operation\"", "reserved for routing"}},
		{name: "no operations", svc: &noOpsSvc{}, want: []string{`service "noops"`, "declares no operations"}},
		{name: "pointer Op field", svc: &ptrOpSvc{}, want: []string{"field Greet", "declared by value"}},
		{
			name:  "RegisterOp for a missing field",
			setup: func() { plugin.RegisterOp[rIn, rOut]("Gret", ex) },
			svc:   &okSvc{}, want: []string{`service "ok"`, `RegisterOp("Gret") at plugin/register_test.go:`, `did you mean "Greet"?`},
		},
		{
			name:  "RegisterOp with other types",
			setup: func() { plugin.RegisterOp[rIn, rOther]("Greet") },
			svc:   &okSvc{}, want: []string{"field Greet", "RegisterOp[rIn, rOther](\"Greet\")", "does not match the field's type plugin.Op[rIn, rOut]", "call plugin.RegisterOp[rIn, rOut](\"Greet\", ...)"},
		},
		{
			name:  "RegisterOp twice",
			setup: func() { plugin.RegisterOp[rIn, rOut]("Greet", ex); plugin.RegisterOp[rIn, rOut]("Greet") },
			svc:   &okSvc{}, want: []string{"called twice"},
		},
		{
			name:  "example without name",
			setup: func() { plugin.RegisterOp("Greet", plugin.Example[rIn, rOut]{}) },
			svc:   &okSvc{}, want: []string{"example 1", "has no Name"},
		},
		{
			name: "duplicate example names",
			setup: func() {
				plugin.RegisterOp("Greet", plugin.Example[rIn, rOut]{Name: "x"}, plugin.Example[rIn, rOut]{Name: "x"})
			},
			svc: &okSvc{}, want: []string{`named "x"`, "must be unique"},
		},
		{name: "nil definition", def: (*plugin.PluginDefinition)(nil), svc: &okSvc{}, want: []string{"nil *PluginDefinition"}},
		{name: "definition without name", def: plugin.DefinePlugin(plugin.PluginDef{}), svc: &okSvc{}, want: []string{"PluginDef.Name is empty"}},
		{name: "non-struct Config", def: plugin.DefinePlugin(plugin.PluginDef{Name: "x", Config: "str"}), svc: &okSvc{}, want: []string{"PluginDef.Config is a string", "must be a struct"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := tt.def
			if def == nil && !strings.HasPrefix(tt.name, "nil definition") {
				def = plugin.DefinePlugin(plugin.PluginDef{Name: "p", Version: "1"})
			}
			if tt.setup != nil {
				tt.setup()
			}
			err := plugin.RegisterService(def, tt.svc)
			if err == nil {
				t.Fatal("RegisterService succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
			// The pending RegisterOp calls were consumed: the next
			// service registers cleanly.
			if err := plugin.RegisterService(plugin.DefinePlugin(plugin.PluginDef{Name: "q"}), &okSvc{}); err != nil {
				t.Errorf("next RegisterService: %v", err)
			}
		})
	}
}

func TestRegisterServiceDuplicateName(t *testing.T) {
	def := plugin.DefinePlugin(plugin.PluginDef{Name: "p"})
	plugin.MustRegisterService(def, &okSvc{})
	err := plugin.RegisterService(def, &okSvc2{})
	if err == nil || !strings.Contains(err.Error(), `already has a service named "ok"`) {
		t.Fatalf("err = %v, want a duplicate service error", err)
	}
}

func TestMustRegisterServicePanics(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(error).Error(), "GreetHandlr") {
			t.Fatalf("recovered %v, want the registration error", r)
		}
	}()
	plugin.MustRegisterService(plugin.DefinePlugin(plugin.PluginDef{Name: "p"}), &typoMethodSvc{})
}

// A service given by value works, and its handlers with pointer receivers
// are found.
func TestRegisterServiceByValue(t *testing.T) {
	def := plugin.DefinePlugin(plugin.PluginDef{Name: "p"})
	if err := plugin.RegisterService(def, okSvc{}); err != nil {
		t.Fatal(err)
	}
}

// Everything the schema builder rejects is reported by RegisterService (in
// native code: go test, the CLI), naming the operation and the field, for
// input, output and Config types alike. Before, RegisterService accepted
// these and the first observation failed.
type chanIn struct {
	C chan int `json:"c"`
}

type lazySvc struct {
	plugin.Service `name:"lazy"`
	Do             plugin.Op[chanIn, rOut] `method:"DoHandler"`
}

func (*lazySvc) DoHandler(context.Context, *chanIn) (*rOut, error) { return nil, nil }

type badTagOut struct {
	N int `json:"n" jsonschema:"minimum=x"`
}

type badOutSvc struct {
	plugin.Service `name:"badout"`
	Do             plugin.Op[rIn, badTagOut] `method:"DoHandler"`
}

func (*badOutSvc) DoHandler(context.Context, *rIn) (*badTagOut, error) { return nil, nil }

type badFormatIn struct {
	Site string `json:"site" jsonschema:"format=url"`
}

type badFormatSvc struct {
	plugin.Service `name:"badformat"`
	Do             plugin.Op[badFormatIn, rOut] `method:"DoHandler"`
}

func (*badFormatSvc) DoHandler(context.Context, *badFormatIn) (*rOut, error) { return nil, nil }

type badDefaultConfig struct {
	Retries int `json:"retries" jsonschema:"maximum=3,default=5"`
}

func TestRegisterServiceReportsSchemaMistakes(t *testing.T) {
	tests := []struct {
		name string
		def  plugin.PluginDef
		svc  any
		want []string
	}{
		{"unsupported input type", plugin.PluginDef{Name: "p"}, &lazySvc{}, []string{`plugin "p": operation lazy/do: input type plugin_test.chanIn`, "chanIn.C: unsupported type chan int"}},
		{"bad output tag", plugin.PluginDef{Name: "p"}, &badOutSvc{}, []string{"operation badout/do: output type plugin_test.badTagOut", "minimum=x: want an integer"}},
		{"unknown format", plugin.PluginDef{Name: "p"}, &badFormatSvc{}, []string{"operation badformat/do: input type", "format=url: unknown format"}},
		{"config default breaks its rule", plugin.PluginDef{Name: "p", Config: &badDefaultConfig{}}, &okSvc{}, []string{"config type plugin_test.badDefaultConfig", "default 5 breaks the field's own rules"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := plugin.DefinePlugin(tt.def)
			err := plugin.RegisterService(def, tt.svc)
			if err == nil {
				t.Fatal("RegisterService succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nwant it to contain %q", err, w)
				}
			}
			func() {
				defer func() {
					if r := recover(); r == nil {
						t.Error("MustRegisterService did not panic")
					}
				}()
				plugin.MustRegisterService(plugin.DefinePlugin(tt.def), tt.svc)
			}()
		})
	}
}

// The seed README's kind of description, with a comma inside, registers and
// runs; a published format is checked.
type nsIn struct {
	Nameserver string `json:"nameserver,omitempty" jsonschema:"description=Nameserver (host:port, e.g. 8.8.8.8:53)"`
	Endpoint   string `json:"endpoint,omitempty" jsonschema:"format=uri,description=Where to send reports, as an absolute URL"`
}

type nsSvc struct {
	plugin.Service `name:"ns"`
	Check          plugin.Op[nsIn, rOut] `method:"CheckHandler"`
}

func (*nsSvc) CheckHandler(_ context.Context, in *nsIn) (*rOut, error) {
	return &rOut{Greeting: in.Nameserver}, nil
}

func TestCommaInDescriptionAndFormats(t *testing.T) {
	def := plugin.DefinePlugin(plugin.PluginDef{Name: "ns"})
	if err := plugin.RegisterService(def, &nsSvc{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, err := def.Check(ctx, []byte(`{"nameserver":"8.8.8.8:53","endpoint":"https://example.com/r"}`))
	if err != nil || r.Status != "success" {
		t.Fatalf("Check = %+v, %v", r, err)
	}
	r, err = def.Check(ctx, []byte(`{"endpoint":"not a url"}`))
	if err != nil || r.Status != "error" || r.Error.Code != plugin.CodeInvalidConfig || !strings.Contains(r.Message, `endpoint: "not a url" is not an absolute URI`) {
		t.Fatalf("Check = %+v, %v", r, err)
	}
	m, err := def.Manifest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(m.Services["ns"].Operations[0].InputSchema); !strings.Contains(s, `"description":"Nameserver (host:port, e.g. 8.8.8.8:53)"`) || !strings.Contains(s, `"description":"Where to send reports, as an absolute URL"`) {
		t.Errorf("input schema %s", s)
	}
}
