package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/schema"
)

// PluginDef is a plugin's metadata, given to DefinePlugin.
type PluginDef struct {
	// Name identifies the plugin (required).
	Name string
	// Version is the plugin's version, e.g. "1.0.0".
	Version string
	// Description says what the plugin checks.
	Description string
	// MinHostVersion, when set, is the oldest Reglet host the plugin runs on.
	MinHostVersion string
	// Config, when not nil, is a pointer to (or value of) the struct type
	// describing the observation config the plugin accepts, with json and
	// jsonschema tags. Its JSON schema is the Manifest's config_schema, and
	// every observation's config is validated against it as well as against
	// the selected operation's input type: keys that Config declares and the
	// input does not are accepted (and not passed to the handler), keys the
	// input declares and Config does not are accepted too. Only the type
	// matters; the value is never read.
	Config any
	// Capabilities is what the plugin asks of the host.
	Capabilities entities.GrantSet
}

// PluginDefinition is a plugin built from typed operations. It implements
// Plugin: Manifest is generated from the definition and its services, and
// Check routes each observation to an operation (see Check), validates and
// decodes its config into the operation's input type, calls the handler
// and turns what it returns into a Result.
//
// Create it with DefinePlugin, add services with MustRegisterService (from
// init functions) and serve it with Register:
//
//	var Plugin = plugin.DefinePlugin(plugin.PluginDef{Name: "dns", Version: "1.0.0"})
//
//	func init() { plugin.MustRegisterService(Plugin, &DNSService{}) }
//
//	func main() { plugin.Register(Plugin) }
type PluginDefinition struct {
	def     PluginDef
	err     error
	cfgType reflect.Type

	mu       sync.Mutex
	services []*serviceEntry
	ops      []*opEntry            // every operation, in declaration order
	byName   map[string][]*opEntry // operation name -> its services' operations
	manifest *entities.Manifest    // built on first use

	cfgOnce sync.Once
	cfgSch  schemaType
	cfgErr  error
}

var _ Plugin = (*PluginDefinition)(nil)

// DefinePlugin returns a plugin definition with def's metadata and no
// services yet. A mistake in def (no Name, a Config that is not a struct)
// is returned by every RegisterService on it, so MustRegisterService
// reports it at start-up; Manifest and Check report it too.
func DefinePlugin(def PluginDef) *PluginDefinition {
	d := &PluginDefinition{def: def, byName: map[string][]*opEntry{}}
	enableSplice() // see outdata.go
	if def.Name == "" {
		d.err = errors.New(`plugin.DefinePlugin: PluginDef.Name is empty; give the plugin a name, e.g. plugin.PluginDef{Name: "http", Version: "1.0.0"}`)
		return d
	}
	if def.Config != nil {
		t := reflect.TypeOf(def.Config)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			d.err = fmt.Errorf("plugin.DefinePlugin(%q): PluginDef.Config is a %s; it must be a struct (or a pointer to one) with json tags, e.g. Config: &MyConfig{}", def.Name, reflect.TypeOf(def.Config))
			return d
		}
		if key := reservedField(t); key != "" {
			d.err = fmt.Errorf("plugin.DefinePlugin(%q): PluginDef.Config type %s has a field with JSON name %q, which is reserved for routing observations to operations; give it another json name", def.Name, t, key)
			return d
		}
		d.cfgType = t
	}
	return d
}

// Err returns the mistake DefinePlugin found in its PluginDef, or nil.
func (d *PluginDefinition) Err() error { return d.err }

// Name returns the plugin's name.
func (d *PluginDefinition) Name() string { return d.def.Name }

// addService adds a checked service.
func (d *PluginDefinition) addService(s *serviceEntry) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, prev := range d.services {
		if prev.name == s.name {
			return regErr(reflect.PointerTo(s.goType), s.name, "", "plugin %q already has a service named %q (%s); service names must be unique, so change one name tag", d.def.Name, s.name, prev.goType)
		}
	}
	d.services = append(d.services, s)
	for _, op := range s.ops {
		d.ops = append(d.ops, op)
		d.byName[op.name] = append(d.byName[op.name], op)
	}
	d.manifest = nil
	return nil
}

// Manifest returns the plugin's Manifest: name, version, description,
// config_schema (from PluginDef.Config; {} without one), capabilities, and
// every service with its operations, their input field names, input and
// output schemas and examples, operations in declaration order. Schemas are
// built on the first call and the Manifest is cached; the caller may modify
// the returned value (not the schemas it shares).
func (d *PluginDefinition) Manifest(context.Context) (*entities.Manifest, error) {
	if d.err != nil {
		return nil, d.err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.manifest == nil {
		m, err := d.buildManifest()
		if err != nil {
			return nil, err
		}
		d.manifest = m
	}
	m := *d.manifest
	m.Services = maps.Clone(d.manifest.Services)
	return &m, nil
}

func (d *PluginDefinition) buildManifest() (*entities.Manifest, error) {
	m := &entities.Manifest{
		Name:           d.def.Name,
		Version:        d.def.Version,
		Description:    d.def.Description,
		SDKVersion:     SDKVersion,
		MinHostVersion: d.def.MinHostVersion,
		ConfigSchema:   json.RawMessage(`{}`),
		Capabilities:   d.def.Capabilities,
		Services:       make(map[string]entities.ServiceInfo, len(d.services)),
	}
	cs, err := d.configDocument()
	if err != nil {
		return nil, err
	}
	m.ConfigSchema = cs
	for _, s := range d.services {
		info := entities.ServiceInfo{Name: s.name, Description: s.desc, Operations: make([]entities.OperationInfo, 0, len(s.ops))}
		for _, op := range s.ops {
			oi, err := d.operationInfo(op)
			if err != nil {
				return nil, err
			}
			info.Operations = append(info.Operations, oi)
		}
		m.Services[s.name] = info
	}
	return m, nil
}

func (d *PluginDefinition) operationInfo(op *opEntry) (entities.OperationInfo, error) {
	prep, err := d.prepare(op)
	if err != nil {
		return entities.OperationInfo{}, err
	}
	if err := d.outputSchema(op); err != nil {
		return entities.OperationInfo{}, err
	}
	op.examOnce.Do(func() {
		if op.examples != nil {
			op.exams, op.examErr = op.examples()
			if op.examErr != nil {
				op.examErr = fmt.Errorf("plugin %q: operation %s: %w", d.def.Name, op.path(), op.examErr)
			}
		}
	})
	if op.examErr != nil {
		return entities.OperationInfo{}, op.examErr
	}
	return entities.OperationInfo{
		Name:         op.name,
		Description:  op.desc,
		InputFields:  prep.fields,
		InputSchema:  prep.in.Schema(),
		OutputSchema: op.outSch.Schema(),
		Examples:     op.exams,
	}, nil
}

// configDocument builds the Manifest's config_schema: a JSON Schema that
// accepts exactly the observation configs Check routes to an operation and
// validates, so a host that checks configs against it before running them
// agrees with the plugin (RATIONALE.md, "config_schema"). Each operation is
// one branch: its input's fields, PluginDef.Config's fields, and the
// routing keys that select it with the values that do. Without operations
// it is Config's own schema, or {}.
func (d *PluginDefinition) configDocument() (json.RawMessage, error) {
	var cfg schemaType
	if d.cfgType != nil {
		s, err := d.configSchema()
		if err != nil {
			return nil, err
		}
		cfg = s
	}
	if len(d.ops) == 0 {
		if cfg == nil {
			return json.RawMessage(`{}`), nil
		}
		return cfg.Document(), nil
	}
	branches := make([]configBranch, 0, len(d.ops))
	for _, op := range d.ops {
		prep, err := d.prepare(op)
		if err != nil {
			return nil, err
		}
		b := configBranch{title: op.path(), in: prep.in, cfg: prep.cfg, svc: op.svc.name, op: op.name}
		nameUnique := len(d.byName[op.name]) == 1
		svcSingle := len(op.svc.ops) == 1
		switch {
		case len(d.ops) == 1:
		case nameUnique && svcSingle:
			b.requireOne = true
		case nameUnique:
			b.require = []string{routeOperation}
		case svcSingle:
			b.require = []string{routeService}
		default:
			b.require = []string{routeService, routeOperation}
		}
		branches = append(branches, b)
	}
	return configDocument(branches), nil
}

// outputSchema builds op's output schema once.
func (d *PluginDefinition) outputSchema(op *opEntry) error {
	op.outOnce.Do(func() {
		op.outSch, op.outErr = buildSchema(op.out)
		if op.outErr != nil {
			op.outErr = fmt.Errorf("plugin %q: operation %s: output type %s: %w", d.def.Name, op.path(), op.out, op.outErr)
		}
	})
	return op.outErr
}

// configSchema builds PluginDef.Config's schema once.
func (d *PluginDefinition) configSchema() (schemaType, error) {
	d.cfgOnce.Do(func() {
		d.cfgSch, d.cfgErr = buildSchema(d.cfgType)
		if d.cfgErr != nil {
			d.cfgErr = fmt.Errorf("plugin %q: config type %s: %w", d.def.Name, d.cfgType, d.cfgErr)
		}
	})
	return d.cfgSch, d.cfgErr
}

// inputPrep is what observing an operation needs, built on first use.
type inputPrep struct {
	in     schemaType
	fields []string
	// cfg is the Config schema to validate against as well, nil when there
	// is no Config or it is the input type itself.
	cfg schemaType
	// inSkip: the top-level keys decoding the input ignores (the routing
	// keys, and the keys Config declares and the input does not); cfgSkip:
	// the routing keys and the input's own keys, for Config.
	inSkip, cfgSkip []string
	// shared: the fields the input and Config decode identically, decoded
	// once (into the input) and copied into the Config.
	shared *schema.Shared
}

// routingKeys are the keys that select an operation, which no input or
// Config decodes.
var routingKeys = []string{routeService, routeOperation}

// prepare builds op's input schema (and the Config schema) once.
func (d *PluginDefinition) prepare(op *opEntry) (*inputPrep, error) {
	op.inOnce.Do(func() {
		s, err := buildSchema(op.in)
		if err != nil {
			op.inErr = fmt.Errorf("plugin %q: operation %s: input type %s: %w", d.def.Name, op.path(), op.in, err)
			return
		}
		p := &inputPrep{in: s, fields: s.Fields(), inSkip: routingKeys}
		if d.cfgType != nil && d.cfgType != op.in {
			cs, err := d.configSchema()
			if err != nil {
				op.inErr = err
				return
			}
			p.cfg = cs
			p.inSkip = append(slices.Clip(routingKeys), without(cs.Fields(), p.fields)...)
			p.cfgSkip = append(slices.Clip(routingKeys), without(p.fields, cs.Fields())...)
			if a, ok := s.(*schema.Type); ok {
				if b, ok := cs.(*schema.Type); ok {
					p.shared = a.Shared(b)
				}
			}
		}
		op.inPrep = p
	})
	return op.inPrep, op.inErr
}

// without returns the names in list that are not in drop.
func without(list, drop []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(drop, s) {
			out = append(out, s)
		}
	}
	return out
}

// Validate builds every schema and checks that each example's Input passes
// its operation's validation, and that no RegisterOp call is left without
// a RegisterService after it. Call it from a unit test of the plugin: it
// finds the mistakes that registration cannot see without building schemas
// (which it avoids to keep start-up cheap):
//
//	func TestPlugin(t *testing.T) {
//		if err := core.Plugin.Validate(); err != nil {
//			t.Fatal(err)
//		}
//	}
func (d *PluginDefinition) Validate() error {
	if _, err := d.Manifest(context.Background()); err != nil {
		return err
	}
	var errs []error
	d.mu.Lock()
	ops := append([]*opEntry(nil), d.ops...)
	d.mu.Unlock()
	for _, op := range ops {
		if op.checkExamples == nil {
			continue
		}
		prep, err := d.prepare(op)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := op.checkExamples(prep.in); err != nil {
			errs = append(errs, fmt.Errorf("plugin %q: operation %s: %w", d.def.Name, op.path(), err))
		}
	}
	if len(errs) == 0 && len(ops) == 0 {
		errs = append(errs, fmt.Errorf("plugin %q has no services; register one with plugin.MustRegisterService", d.def.Name))
	}
	pendingMu.Lock()
	for _, p := range pending {
		errs = append(errs, fmt.Errorf("RegisterOp(%q) at %s was not followed by a RegisterService, so its examples belong to no service; call RegisterOp just before the MustRegisterService of the service that has the field", p.field, p.at))
	}
	pendingMu.Unlock()
	return errors.Join(errs...)
}
