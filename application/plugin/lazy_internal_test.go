package plugin

import (
	"context"
	"strings"
	"testing"
)

type lzIn struct {
	A string `json:"a,omitempty" jsonschema:"required"`
}
type lzOut struct {
	B string `json:"b"`
}
type lzSvc struct {
	Service `name:"lz"`
	One     Op[lzIn, lzOut] `method:"H"`
	Two     Op[lzIn, lzOut] `method:"H"`
}

func (*lzSvc) H(_ context.Context, in *lzIn) (*lzOut, error) { return &lzOut{B: in.A}, nil }

// In the compiled plugin, registration builds no schema; the first
// observation of an operation builds its input schema only; the first
// Manifest builds the rest, once.
// This is the compiled plugin's behaviour (native registration checks
// every schema, see TestRegisterServiceReportsSchemaMistakes).
func TestSchemasBuiltLazily(t *testing.T) {
	defer func(v bool) { checkSchemasAtRegistration = v }(checkSchemasAtRegistration)
	checkSchemasAtRegistration = false
	before := schemaBuilds.Load()
	d := DefinePlugin(PluginDef{Name: "lz"})
	RegisterOp("One", Example[lzIn, lzOut]{Name: "e", Input: lzIn{A: "x"}})
	MustRegisterService(d, &lzSvc{})
	if n := schemaBuilds.Load() - before; n != 0 {
		t.Fatalf("registration built %d schemas", n)
	}
	if r, _ := d.Check(context.Background(), []byte(`{"operation":"one","a":"x"}`)); r.Status != "success" {
		t.Fatalf("Check = %+v", r)
	}
	if n := schemaBuilds.Load() - before; n != 1 {
		t.Fatalf("first Check built %d schemas, want 1 (the input)", n)
	}
	for i := 0; i < 3; i++ {
		if _, err := d.Manifest(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// one's output, two's input and output.
	if n := schemaBuilds.Load() - before; n != 4 {
		t.Fatalf("after Manifest %d schema builds, want 4", n)
	}
}

func TestValidateExamplesAndDanglingRegisterOp(t *testing.T) {
	d := DefinePlugin(PluginDef{Name: "v"})
	RegisterOp("One", Example[lzIn, lzOut]{Name: "missing_a", Input: lzIn{}})
	MustRegisterService(d, &lzSvc{})
	err := d.Validate()
	if err == nil || !strings.Contains(err.Error(), `example "missing_a": Input does not validate`) || !strings.Contains(err.Error(), "a: required field is missing") {
		t.Fatalf("Validate = %v", err)
	}

	RegisterOp[lzIn, lzOut]("Two")
	defer takePending()
	err = d.Validate()
	if err == nil || !strings.Contains(err.Error(), `RegisterOp("Two") at plugin/lazy_internal_test.go:`) {
		t.Fatalf("Validate = %v", err)
	}
}

type cfgWithOperation struct {
	Operation string `json:"operation"`
}

func TestConfigWithReservedField(t *testing.T) {
	d := DefinePlugin(PluginDef{Name: "c", Config: &cfgWithOperation{}})
	if err := RegisterService(d, &lzSvc{}); err == nil || !strings.Contains(err.Error(), "reserved for routing") {
		t.Fatalf("err = %v", err)
	}
}

// Concurrent first use (schema builds, Manifest cache) is safe natively.
func TestConcurrentFirstUse(t *testing.T) {
	d := DefinePlugin(PluginDef{Name: "conc"})
	MustRegisterService(d, &lzSvc{})
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() {
			if i%2 == 0 {
				_, err := d.Manifest(context.Background())
				done <- err
				return
			}
			r, err := d.Check(context.Background(), []byte(`{"operation":"two","a":"x"}`))
			if err == nil && r.Status != "success" {
				err = errString(r.Message)
			}
			done <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

type lzChanIn struct {
	C chan int `json:"c"`
}
type lzBadSvc struct {
	Service `name:"bad"`
	Do      Op[lzChanIn, lzOut] `method:"H"`
}

func (*lzBadSvc) H(context.Context, *lzChanIn) (*lzOut, error) { return nil, nil }

// When schemas are built lazily (the compiled plugin), a schema mistake is
// reported by the first Manifest, by Validate and by an observation.
func TestLazySchemaMistakeReported(t *testing.T) {
	defer func(v bool) { checkSchemasAtRegistration = v }(checkSchemasAtRegistration)
	checkSchemasAtRegistration = false
	d := DefinePlugin(PluginDef{Name: "p"})
	if err := RegisterService(d, &lzBadSvc{}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Manifest(context.Background()); err == nil || !strings.Contains(err.Error(), "bad/do") {
		t.Fatalf("Manifest err = %v", err)
	}
	if err := d.Validate(); err == nil || !strings.Contains(err.Error(), "unsupported type chan int") {
		t.Fatalf("Validate = %v", err)
	}
	r, err := d.Check(context.Background(), []byte(`{}`))
	if err == nil && (r == nil || r.Status != "error") {
		t.Fatalf("Check = %+v", r)
	}
}
