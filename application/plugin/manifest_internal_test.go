package plugin

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// marshalManifest writes what json.Marshal writes, byte for byte, for a
// real typed plugin's manifest and for the corners: omitted and null
// members, schemas with whitespace, HTML characters and U+2028 in strings,
// invalid UTF-8; and refuses what json.Marshal refuses.
func TestMarshalManifestMatchesEncodingJSON(t *testing.T) {
	def := DefinePlugin(PluginDef{Name: "manifest", Version: "1.0.0", Description: "a <typed> plugin", Config: &spliceIn{}})
	RegisterOp("Run", Example[spliceIn, spliceOut]{Name: "one", Description: "d & e", Input: spliceIn{N: 1}, ExpectedOutput: &spliceOut{A: "<x>"}})
	if err := RegisterService(def, &spliceSvc{}); err != nil {
		t.Fatal(err)
	}
	real, err := def.Manifest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	real.MinHostVersion = "1.2.3"
	real.Capabilities = entities.GrantSet{
		Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"*.example.com"}, Ports: []string{"443"}}}},
		Exec:    &entities.ExecCapability{Commands: []string{"/bin/<sh>"}},
	}
	odd := &entities.Manifest{
		Name: "<odd> & \u2028", Description: "\xff",
		ConfigSchema: json.RawMessage(" { \"a\" : [ 1 , \"<\\\"x\\u2028 \u2028\u2029 \xff &>\" ] }\n"),
		Services: map[string]entities.ServiceInfo{
			"b": {Name: "b"},
			"a": {Name: "a", Operations: []entities.OperationInfo{
				{Name: "empty"},
				{Name: "full", InputFields: []string{"x", "<y>"}, InputSchema: json.RawMessage(`{"type":"object"}`),
					OutputSchema: json.RawMessage(`{"d":"\\\\"}`),
					Examples: []entities.ExampleInfo{{Name: "nil input"}, {Name: "e", Description: "d", Input: json.RawMessage(` {"k": 1} `),
						ExpectedOutput: json.RawMessage(`{}`), ExpectedError: "boom"}}},
			}},
		},
	}
	for name, m := range map[string]*entities.Manifest{"typed": real, "odd": odd, "empty": {}} {
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalManifest(m)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s:\ngot  %s (%v)\nwant %s", name, got, err, want)
		}
	}
	for _, bad := range []json.RawMessage{json.RawMessage(`{"a":}`), json.RawMessage(`{} {}`)} {
		m := &entities.Manifest{Name: "x", ConfigSchema: bad}
		if _, err := json.Marshal(m); err == nil {
			t.Fatalf("json.Marshal accepted %s", bad)
		}
		if got, err := marshalManifest(m); err == nil {
			t.Errorf("config_schema %s accepted: %s", bad, got)
		}
		if got := ManifestJSON(context.Background(), manifestOnly{m}); !json.Valid(got) {
			t.Errorf("ManifestJSON wrote invalid JSON: %s", got)
		}
	}
}

type manifestOnly struct{ m *entities.Manifest }

func (p manifestOnly) Manifest(context.Context) (*entities.Manifest, error) { return p.m, nil }
func (p manifestOnly) Check(context.Context, []byte) (*entities.Result, error) {
	return nil, nil
}
