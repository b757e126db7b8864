package codec

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// plainManifest is a Manifest without its MarshalJSON, which is what
// AppendManifest must equal.
type plainManifest entities.Manifest

// AppendManifest agrees with encoding/json byte for byte: every member
// present and absent, every capability with nil, empty and full lists,
// raw documents compact and not, and random strings over a hostile
// alphabet; and it refuses the raw documents encoding/json refuses.
func TestAppendManifestMatchesEncodingJSON(t *testing.T) {
	cases := []*entities.Manifest{
		{},
		{Name: "n", Version: "1", Description: "d", SDKVersion: "s", MinHostVersion: "2", ConfigSchema: json.RawMessage(`{}`),
			Services: map[string]entities.ServiceInfo{}},
		{Capabilities: entities.GrantSet{
			Network: &entities.NetworkCapability{},
			FS:      &entities.FileSystemCapability{},
			Env:     &entities.EnvCapability{},
			Exec:    &entities.ExecCapability{},
			KV:      &entities.KVCapability{},
		}},
		{Capabilities: entities.GrantSet{
			Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{}, {Hosts: []string{}, Ports: []string{"*"}}}},
			FS:      &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{}, {Read: []string{"/a"}}, {Write: []string{"/b"}}, {Read: []string{"/c"}, Write: []string{"/d"}}, {Read: []string{}}}},
			Env:     &entities.EnvCapability{Vars: []string{"A_*"}},
			Exec:    &entities.ExecCapability{Commands: []string{}},
			KV:      &entities.KVCapability{Rules: []entities.KVRule{{}, {Op: "read", Keys: []string{"k"}}}},
		}},
		{Capabilities: entities.GrantSet{FS: &entities.FileSystemCapability{Rules: []entities.FileSystemRule{}}, KV: &entities.KVCapability{Rules: []entities.KVRule{}}}},
		{Services: map[string]entities.ServiceInfo{"s": {Operations: []entities.OperationInfo{}}, "": {}, "<": {Operations: []entities.OperationInfo{
			{InputFields: []string{}, Examples: []entities.ExampleInfo{}},
			{Examples: []entities.ExampleInfo{{}, {Input: json.RawMessage(`null`), ExpectedOutput: json.RawMessage(`[1, 2]`)}}},
		}}}},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "\"", "\\", "\n", "\x01", "<", ">", "&", "é", "\u2028", "\u2029", "\xff", "\xe2", "😀", " ", "\t"}
	str := func() string {
		var sb strings.Builder
		for j := rng.IntN(8); j > 0; j-- {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return sb.String()
	}
	// raw builds a valid document holding s, with or without whitespace.
	raw := func() json.RawMessage {
		k, _ := json.Marshal(str())
		v, _ := json.Marshal(str())
		doc := `{` + string(k) + `:[` + string(v) + `,1.5e3,true,null,{}]}`
		if rng.IntN(3) == 0 {
			doc = " " + strings.ReplaceAll(doc, ",", " ,\n\t") + "\r\n"
		}
		if rng.IntN(4) == 0 { // raw bytes instead of the escapes json.Marshal wrote
			doc = strings.NewReplacer(`\u003c`, "<", `\u0026`, "&", `\u2028`, "\u2028", `\ufffd`, "\xff").Replace(doc)
		}
		return json.RawMessage(doc)
	}
	strs := func() []string {
		if rng.IntN(4) == 0 {
			return nil
		}
		l := make([]string, rng.IntN(3))
		for i := range l {
			l[i] = str()
		}
		return l
	}
	for i := 0; i < 300; i++ {
		m := &entities.Manifest{Name: str(), Version: str(), Description: str(), SDKVersion: str(), MinHostVersion: str(), ConfigSchema: raw()}
		if rng.IntN(2) == 0 {
			m.Capabilities.Network = &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: strs(), Ports: strs()}}}
		}
		if rng.IntN(2) == 0 {
			m.Capabilities.FS = &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: strs(), Write: strs()}}}
		}
		if rng.IntN(2) == 0 {
			m.Capabilities.Env = &entities.EnvCapability{Vars: strs()}
		}
		if rng.IntN(2) == 0 {
			m.Capabilities.Exec = &entities.ExecCapability{Commands: strs()}
		}
		if rng.IntN(2) == 0 {
			m.Capabilities.KV = &entities.KVCapability{Rules: []entities.KVRule{{Op: str(), Keys: strs()}}}
		}
		if rng.IntN(4) > 0 {
			m.Services = map[string]entities.ServiceInfo{}
			for j := rng.IntN(3); j >= 0; j-- {
				var ops []entities.OperationInfo
				for k := rng.IntN(3); k > 0; k-- {
					op := entities.OperationInfo{Name: str(), Description: str(), InputFields: strs()}
					if rng.IntN(2) == 0 {
						op.InputSchema, op.OutputSchema = raw(), raw()
					}
					for e := rng.IntN(3); e > 0; e-- {
						ex := entities.ExampleInfo{Name: str(), Description: str(), ExpectedError: str()}
						if rng.IntN(3) > 0 {
							ex.Input = raw()
						}
						if rng.IntN(2) == 0 {
							ex.ExpectedOutput = raw()
						}
						op.Examples = append(op.Examples, ex)
					}
					ops = append(ops, op)
				}
				m.Services[str()] = entities.ServiceInfo{Name: str(), Description: str(), Operations: ops}
			}
		}
		cases = append(cases, m)
	}
	for i, m := range cases {
		want, err := json.Marshal((*plainManifest)(m))
		if err != nil {
			t.Fatalf("case %d: encoding/json: %v", i, err)
		}
		got, err := AppendManifest([]byte("prefix"), m)
		if err != nil || string(got) != "prefix"+string(want) {
			t.Fatalf("case %d:\ngot  %s (%v)\nwant prefix%s", i, got, err, want)
		}
	}
	for _, bad := range []string{`{"a":}`, `{} {}`, `{"a":1`, `"\x01"`, `nul`, `{"a" 1}`, ``} {
		m := &entities.Manifest{ConfigSchema: json.RawMessage(bad)}
		_, wantErr := json.Marshal((*plainManifest)(m))
		if wantErr == nil {
			t.Fatalf("encoding/json accepted %q", bad)
		}
		if got, err := AppendManifest(nil, m); err == nil || err.Error() != wantErr.Error() {
			t.Errorf("config_schema %q: got %s, %v; want error %v", bad, got, err, wantErr)
		}
	}
	// An example's input has no omitempty: empty but not nil is an error
	// for encoding/json, nil is null.
	m := &entities.Manifest{Services: map[string]entities.ServiceInfo{"s": {Operations: []entities.OperationInfo{{
		Examples: []entities.ExampleInfo{{Input: json.RawMessage{}}}}}}}}
	if _, err := json.Marshal((*plainManifest)(m)); err == nil {
		t.Fatal("encoding/json accepted an empty, non-nil example input")
	}
	if got, err := AppendManifest(nil, m); err == nil {
		t.Errorf("an empty, non-nil example input was accepted: %s", got)
	}
}

// verbatim sends to json.Marshal every raw document that json.Marshal
// would change, including an escaped quote followed by whitespace and the
// U+2028/U+2029 lead byte.
func TestVerbatim(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want bool
	}{
		{`{"a":[1,"b c"]}`, true},
		{`{"a": 1}`, false},
		{"{\"a\":1}\n", false},
		{`{"a":"\" "}`, true},
		{`{"a":"\\"} `, false},
		{`{"a":"<"}`, false},
		{`{"a":"&"}`, false},
		{"{\"a\":\"\u2028\"}", false},
		{`{"a":"\u2028"}`, true},
		{"{\"a\":\"\u2029\"}", false},
		{`{"a":"— … €"}`, true},    // other characters starting with 0xE2
		{"{\"a\":\"\xe2\"}", true}, // a lone lead byte: json.Marshal copies it as is
		{`"é😀"`, true},
	} {
		if got := verbatim([]byte(tc.raw)); got != tc.want {
			t.Errorf("verbatim(%q) = %v, want %v", tc.raw, got, tc.want)
		}
		if tc.want {
			enc, err := json.Marshal(json.RawMessage(tc.raw))
			if err != nil || string(enc) != tc.raw {
				t.Errorf("%q is verbatim but json.Marshal writes %s (%v)", tc.raw, enc, err)
			}
		}
	}
}

func BenchmarkAppendManifest(b *testing.B) {
	m := &entities.Manifest{Name: "http", Version: "1.0.0", Description: "HTTP checks", SDKVersion: "0.7.0",
		ConfigSchema: json.RawMessage(`{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}`),
		Capabilities: entities.GrantSet{Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{{Hosts: []string{"*"}, Ports: []string{"80", "443"}}}}},
		Services: map[string]entities.ServiceInfo{"http": {Name: "http", Description: "HTTP", Operations: []entities.OperationInfo{{
			Name: "check", Description: "checks a URL", InputFields: []string{"url", "expected_status"},
			InputSchema:  json.RawMessage(`{"type":"object","properties":{"url":{"type":"string"},"expected_status":{"type":"integer"}}}`),
			OutputSchema: json.RawMessage(`{"type":"object","properties":{"status_code":{"type":"integer"}}}`),
		}}}}}
	b.Run("codec", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := AppendManifest(nil, m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal((*plainManifest)(m)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
