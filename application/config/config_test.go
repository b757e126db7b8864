package config

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

func decoded(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestReadersOnDecodedJSON(t *testing.T) {
	cfg := decoded(t, `{"hostname":"db1","port":5432,"ratio":0.5,"verbose":true,"tags":["a","b"],
		"mixed":["a",1],"null":null,"frac":1.5,"timeout":"1m30s","secs":2.5,"big":1e300,"neg":-3}`)
	if s, err := MustGetString(cfg, "hostname"); err != nil || s != "db1" {
		t.Errorf("MustGetString = %q, %v", s, err)
	}
	if n := GetIntDefault(cfg, "port", 443); n != 5432 {
		t.Errorf("GetIntDefault(port) = %d", n)
	}
	if n := GetIntDefault(cfg, "missing", 443); n != 443 {
		t.Errorf("GetIntDefault(missing) = %d", n)
	}
	if n, ok := GetInt(cfg, "neg"); !ok || n != -3 {
		t.Errorf("GetInt(neg) = %d %v", n, ok)
	}
	if v, ok := GetBool(cfg, "verbose"); !ok || !v {
		t.Errorf("GetBool(verbose) = %v %v", v, ok)
	}
	if _, ok := GetBool(cfg, "missing"); ok {
		t.Error("GetBool(missing) ok")
	}
	if f := GetFloatDefault(cfg, "ratio", 1); f != 0.5 {
		t.Errorf("GetFloatDefault = %v", f)
	}
	if s, ok := GetStringSlice(cfg, "tags"); !ok || !reflect.DeepEqual(s, []string{"a", "b"}) {
		t.Errorf("GetStringSlice = %v %v", s, ok)
	}
	if d, err := MustGetDuration(cfg, "timeout"); err != nil || d != 90*time.Second {
		t.Errorf("MustGetDuration(string) = %v %v", d, err)
	}
	if d, err := MustGetDuration(cfg, "secs"); err != nil || d != 2500*time.Millisecond {
		t.Errorf("MustGetDuration(number) = %v %v", d, err)
	}
	if d := GetDurationDefault(cfg, "missing", time.Second); d != time.Second {
		t.Errorf("GetDurationDefault = %v", d)
	}
	if s := GetStringDefault(cfg, "port", "x"); s != "x" {
		t.Errorf("GetStringDefault on a number = %q", s)
	}
	if !GetBoolDefault(cfg, "missing", true) {
		t.Error("GetBoolDefault")
	}
}

func TestErrors(t *testing.T) {
	cfg := decoded(t, `{"port":"443","frac":1.5,"null":null,"mixed":["a",1],"big":1e300,"bad":"soon","huge":1e300}`)
	for _, tc := range []struct {
		name    string
		get     func() error
		kind    error
		message string
	}{
		{"missing string", func() error { _, err := MustGetString(cfg, "hostname"); return err }, ErrMissing, `config field "hostname" is required (string)`},
		{"null is missing", func() error { _, err := MustGetString(cfg, "null"); return err }, ErrMissing, `config field "null" is required (string)`},
		{"string for int", func() error { _, err := MustGetInt(cfg, "port"); return err }, ErrWrongType, `config field "port" must be an integer, got string "443"`},
		{"fraction for int", func() error { _, err := MustGetInt(cfg, "frac"); return err }, ErrWrongType, `config field "frac" must be an integer, got number 1.5`},
		{"out of range int", func() error { _, err := MustGetInt(cfg, "big"); return err }, ErrWrongType, `config field "big" must be an integer, got number 1e+300`},
		{"number for bool", func() error { _, err := MustGetBool(cfg, "frac"); return err }, ErrWrongType, `config field "frac" must be a boolean, got number 1.5`},
		{"mixed slice", func() error { _, err := MustGetStringSlice(cfg, "mixed"); return err }, ErrWrongType, `config field "mixed[1]" must be a string, got number 1`},
		{"bad duration", func() error { _, err := MustGetDuration(cfg, "bad"); return err }, ErrWrongType, `config field "bad" must be a duration, got string "soon"`},
		{"huge duration", func() error { _, err := MustGetDuration(cfg, "huge"); return err }, ErrWrongType, `config field "huge" must be a duration, got number 1e+300`},
		{"object for float", func() error { _, err := MustGetFloat(map[string]any{"o": map[string]any{}}, "o"); return err }, ErrWrongType, `config field "o" must be a number, got an object`},
	} {
		err := tc.get()
		var fe *FieldError
		if !errors.Is(err, tc.kind) || !errors.As(err, &fe) || err.Error() != tc.message {
			t.Errorf("%s: %v (want %v, %q)", tc.name, err, tc.kind, tc.message)
		}
	}
}

func TestGoTypedMaps(t *testing.T) {
	cfg := map[string]any{"i": 7, "i64": int64(8), "i32": int32(9), "f32": float32(1.5), "n": json.Number("10"),
		"ss": []string{"x"}, "maxi64": int64(math.MaxInt64)}
	for key, want := range map[string]int{"i": 7, "i64": 8, "i32": 9, "n": 10, "maxi64": math.MaxInt64} {
		if got, ok := GetInt(cfg, key); !ok || got != want {
			t.Errorf("GetInt(%s) = %d %v", key, got, ok)
		}
	}
	if f, ok := GetFloat(cfg, "f32"); !ok || f != 1.5 {
		t.Errorf("GetFloat(f32) = %v", f)
	}
	if f, ok := GetFloat(cfg, "i"); !ok || f != 7 {
		t.Errorf("GetFloat(int) = %v", f)
	}
	if s, ok := GetStringSlice(cfg, "ss"); !ok || s[0] != "x" {
		t.Errorf("GetStringSlice([]string) = %v", s)
	}
}
