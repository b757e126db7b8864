package plugin_test

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

// GreetInput and GreetOutput are an operation's input and output: plain
// structs with json and jsonschema tags.
type GreetInput struct {
	Name     string `json:"name" jsonschema:"required,description=Who to greet"`
	Greeting string `json:"greeting,omitempty" jsonschema:"enum=hello,enum=hi,default=hello"`
}

type GreetOutput struct {
	Message string `json:"message"`
}

// GreeterService is a service with one operation, greet.
type GreeterService struct {
	plugin.Service `name:"greeter" desc:"Greetings"`
	Greet          plugin.Op[GreetInput, GreetOutput] `desc:"Greet someone" method:"GreetHandler"`
}

func (s *GreeterService) GreetHandler(_ context.Context, in *GreetInput) (*GreetOutput, error) {
	out := &GreetOutput{Message: in.Greeting + ", " + in.Name}
	if in.Name == "nobody" {
		return out, plugin.Failf("nobody to greet")
	}
	return out, nil
}

// A complete typed plugin: define it, register a service (in init, in a
// real plugin), and serve it with plugin.Register(Greeter) from main.
func Example_definePlugin() {
	greeter := plugin.DefinePlugin(plugin.PluginDef{
		Name:        "greeter",
		Version:     "1.0.0",
		Description: "Greets people",
	})
	plugin.RegisterOp[GreetInput, GreetOutput]("Greet",
		plugin.Example[GreetInput, GreetOutput]{
			Name:           "basic",
			Input:          GreetInput{Name: "Ada"},
			ExpectedOutput: &GreetOutput{Message: "hello, Ada"},
		},
	)
	plugin.MustRegisterService(greeter, &GreeterService{})

	// plugin.Register(greeter) in main makes it the module's plugin; here
	// the lifecycle the wasm exports use runs it natively.
	ctx := context.Background()
	fmt.Println(result(greeter, `{"name":"Ada"}`))
	fmt.Println(result(greeter, `{"name":"nobody","greeting":"hi"}`))
	fmt.Println(result(greeter, `{"nme":"Ada"}`))

	m, _ := greeter.Manifest(ctx)
	op := m.Services["greeter"].Operations[0]
	fmt.Println(op.Name, op.InputFields, string(op.Examples[0].Input))
	// Output:
	// success  map[message:hello, Ada]
	// failure nobody to greet map[message:hi, nobody]
	// error invalid config for greeter/greet: name: required field is missing; nme: unknown field; did you mean "name"? map[]
	// greet [name greeting] {"name":"Ada"}
}

// result runs one observation and summarises its Result.
func result(p plugin.Plugin, config string) string {
	r, err := p.Check(context.Background(), []byte(config))
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%s %s %v", r.Status, r.Message, r.Data)
}

// Operations that share a name in two services are told apart by the
// reserved config keys "operation" and "service".
func ExamplePluginDefinition_Check() {
	p := plugin.DefinePlugin(plugin.PluginDef{Name: "routing"})
	plugin.MustRegisterService(p, &GreeterService{})
	plugin.MustRegisterService(p, &PoliteService{})

	fmt.Println(result(p, `{"service":"polite","operation":"greet","name":"Ada"}`))
	fmt.Println(result(p, `{"operation":"greet","name":"Ada"}`))
	// Output:
	// success  map[message:Good day, Ada]
	// error operation "greet" is offered by several services (greeter, polite); set config "service" to one of them: greeter/greet, polite/greet map[]
}

// PoliteService has an operation named greet too.
type PoliteService struct {
	plugin.Service `name:"polite" desc:"Polite greetings"`
	Greet          plugin.Op[GreetInput, GreetOutput] `method:"GreetHandler"`
}

func (*PoliteService) GreetHandler(_ context.Context, in *GreetInput) (*GreetOutput, error) {
	return &GreetOutput{Message: "Good day, " + in.Name}, nil
}

// A handler reports a failed check (the target did not meet expectations)
// with Failf, keeping its output as the Result's data; any other error
// means the check could not run.
func ExampleFailf() {
	check := func(status, want int) (*GreetOutput, error) {
		out := &GreetOutput{Message: fmt.Sprint(status)}
		if status != want {
			return out, plugin.Failf("got status %d, want %d", status, want)
		}
		return out, nil
	}
	_, err := check(503, 200)
	fmt.Println(plugin.IsFailure(err), err)
	// Output: true got status 503, want 200
}

// RegisterOp attaches examples to an operation of the service registered
// next; the Manifest carries them as JSON.
func ExampleRegisterOp() {
	p := plugin.DefinePlugin(plugin.PluginDef{Name: "greeter"})
	plugin.RegisterOp("Greet",
		plugin.Example[GreetInput, GreetOutput]{
			Name:           "casual",
			Description:    "A casual greeting",
			Input:          GreetInput{Name: "Ada", Greeting: "hi"},
			ExpectedOutput: &GreetOutput{Message: "hi, Ada"},
		},
		plugin.Example[GreetInput, GreetOutput]{
			Name:          "nobody",
			Input:         GreetInput{Name: "nobody"},
			ExpectedError: "nobody to greet",
		},
	)
	plugin.MustRegisterService(p, &GreeterService{})

	m, _ := p.Manifest(context.Background())
	for _, ex := range m.Services["greeter"].Operations[0].Examples {
		fmt.Printf("%s: %s -> %s%s\n", ex.Name, ex.Input, ex.ExpectedOutput, ex.ExpectedError)
	}
	// Output:
	// casual: {"name":"Ada","greeting":"hi"} -> {"message":"hi, Ada"}
	// nobody: {"name":"nobody"} -> nobody to greet
}

// RegisterService reports a mistake in a service declaration when the
// service is registered, naming the field and the fix.
func ExampleRegisterService() {
	type BrokenService struct {
		plugin.Service `name:"broken"`
		Greet          plugin.Op[GreetInput, GreetOutput] `method:"GreetHandlr"`
	}
	err := plugin.RegisterService(plugin.DefinePlugin(plugin.PluginDef{Name: "p"}), &BrokenService{})
	fmt.Println(err)
	// Output: plugin.RegisterService(*plugin_test.BrokenService): service "broken", field Greet: the method tag names method GreetHandlr, which *plugin_test.BrokenService does not have; define func (s *BrokenService) GreetHandlr(ctx context.Context, in *GreetInput) (*GreetOutput, error), or set the field's method tag to the handler's name
}

// Settings is a plugin-level config: every observation may set these, on
// top of the operation's own input.
type Settings struct {
	URL            string `json:"url" jsonschema:"required"`
	TimeoutSeconds int    `json:"timeout_seconds,omitempty" jsonschema:"default=30"`
}

// FetchInput is the operation's input; it has no timeout of its own.
type FetchInput struct {
	URL string `json:"url" jsonschema:"required"`
}

// FetchOutput reports the timeout the handler used.
type FetchOutput struct {
	TimeoutSeconds int `json:"timeout_seconds"`
}

// FetchService reads the plugin config in its handler.
type FetchService struct {
	plugin.Service `name:"fetch"`
	Fetch          plugin.Op[FetchInput, FetchOutput] `method:"FetchHandler"`
}

// FetchHandler reads timeout_seconds from the plugin config.
func (*FetchService) FetchHandler(ctx context.Context, in *FetchInput) (*FetchOutput, error) {
	cfg := plugin.GetConfig[Settings](ctx)
	return &FetchOutput{TimeoutSeconds: cfg.TimeoutSeconds}, nil
}

// A handler reads PluginDef.Config, decoded from the observation's config
// with its defaults, with GetConfig; in a unit test of the handler alone,
// WithConfig gives it one.
func ExampleGetConfig() {
	def := plugin.DefinePlugin(plugin.PluginDef{Name: "fetch", Config: &Settings{}})
	plugin.MustRegisterService(def, &FetchService{})

	r, _ := def.Check(context.Background(), []byte(`{"url":"https://example.com"}`))
	fmt.Println(r.Data["timeout_seconds"])
	r, _ = def.Check(context.Background(), []byte(`{"url":"https://example.com","timeout_seconds":5}`))
	fmt.Println(r.Data["timeout_seconds"])

	ctx := plugin.WithConfig(context.Background(), &Settings{TimeoutSeconds: 9})
	out, _ := (&FetchService{}).FetchHandler(ctx, &FetchInput{URL: "https://example.com"})
	fmt.Println(out.TimeoutSeconds)
	// Output:
	// 30
	// 5
	// 9
}
