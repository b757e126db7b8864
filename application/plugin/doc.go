// Package plugin is the API a Reglet plugin is written against.
//
// A plugin implements Plugin (Manifest and Check) and hands it to Register,
// from init or from main:
//
//	func main() {
//		plugin.Register(&myPlugin{})
//	}
//
// Built with GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared, the SDK
// exports the functions the Reglet host calls (_manifest, _observe, allocate,
// deallocate) and routes them to the registered Plugin. Compiled natively the
// same API builds, so handlers are unit-tested with plain go test.
//
// main under c-shared: the Go runtime never calls main.main in a c-shared
// module. The SDK calls it once, on the host's first call into the plugin,
// after every package init has run. main must return.
//
// Handlers reach the host through clients taken from their context with
// GetClient (see WithClient for tests).
//
// # Typed operations
//
// Most plugins do not implement Plugin by hand. DefinePlugin returns a
// *PluginDefinition, itself a Plugin, into which services are registered:
//
//	var Plugin = plugin.DefinePlugin(plugin.PluginDef{Name: "dns", Version: "1.0.0", Config: &Config{}})
//
//	type DNSService struct {
//		plugin.Service `name:"dns" desc:"DNS resolution"`
//		Resolve plugin.Op[ResolveInput, ResolveOutput] `desc:"Resolve hostname" method:"ResolveHandler"`
//	}
//
//	func init() {
//		plugin.RegisterOp[ResolveInput, ResolveOutput]("Resolve", plugin.Example[ResolveInput, ResolveOutput]{...})
//		plugin.MustRegisterService(Plugin, &DNSService{})
//	}
//
//	func (s *DNSService) ResolveHandler(ctx context.Context, in *ResolveInput) (*ResolveOutput, error)
//
//	func main() { plugin.Register(Plugin) }
//
// The SDK then:
//
//   - names each operation after its field in snake_case (Resolve -> resolve,
//     CheckURL -> check_url);
//   - checks the whole declaration in MustRegisterService, at start-up,
//     and binds each handler once, so calls involve no reflection on the
//     handler;
//   - generates the Manifest (config_schema from PluginDef.Config, input and
//     output schemas and examples per operation), building schemas on the
//     first Manifest or observation rather than at start-up;
//   - routes each observation: a plugin with one operation runs it; with
//     several, the reserved config keys "operation" and, where two services
//     share an operation name, "service" choose one, and are removed from
//     the config (see PluginDefinition.Check for the errors);
//   - validates the config against the input type (required fields, types,
//     enums, bounds, patterns, lengths, unknown fields, all reported at once
//     as a config error) and decodes it into *I, filling defaults;
//   - turns the handler's return into the Result: success with the output as
//     data; failure, with the output as data, for an error from Failf or
//     Fail (the check ran and the target did not meet it); an error Result
//     otherwise, of the error's type and code when it is an
//     *entities.ErrorDetail, else of type execution. A panic becomes an
//     error Result of type panic.
package plugin
