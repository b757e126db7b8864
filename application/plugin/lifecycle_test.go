package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// funcPlugin adapts two functions to Plugin.
type funcPlugin struct {
	manifest func() (*entities.Manifest, error)
	check    func([]byte) (*entities.Result, error)
}

func (f funcPlugin) Manifest(context.Context) (*entities.Manifest, error) { return f.manifest() }
func (f funcPlugin) Check(_ context.Context, c []byte) (*entities.Result, error) {
	return f.check(c)
}

func decode(t *testing.T, b []byte) *entities.Result {
	t.Helper()
	var r entities.Result
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("not a Result: %v\n%s", err, b)
	}
	return &r
}

func TestObserveJSONOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name             string
		check            func([]byte) (*entities.Result, error)
		status           entities.Status
		errType, message string
		wantData         string
	}{
		{"success", func([]byte) (*entities.Result, error) {
			return entities.ResultSuccess("ok", map[string]any{"a": 1}), nil
		},
			"success", "", "ok", `{"a":1}`},
		{"failure", func([]byte) (*entities.Result, error) { return entities.ResultFailure("bad", nil), nil },
			"failure", "", "bad", ``},
		{"plain error", func([]byte) (*entities.Result, error) { return nil, errors.New("x") }, "error", "execution", "x", ``},
		{"wrapped typed error", func([]byte) (*entities.Result, error) {
			return nil, fmt.Errorf("request: %w", entities.NewErrorDetail("network", "refused").WithCode("ECONN"))
		}, "error", "network", "request: refused", ``},
		{"error with partial data", func([]byte) (*entities.Result, error) {
			return entities.ResultSuccess("", map[string]any{"partial": true}), errors.New("half done")
		}, "error", "execution", "half done", `{"partial":true}`},
		{"config field error", func(c []byte) (*entities.Result, error) {
			_, err := config.MustGetInt(map[string]any{"port": "80"}, "port")
			return nil, err
		}, "error", "config", `config field "port" must be an integer, got string "80"`, ``},
		{"wrapped capability class", func([]byte) (*entities.Result, error) {
			return nil, fmt.Errorf("dialing: %w", ports.ErrCapabilityDenied)
		}, "error", "capability", "dialing: capability denied", ``},
		{"nil and nil", func([]byte) (*entities.Result, error) { return nil, nil }, "error", "internal", "Check returned neither a Result nor an error", ``},
		{"invalid status", func([]byte) (*entities.Result, error) { return &entities.Result{Status: "maybe"}, nil },
			"error", "internal", `Check returned a Result with invalid status "maybe"`, ``},
		{"panic", func([]byte) (*entities.Result, error) { panic("boom") }, "error", "panic", "plugin panic: boom", ``},
		{"unencodable data", func([]byte) (*entities.Result, error) {
			return entities.ResultSuccess("", map[string]any{"c": make(chan int)}), nil
		}, "error", "internal", "result data cannot be encoded as JSON: json: unsupported type: chan int", ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := decode(t, ObserveJSON(context.Background(), funcPlugin{check: tc.check}, []byte(`{}`)))
			if r.Status != tc.status {
				t.Fatalf("status %s, want %s (%+v)", r.Status, tc.status, r.Error)
			}
			if tc.errType != "" && (r.Error == nil || r.Error.Type != tc.errType || r.Error.Message != tc.message) {
				t.Fatalf("error %+v, want %s %q", r.Error, tc.errType, tc.message)
			}
			if tc.errType == "" && r.Message != tc.message {
				t.Fatalf("message %q, want %q", r.Message, tc.message)
			}
			if tc.wantData != "" {
				got, _ := json.Marshal(r.Data)
				if string(got) != tc.wantData {
					t.Fatalf("data %s, want %s", got, tc.wantData)
				}
			}
			if r.Metadata == nil || r.Metadata.SDKVersion != SDKVersion || r.Metadata.EndTime.Before(r.Metadata.StartTime) || r.Timestamp.IsZero() {
				t.Fatalf("metadata %+v timestamp %v", r.Metadata, r.Timestamp)
			}
		})
	}
}

func TestObserveJSONKeepsPluginMetadata(t *testing.T) {
	r := decode(t, ObserveJSON(context.Background(), funcPlugin{check: func([]byte) (*entities.Result, error) {
		res := entities.ResultSuccess("ok", nil)
		res.Metadata = &entities.RunMetadata{PluginID: "mine", DurationNs: 42}
		return res, nil
	}}, []byte(`{}`)))
	if r.Metadata.PluginID != "mine" || r.Metadata.DurationNs != 42 || r.Metadata.SDKVersion != SDKVersion {
		t.Fatalf("metadata %+v", r.Metadata)
	}
}

func TestManifestJSON(t *testing.T) {
	for _, tc := range []struct {
		name     string
		manifest func() (*entities.Manifest, error)
		want     string
	}{
		{"ok", func() (*entities.Manifest, error) { return &entities.Manifest{Name: "x"}, nil }, `"sdk_version":"0.1.0"`},
		{"keeps own sdk version", func() (*entities.Manifest, error) { return &entities.Manifest{SDKVersion: "9"}, nil }, `"sdk_version":"9"`},
		{"error", func() (*entities.Manifest, error) { return nil, errors.New("no") }, `{"error":{"message":"no","type":"internal","code":""}}`},
		{"nil", func() (*entities.Manifest, error) { return nil, nil }, `"message":"Manifest returned nil"`},
		{"panic", func() (*entities.Manifest, error) { panic("bad") }, `"message":"plugin panic in Manifest: bad","type":"panic"`},
		{"bad schema", func() (*entities.Manifest, error) {
			return &entities.Manifest{ConfigSchema: json.RawMessage(`{`)}, nil
		}, `"message":"encoding manifest: json: error calling MarshalJSON`},
	} {
		got := string(ManifestJSON(context.Background(), funcPlugin{manifest: tc.manifest}))
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %s\nwant it to contain %s", tc.name, got, tc.want)
		}
	}
}

func TestGetClientPanicNamesTheType(t *testing.T) {
	defer func() {
		msg := fmt.Sprint(recover())
		if !strings.Contains(msg, "plugin.GetClient[fmt.Stringer]") || !strings.Contains(msg, "plugin.WithClient") {
			t.Fatalf("panic message %q", msg)
		}
	}()
	GetClient[fmt.Stringer](context.Background())
	t.Fatal("GetClient did not panic")
}

func TestRegister(t *testing.T) {
	defer func(p Plugin) { registered = p }(registered)
	defer func() {
		if recover() == nil {
			t.Error("Register(nil) did not panic")
		}
	}()
	p := funcPlugin{}
	Register(p)
	if Registered() == nil {
		t.Fatal("Registered() == nil after Register")
	}
	Register(nil)
}
