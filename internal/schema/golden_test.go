package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Node is a recursive type: it refers to itself through a slice.
type Node struct {
	Name     string `json:"name" jsonschema:"required"`
	Children []Node `json:"children,omitempty"`
}

// Rule refers to a recursive type that is not the root.
type Rule struct {
	Root  *Expr `json:"root" jsonschema:"required,description=expression tree"`
	Other Expr  `json:"other"`
}

// Expr is recursive through a pointer and a map.
type Expr struct {
	Op    string           `json:"op" jsonschema:"enum=and,enum=or,enum=leaf"`
	Left  *Expr            `json:"left,omitempty"`
	Right *Expr            `json:"right,omitempty"`
	Named map[string]*Expr `json:"named,omitempty"`
}

func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		typ  reflect.Type
	}{
		{"http_config.json", reflect.TypeFor[HTTPConfig]()},
		{"probe.json", reflect.TypeFor[Probe]()},
		{"node.json", reflect.TypeFor[Node]()},
		{"rule.json", reflect.TypeFor[Rule]()},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			st, err := For(tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			doc := st.Document()
			if !json.Valid(doc) {
				t.Fatalf("document is not valid JSON: %s", doc)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, doc, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("%s differs from the schema (go test -update rewrites it); got:\n%s", path, pretty.Bytes())
			}
			// Schema is Document without $schema, byte for byte.
			var withoutDraft bytes.Buffer
			withoutDraft.WriteString("{")
			withoutDraft.Write(doc[len(`{"$schema":"`+draft+`",`):])
			if got := st.Schema(); !bytes.Equal(got, withoutDraft.Bytes()) {
				t.Errorf("Schema = %s\nwant %s", got, withoutDraft.Bytes())
			}
		})
	}
}

func TestHTTPConfigMatchesWire(t *testing.T) {
	// The Reglet wire contract's manifest example shows these members of
	// config_schema (docs/WIRE.md, "Result and Manifest").
	doc := string(mustFor(t, HTTPConfig{}).Document())
	for _, part := range []string{
		`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"url":{"type":"string","description":"URL to request"},"method":{"type":"string","enum":["GET","POST"],"default":"GET"},`,
		`"required":["url"]`,
	} {
		if !bytes.Contains([]byte(doc), []byte(part)) {
			t.Errorf("document lacks %s:\n%s", part, doc)
		}
	}
}

func TestRecursiveDecode(t *testing.T) {
	st := mustFor(t, Node{})
	var n Node
	err := st.Decode(obj(t, `{"name":"a","children":[{"name":"b","children":[{"name":"c"},{"children":[]}]}]}`), &n)
	if err == nil || err.Error() != "invalid config: children[0].children[1].name: required field is missing" {
		t.Errorf("err = %v", err)
	}
	if err := st.Decode(obj(t, `{"name":"a","children":[{"name":"b","children":[{"name":"c"}]}]}`), &n); err != nil {
		t.Fatal(err)
	}
	if n.Children[0].Children[0].Name != "c" {
		t.Errorf("decoded %+v", n)
	}
	rt := mustFor(t, Rule{})
	var r Rule
	err = rt.Decode(obj(t, `{"root":{"op":"and","left":{"op":"leaf"},"named":{"x":{"op":"nand"}}},"other":{"op":"or"}}`), &r)
	if err == nil || err.Error() != `invalid config: root.named.x.op: "nand" is not one of "and", "or", "leaf"` {
		t.Errorf("err = %v", err)
	}
}

func TestConcurrentFor(t *testing.T) {
	type fresh struct {
		A string `json:"a" jsonschema:"default=x"`
		B []int  `json:"b" jsonschema:"minItems=1"`
	}
	typ := reflect.TypeFor[fresh]()
	const n = 8
	var wg sync.WaitGroup
	types := make([]*Type, n)
	docs := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := For(typ)
			if err != nil {
				t.Error(err)
				return
			}
			types[i] = st
			docs[i] = string(st.Document())
			var v fresh
			if err := st.Decode(map[string]json.RawMessage{"b": json.RawMessage(`[1]`)}, &v); err != nil || v.A != "x" {
				t.Errorf("Decode: %v %+v", err, v)
			}
		}()
	}
	wg.Wait()
	for i := 1; i < n; i++ {
		if types[i] != types[0] {
			t.Errorf("goroutine %d got a different *Type", i)
		}
		if docs[i] != docs[0] {
			t.Errorf("goroutine %d got a different document", i)
		}
	}
}

func TestReturnedBytesAreCopies(t *testing.T) {
	st := mustFor(t, HTTPConfig{})
	d := st.Document()
	s := st.Schema()
	want := string(st.Document())
	for i := range d {
		d[i] = 'x'
	}
	for i := range s {
		s[i] = 'x'
	}
	if got := string(st.Document()); got != want {
		t.Errorf("Document changed through a returned slice: %s", got)
	}
}
