package schemaconformance

import (
	"context"
	"encoding/json"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
)

// A multi-service plugin with a Config that shares a field with an input,
// an operation name two services share, a service with one operation, and
// fields of every kind the schema builder maps.

type settings struct {
	Verbose bool   `json:"verbose,omitempty"`
	Timeout int    `json:"timeout_seconds,omitempty" jsonschema:"default=30,minimum=1,maximum=300"`
	Region  string `json:"region,omitempty" jsonschema:"enum=eu,enum=us"`
	Host    string `json:"host,omitempty" jsonschema:"format=hostname,requires=region"`
}

type pingIn struct {
	Host  string   `json:"host" jsonschema:"required,minLength=1,description=Host (name or address, e.g. example.com)"`
	Port  uint16   `json:"port,omitempty" jsonschema:"default=443"`
	Count int8     `json:"count,omitempty" jsonschema:"minimum=1"`
	Ratio float32  `json:"ratio,omitempty"`
	Addrs []string `json:"addrs,omitempty" jsonschema:"format=ipv4,maxItems=3"`
}

type header struct {
	Name  string `json:"name" jsonschema:"required,minLength=1"`
	Value string `json:"value,omitempty"`
}

type proxy struct {
	URL  string `json:"url" jsonschema:"required,format=uri"`
	Port *int   `json:"port,omitempty" jsonschema:"minimum=1,maximum=65535"`
}

type netCheckIn struct {
	URL     string            `json:"url" jsonschema:"required,format=uri"`
	Since   time.Time         `json:"since,omitempty"`
	Labels  map[string]string `json:"labels,omitempty"`
	Limits  map[string]*int   `json:"limits,omitempty"`
	Headers []header          `json:"headers,omitempty" jsonschema:"maxItems=2"`
	Proxy   *proxy            `json:"proxy,omitempty"`
	Retries *int              `json:"retries" jsonschema:"required,maximum=5"`
	Body    []byte            `json:"body,omitempty"`
	Extra   any               `json:"extra,omitempty"`
	Raw     json.RawMessage   `json:"raw,omitempty"`
	Pair    [2]int            `json:"pair,omitempty"`
	Wait    time.Duration     `json:"wait,omitempty" jsonschema:"default=1s"`
}

type versionCheckIn struct {
	Version string `json:"version" jsonschema:"required,pattern=^v?[0-9]+\\.[0-9]+\\.[0-9]+$"`
	Minimum string `json:"minimum,omitempty" jsonschema:"pattern=^v?[0-9]+(\\.[0-9]+){0,2}$"`
}

type parseIn struct {
	Version string `json:"version" jsonschema:"required,maxLength=20"`
	Strict  bool   `json:"strict,omitempty" jsonschema:"default=false"`
}

type sendIn struct {
	To   string   `json:"to" jsonschema:"required,format=email"`
	ID   string   `json:"id,omitempty" jsonschema:"format=uuid"`
	When string   `json:"when,omitempty" jsonschema:"format=date-time"`
	Day  string   `json:"day,omitempty" jsonschema:"format=date"`
	At   string   `json:"at,omitempty" jsonschema:"format=time"`
	V6   string   `json:"v6,omitempty" jsonschema:"format=ipv6"`
	Ref  string   `json:"ref,omitempty" jsonschema:"format=uri-reference"`
	Tags []string `json:"tags,omitempty" jsonschema:"enum=a,enum=b,minItems=1"`
}

type treeNode struct {
	Name     string     `json:"name" jsonschema:"required"`
	Children []treeNode `json:"children,omitempty"`
}

type walkIn struct {
	Root  treeNode `json:"root" jsonschema:"required"`
	Depth uint8    `json:"depth,omitempty"`
}

// pickIn states rules between its members (requiredWithout, excludes,
// requires) over every kind a rule can judge, and in a nested object.
type pickIn struct {
	Name   string            `json:"name,omitempty" jsonschema:"requiredWithout=id,requiredWithout=tags,excludes=id"`
	ID     int64             `json:"id,omitempty"`
	Tags   []string          `json:"tags,omitempty" jsonschema:"requires=scale"`
	Scale  float64           `json:"scale,omitempty" jsonschema:"excludes=labels"`
	Labels map[string]string `json:"labels,omitempty"`
	Strict bool              `json:"strict,omitempty" jsonschema:"requires=limit"`
	Limit  *int              `json:"limit,omitempty" jsonschema:"minimum=0"`
	Body   []byte            `json:"body,omitempty" jsonschema:"excludes=strict"`
	Opts   *pickOpts         `json:"opts,omitempty"`
}

type pickOpts struct {
	Mode  string `json:"mode,omitempty" jsonschema:"requiredWithout=level"`
	Level uint8  `json:"level,omitempty" jsonschema:"excludes=mode"`
}

type pickService struct {
	plugin.Service `name:"pick"`
	Pick           plugin.Op[pickIn, out] `method:"PickHandler"`
}

func (*pickService) PickHandler(context.Context, *pickIn) (*out, error) { return &out{OK: true}, nil }

type out struct {
	OK bool `json:"ok"`
}

type netService struct {
	plugin.Service `name:"net" desc:"network checks"`
	Ping           plugin.Op[pingIn, out]     `method:"PingHandler"`
	Check          plugin.Op[netCheckIn, out] `method:"CheckHandler"`
}

func (*netService) PingHandler(context.Context, *pingIn) (*out, error) { return &out{OK: true}, nil }
func (*netService) CheckHandler(context.Context, *netCheckIn) (*out, error) {
	return &out{OK: true}, nil
}

type versionService struct {
	plugin.Service `name:"version"`
	Check          plugin.Op[versionCheckIn, out] `method:"CheckHandler"`
	Parse          plugin.Op[parseIn, out]        `method:"ParseHandler"`
}

func (*versionService) CheckHandler(context.Context, *versionCheckIn) (*out, error) {
	return &out{OK: true}, nil
}
func (*versionService) ParseHandler(context.Context, *parseIn) (*out, error) {
	return &out{OK: true}, nil
}

type mailService struct {
	plugin.Service `name:"mail"`
	Send           plugin.Op[sendIn, out] `method:"SendHandler"`
}

func (*mailService) SendHandler(context.Context, *sendIn) (*out, error) { return &out{OK: true}, nil }

type treeService struct {
	plugin.Service `name:"tree"`
	Walk           plugin.Op[walkIn, out] `method:"WalkHandler"`
}

func (*treeService) WalkHandler(context.Context, *walkIn) (*out, error) { return &out{OK: true}, nil }

// multiPlugin builds the plugin (a fresh definition per call).
func multiPlugin() *plugin.PluginDefinition {
	def := plugin.DefinePlugin(plugin.PluginDef{Name: "conformance", Version: "1.0.0", Config: &settings{}})
	plugin.RegisterOp[pingIn, out]("Ping", plugin.Example[pingIn, out]{Name: "basic", Input: pingIn{Host: "example.com", Addrs: []string{"192.0.2.1"}}})
	plugin.MustRegisterService(def, &netService{})
	plugin.RegisterOp[versionCheckIn, out]("Check", plugin.Example[versionCheckIn, out]{Name: "basic", Input: versionCheckIn{Version: "v1.2.3", Minimum: "1.0"}})
	plugin.MustRegisterService(def, &versionService{})
	plugin.RegisterOp[sendIn, out]("Send", plugin.Example[sendIn, out]{Name: "basic", Input: sendIn{To: "ops@example.com", ID: "123e4567-e89b-12d3-a456-426614174000"}})
	plugin.MustRegisterService(def, &mailService{})
	plugin.RegisterOp[walkIn, out]("Walk", plugin.Example[walkIn, out]{Name: "basic", Input: walkIn{Root: treeNode{Name: "a", Children: []treeNode{{Name: "b"}}}}})
	plugin.MustRegisterService(def, &treeService{})
	plugin.RegisterOp[pickIn, out]("Pick",
		plugin.Example[pickIn, out]{Name: "name", Input: pickIn{Name: "a", Tags: []string{"x"}, Scale: 0.5, Opts: &pickOpts{Mode: "m"}}},
		plugin.Example[pickIn, out]{Name: "id", Input: pickIn{ID: 7, Strict: true, Limit: new(int), Labels: map[string]string{"k": "v"}, Opts: &pickOpts{Level: 2}}})
	plugin.MustRegisterService(def, &pickService{})
	return def
}

// singlePlugin has one operation and a Config that is its input type.
func singlePlugin() *plugin.PluginDefinition {
	def := plugin.DefinePlugin(plugin.PluginDef{Name: "single", Config: &sendIn{}})
	plugin.MustRegisterService(def, &mailService{})
	return def
}
