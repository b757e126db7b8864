package schemaconformance

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// routingAndValidation are the codes of the config errors a plugin reports
// when it refuses an observation's config (routing or validation); any
// other Result means the config was accepted and the handler ran.
var routingAndValidation = map[string]bool{
	plugin.CodeInvalidConfig: true, plugin.CodeMissingOperation: true, plugin.CodeUnknownOperation: true,
	plugin.CodeUnknownService: true, plugin.CodeAmbiguousOperation: true, plugin.CodeInvalidRouting: true,
}

func accepted(r *entities.Result) bool {
	return !(r.Status == entities.StatusError && r.Error != nil && r.Error.Type == entities.ErrorTypeConfig && routingAndValidation[r.Error.Code])
}

// compile compiles a config_schema as the Reglet CLI does (draft from
// $schema), asserting formats or not.
func compile(t *testing.T, doc []byte, assertFormat bool) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = assertFormat
	if err := c.AddResource("config_schema.json", bytes.NewReader(doc)); err != nil {
		t.Fatalf("config_schema is not a schema: %v\n%s", err, doc)
	}
	s, err := c.Compile("config_schema.json")
	if err != nil {
		t.Fatalf("config_schema does not compile: %v\n%s", err, doc)
	}
	return s
}

func instance(t *testing.T, config []byte) any {
	dec := json.NewDecoder(bytes.NewReader(config))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("generated config %s: %v", config, err)
	}
	return v
}

// agree runs every generated config through the validator and the plugin
// and fails on each disagreement, except up to stricter configs the schema
// accepts and the plugin's handler then refuses (a cross-field rule the
// schema language of the tags cannot state; see handlerRules). A config
// the schema refuses and the plugin accepts always fails: a pre-validating
// host would refuse a config the plugin can run. It returns how many
// configs were judged.
func agree(t *testing.T, manifest []byte, check func([]byte) *entities.Result, stricter int) int {
	t.Helper()
	ops, cs, err := operations(manifest)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(cs)
	strict := compile(t, doc, true)
	lenient := compile(t, doc, false)
	var yes, no, bad, handler int
	cfgs := configs(ops, 1)
	for _, cfg := range cfgs {
		v := instance(t, cfg)
		serr := strict.Validate(v)
		r := check(cfg)
		p := accepted(r)
		if p {
			yes++
		} else {
			no++
		}
		if serr == nil && !p && handler < stricter {
			handler++
			continue
		}
		if (serr == nil) != p {
			bad++
			if bad <= 15 {
				t.Errorf("config %s\n  schema accepts: %v (%v)\n  plugin accepts: %v (%s)", cfg, serr == nil, serr, p, r.Message)
			}
			continue
		}
		// A host that treats format as an annotation (the default for
		// 2020-12) must still accept everything the plugin accepts.
		if p {
			if err := lenient.Validate(v); err != nil {
				t.Errorf("config %s: the plugin accepts it, the schema without format assertion refuses it: %v", cfg, err)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d configs judged differently", bad, len(cfgs))
	}
	// The generator must reach both sides of the line.
	if yes < len(ops)*5 || no < len(ops)*20 {
		t.Errorf("generator too narrow: %d accepted, %d refused over %d operations", yes, no, len(ops))
	}
	t.Logf("%d configs over %d operations: %d accepted, %d refused, %d disagreements, %d refused by the handler's own rules (known, at most %d)",
		len(cfgs), len(ops), yes, no, bad, handler, stricter)
	return len(cfgs)
}

func nativeCheck(def *plugin.PluginDefinition) func([]byte) *entities.Result {
	return func(cfg []byte) *entities.Result {
		r, err := def.Check(context.Background(), cfg)
		if err != nil {
			return entities.ResultError(entities.NewErrorDetail(entities.ErrorTypeInternal, err.Error()))
		}
		return r
	}
}

func nativeManifest(t *testing.T, def *plugin.PluginDefinition) []byte {
	m, err := def.Manifest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMultiServicePlugin(t *testing.T) {
	def := multiPlugin()
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	agree(t, nativeManifest(t, def), nativeCheck(def), 0)
}

func TestSingleOperationConfigIsInput(t *testing.T) {
	def := singlePlugin()
	agree(t, nativeManifest(t, def), nativeCheck(def), 0)
}

// Every example plugin, as built: the manifest its .wasm publishes and the
// verdicts of its _observe.
func TestExamples(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := os.ReadDir(filepath.Join(root, "examples"))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			if !typed(t, filepath.Join(root, "examples", d.Name())) {
				t.Skip("not a typed plugin (no plugin.DefinePlugin): its config_schema is its author's")
			}
			pl := plugintest.Load(t, plugintest.Build(t, root, "./examples/"+d.Name()))
			manifest, err := pl.ManifestJSON(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			total += agree(t, manifest, func(cfg []byte) *entities.Result {
				r, err := pl.Observe(context.Background(), cfg)
				if err != nil {
					t.Fatalf("observe %s: %v", cfg, err)
				}
				return r
			}, 0)
		})
	}
	t.Logf("%d configs over the examples", total)
}

// typed reports whether the Go files under dir define a typed plugin.
func typed(t *testing.T, dir string) bool {
	found := false
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(b), "plugin.DefinePlugin(") {
			found = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// The rules between members at the edges of "given" (zero numbers in any
// spelling, empty strings, arrays and objects, false, null, a nested
// object): the validator and the plugin each give the verdict written here.
func TestRuleEdges(t *testing.T) {
	def := multiPlugin()
	_, cs, err := operations(nativeManifest(t, def))
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(cs)
	s := compile(t, doc, true)
	check := nativeCheck(def)
	for _, tc := range []struct {
		cfg  string
		want bool
	}{
		{`{"name":"a"}`, true},
		{`{"id":1}`, true},
		{`{}`, false},                                                 // name required unless id or tags
		{`{"name":""}`, false},                                        // "" is not given
		{`{"name":"","id":0}`, false},                                 // nor is 0
		{`{"name":"","id":0.0}`, false},                               // in any spelling
		{`{"name":"","id":-0}`, false},                                //
		{`{"name":"","id":0e5}`, false},                               //
		{`{"name":null,"id":2}`, true},                                // null is absent
		{`{"name":"a","id":1}`, false},                                // name excludes id
		{`{"name":"a","id":0}`, true},                                 // 0 is not given
		{`{"tags":["x"]}`, false},                                     // tags require scale
		{`{"tags":["x"],"scale":0}`, false},                           //
		{`{"tags":["x"],"scale":0.25}`, true},                         //
		{`{"tags":[],"name":"a"}`, true},                              // [] is not given
		{`{"name":"a","scale":1,"labels":{"k":"v"}}`, false},          // scale excludes labels
		{`{"name":"a","scale":1,"labels":{}}`, true},                  // {} is not given
		{`{"name":"a","strict":true}`, false},                         // strict requires limit
		{`{"name":"a","strict":true,"limit":0}`, true},                // a pointer is given when not null
		{`{"name":"a","strict":true,"limit":null}`, false},            //
		{`{"name":"a","strict":false}`, true},                         // false is not given
		{`{"name":"a","body":"aGk=","strict":true,"limit":1}`, false}, // body excludes strict
		{`{"name":"a","body":"","strict":true,"limit":1}`, true},
		{`{"name":"a","opts":null}`, true},
		{`{"name":"a","opts":{}}`, false},                     // mode required unless level
		{`{"name":"a","opts":{"level":3}}`, true},             //
		{`{"name":"a","opts":{"mode":"m","level":3}}`, false}, // level excludes mode
		{`{"name":"a","host":"example.com"}`, false},          // the Config's rule: host requires region
		{`{"name":"a","host":"example.com","region":"eu"}`, true},
	} {
		cfg := `{"service":"pick","operation":"pick",` + tc.cfg[1:]
		if tc.cfg == `{}` {
			cfg = `{"service":"pick","operation":"pick"}`
		}
		serr := s.Validate(instance(t, []byte(cfg)))
		r := check([]byte(cfg))
		if got := accepted(r); got != tc.want {
			t.Errorf("%s: plugin accepts %v, want %v (%s)", cfg, got, tc.want, r.Message)
		}
		if got := serr == nil; got != tc.want {
			t.Errorf("%s: config_schema accepts %v, want %v (%v)", cfg, got, tc.want, serr)
		}
	}
}
