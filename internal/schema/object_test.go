package schema

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type objIn struct {
	URL    string   `json:"url" jsonschema:"required,minLength=3"`
	Status int      `json:"status,omitempty" jsonschema:"default=200"`
	Ratio  float64  `json:"ratio,omitempty"`
	Debug  bool     `json:"debug,omitempty"`
	Note   string   `json:"note,omitempty" jsonschema:"description=input's"`
	Tags   []string `json:"tags,omitempty"`
	Port   *int     `json:"port,omitempty"`
	Method string   `json:"method,omitempty"`
}

type objEmbedded struct {
	Debug bool `json:"debug,omitempty"`
}

type objCfg struct {
	objEmbedded
	URL    string   `json:"url" jsonschema:"required,minLength=3"`
	Status int      `json:"status,omitempty" jsonschema:"default=200"`
	Ratio  float32  `json:"ratio,omitempty"`
	Note   string   `json:"note,omitempty" jsonschema:"description=config's"`
	Tags   []string `json:"tags,omitempty"`
	Port   *int     `json:"port,omitempty"`
	Method string   `json:"method,omitempty" jsonschema:"enum=GET,enum=POST,default=GET"`
	Retry  int      `json:"retry,omitempty" jsonschema:"default=3"`
}

type objRules struct {
	URL  string `json:"url" jsonschema:"required,minLength=3"`
	Key  string `json:"key,omitempty" jsonschema:"excludes=cert"`
	Cert string `json:"cert,omitempty"`
}

// TestShared: only direct, non-pointer scalars with the same Go type and
// tag are shared (not ratio: float64 vs float32; not note: its tag
// differs; not debug: promoted in the config; not tags or port: a copy
// would share memory or need an allocation; not method: its tag
// differs), and a destination with rules shares nothing.
func TestShared(t *testing.T) {
	in, cfg := mustFor(t, objIn{}), mustFor(t, objCfg{})
	sh := in.Shared(cfg)
	if sh == nil || !slices.Equal(sh.Names, []string{"url", "status"}) {
		t.Fatalf("Shared = %+v, want url and status", sh)
	}
	if got := in.Shared(mustFor(t, objRules{})); got != nil {
		t.Errorf("Shared with a type that has rules = %+v, want nil", got)
	}
	src := &objIn{URL: "https://x", Status: 7}
	dst := &objCfg{Retry: 1}
	sh.Copy(src, dst)
	if dst.URL != "https://x" || dst.Status != 7 || dst.Retry != 1 {
		t.Errorf("Copy gave %+v", dst)
	}
}

// TestDecodeObjectLeave: decoding the input whole, the config leaving the
// shared fields and copying them gives what decoding the config whole
// gives, for present, absent, defaulted, invalid and skipped members.
func TestDecodeObjectLeave(t *testing.T) {
	in, cfg := mustFor(t, objIn{}), mustFor(t, objCfg{})
	sh := in.Shared(cfg)
	configs := []string{
		`{"url":"https://example.com"}`,
		`{"url":"https://example.com","status":201,"retry":5,"method":"POST"}`,
		`{"url":"https://example.com","status":null,"debug":true,"ratio":0.5}`,
		`{"status":201}`,
		`{"url":"ab","status":"x"}`,
		`{"url":"https://a","url":"https://b","status":1,"status":2}`,
		`{"url":"https://example.com","operation":"check","service":"http"}`,
		`{"url":"https://example.com","tags":["a"],"port":8080,"note":"n"}`,
		`{"url":"https://example.com","method":"PUT","extra":1}`,
	}
	skip := []string{"operation", "service"}
	for _, c := range configs {
		var whole objCfg
		wantErr := cfg.DecodeObject([]byte(c), skip, nil, &whole)

		var i objIn
		inErr := in.DecodeObject([]byte(c), append(slices.Clip(skip), "retry", "extra"), nil, &i)
		var part objCfg
		err := cfg.DecodeObject([]byte(c), append(slices.Clip(skip), "note2"), sh.Names, &part)
		if err == nil && inErr == nil {
			sh.Copy(&i, &part)
		}
		if wantErr == nil {
			if err != nil || inErr != nil {
				t.Errorf("%s: whole decodes; leaving shared fields: %v, input %v", c, err, inErr)
			} else if !reflect.DeepEqual(part, whole) {
				t.Errorf("%s: leaving shared fields gives %+v, whole %+v", c, part, whole)
			}
			continue
		}
		// Every problem of the whole decode is found by one of the two.
		both := fmt.Sprint(err, inErr)
		for _, p := range wantErr.(*ValidationError).Problems {
			if !strings.Contains(both, p.Path) {
				t.Errorf("%s: problem %v of the whole decode is lost (got %s)", c, p, both)
			}
		}
	}
}

// DecodeObject is meant for checked JSON, but bytes that are not JSON give
// problems (or a result), never a panic.
func TestDecodeObjectUncheckedInput(t *testing.T) {
	cfg := mustFor(t, objCfg{})
	inputs := []string{`{"url":      `, `{"url":"abc`, `{"status":12`, `{"url":"abcd","status":[1,`, `{"url"`, `{`, `{"tags":["a",`}
	// And every prefix of a config that uses each kind of member.
	whole := `{"url":"https://x\u00e9","status":201,"ratio":-1.5e3,"debug":true,"tags":["a","b\"c"],"port":8080,"note":null,"method":"POST","extra":{"k":[1,{"z":2}]}}`
	for i := range len(whole) {
		inputs = append(inputs, whole[:i])
	}
	for _, in := range inputs {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", in, r)
				}
			}()
			var c objCfg
			_ = cfg.DecodeObject([]byte(in), nil, nil, &c)
		}()
	}
}
