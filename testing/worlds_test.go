package plugintest_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/host"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/errclass"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/multiport/services"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testplugins/ports/probe"
	plugintest "github.com/reglet-dev/reglet-plugin-sdk/testing"
)

// probePkg is the ports probe's main package, relative to this test's
// directory.
const probePkg = "../internal/testplugins/ports"

// multiportPkg is the multi-service test plugin's main package.
const multiportPkg = "../internal/testplugins/multiport"

// world implements every port. Each method's answer names the method and
// its arguments, so a test sees which one the wasm run called; with err set
// every method returns it.
type world struct{ err error }

func (w world) Do(_ context.Context, r *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.HTTPResponse{StatusCode: 202, Proto: "HTTP/1.1", Body: []byte(fmt.Sprintf("do:%s:%s:%v", r.Method, r.URL, r.Header["X-Probe"]))}, nil
}
func (w world) Get(_ context.Context, url string) (*ports.HTTPResponse, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.HTTPResponse{StatusCode: 200, Proto: "HTTP/2.0", Body: []byte("get:" + url)}, nil
}
func (w world) Post(_ context.Context, url, ct string, body []byte) (*ports.HTTPResponse, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.HTTPResponse{StatusCode: 201, Proto: "HTTP/1.1", Body: []byte("post:" + url + ":" + ct + ":" + string(body))}, nil
}
func (w world) LookupHost(_ context.Context, host string) ([]string, error) {
	if w.err != nil {
		return nil, w.err
	}
	return []string{"192.0.2.1", "192.0.2.2", "2001:db8::1"}, nil
}
func (w world) LookupCNAME(_ context.Context, host string) (string, error) {
	if w.err != nil {
		return "", w.err
	}
	return "canonical." + host + ".", nil
}
func (w world) LookupMX(context.Context, string) ([]ports.MXRecord, error) {
	if w.err != nil {
		return nil, w.err
	}
	return []ports.MXRecord{{Host: "mx1.example.", Pref: 10}, {Host: "mx2.example.", Pref: 20}}, nil
}
func (w world) LookupTXT(context.Context, string) ([]string, error) {
	if w.err != nil {
		return nil, w.err
	}
	return []string{"v=spf1 -all", "hello world"}, nil
}
func (w world) LookupNS(context.Context, string) ([]string, error) {
	if w.err != nil {
		return nil, w.err
	}
	return []string{"ns1.example.", "ns2.example."}, nil
}
func (w world) Dial(_ context.Context, host, port string) (*ports.TCPConnection, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.TCPConnection{Connected: true, Address: "dial:" + host + ":" + port}, nil
}
func (w world) DialWithTimeout(_ context.Context, host, port string, d time.Duration) (*ports.TCPConnection, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.TCPConnection{Connected: true, Address: fmt.Sprintf("timeout:%s:%s:%v", host, port, d)}, nil
}
func (w world) DialSecure(_ context.Context, host, port string, d time.Duration) (*ports.TCPConnection, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.TCPConnection{Connected: false, Address: fmt.Sprintf("secure:%s:%s:%v", host, port, d), TLS: true,
		TLSVersion: "TLS 1.3", TLSCertSubject: "CN=" + host, TLSCertNotAfter: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
		TLSVerifyError: "x509: certificate signed by unknown authority"}, nil
}
func (w world) Connect(_ context.Context, r ports.SMTPRequest) (*ports.SMTPConnection, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.SMTPConnection{Connected: true, Address: r.Host + ":" + r.Port, Banner: "220 mx ESMTP",
		StartTLSNotOffered: r.StartTLS, TLSCertIssuer: "CN=Test CA", TLSVerifyError: "none"}, nil
}
func (w world) Run(_ context.Context, r ports.CommandRequest) (*ports.CommandResult, error) {
	if w.err != nil {
		return nil, w.err
	}
	return &ports.CommandResult{ExitCode: 3, Stdout: r.Command + " " + strings.Join(r.Args, " ") + "\n", Stderr: "warn", StderrTruncated: true}, nil
}

// One table, two worlds: every port method answered by the same mock,
// natively and through the .wasm (each case is "<name>/native" and
// "<name>/wasm").
func TestOneTableTwoWorlds(t *testing.T) {
	answers := map[string]string{
		"http_get":    "200 HTTP/2.0 body=get:https://example.com/x",
		"http_post":   "201 HTTP/1.1 body=post:https://example.com/x:text/plain:ping",
		"http_do":     "202 HTTP/1.1 body=do:PUT:https://example.com/x:[1]",
		"dns_host":    "192.0.2.1,192.0.2.2,2001:db8::1",
		"dns_cname":   "canonical.example.com.",
		"dns_mx":      "10:mx1.example.,20:mx2.example.",
		"dns_txt":     "v=spf1 -all,hello world",
		"dns_ns":      "ns1.example.,ns2.example.",
		"tcp_dial":    "connected=true dial:example.com:443 tls=false   0001-01-01T00:00:00Z ",
		"tcp_timeout": "connected=true timeout:example.com:443:2s tls=false   0001-01-01T00:00:00Z ",
		"tcp_secure":  "connected=false secure:example.com:443:2s tls=true TLS 1.3 CN=example.com 2030-01-02T03:04:05Z x509: certificate signed by unknown authority",
		"smtp":        `connected=true example.com:587 "220 mx ESMTP" tls=false not_offered=true CN=Test CA none`,
		"exec":        `exit=3 out="/usr/bin/tool -v\n" err="warn" truncated=false,true`,
	}
	var cases []plugintest.TestCase
	for call, want := range answers {
		target := "example.com"
		switch {
		case strings.HasPrefix(call, "http"):
			target = "https://example.com/x"
		case call == "exec":
			target = "/usr/bin/tool"
		}
		cases = append(cases, plugintest.TestCase{
			Name:    call,
			Config:  map[string]any{"call": call, "target": target},
			Clients: []any{world{}},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertSuccess(t, r)
				plugintest.AssertDataField(t, r, "answer", want)
			},
		})
	}
	plugintest.RunPluginTests(t, probe.Plugin, cases, plugintest.WithWasm(probePkg))
}

// A mock's error reaches the handler in the same ports error classes in
// both worlds, whatever its form; an *entities.ErrorDetail keeps its type
// and code, and an error Result has the same type.
func TestMockErrorsCrossTheWire(t *testing.T) {
	detail := func(typ, code string) *entities.ErrorDetail {
		return &entities.ErrorDetail{Type: typ, Code: code, Message: "detail " + typ}
	}
	mockErrs := map[string]error{
		"detail capability":    detail("capability", "CAPABILITY_DENIED"),
		"detail timeout":       detail("timeout", "TIMEOUT"),
		"detail not found":     &entities.ErrorDetail{Type: "network", Code: "NOT_FOUND", IsNotFound: true, Message: "nxdomain"},
		"detail network":       detail("network", "CONNECTION_REFUSED"),
		"detail wrapped":       fmt.Errorf("dialing: %w", detail("network", "CONNECTION_RESET")),
		"sentinel capability":  ports.ErrCapabilityDenied,
		"sentinel timeout":     ports.ErrTimeout,
		"sentinel not found":   fmt.Errorf("lookup example.com: %w", ports.ErrNotFound),
		"sentinel network":     ports.ErrNetwork,
		"sentinel response":    ports.ErrHostResponse,
		"two sentinels":        errors.Join(ports.ErrNetwork, ports.ErrTimeout),
		"plain":                errors.New("boom"),
		"context deadline":     context.DeadlineExceeded,
		"detail and sentinel":  errors.Join(detail("validation", "BAD"), ports.ErrTimeout),
		"timeout flag network": &entities.ErrorDetail{Type: "network", IsTimeout: true, Message: "i/o timeout"},
	}
	var cases []plugintest.TestCase
	for name, mockErr := range mockErrs {
		wantClasses := probe.Classes(mockErr)
		var d *entities.ErrorDetail
		isDetail := errors.As(mockErr, &d)
		for _, call := range []string{"http_get", "dns_host", "dns_mx", "tcp_secure", "smtp", "exec"} {
			cases = append(cases, plugintest.TestCase{
				Name:    name + "/" + call,
				Config:  map[string]any{"call": call, "target": "example.com"},
				Clients: []any{world{err: mockErr}},
				Validate: func(t *testing.T, r *entities.Result) {
					plugintest.AssertSuccess(t, r)
					var got []string
					if c, ok := r.Data["classes"].([]any); ok {
						for _, s := range c {
							got = append(got, s.(string))
						}
					}
					if !reflect.DeepEqual(got, wantClasses) {
						t.Errorf("classes %v, want %v (the mock's error natively)", got, wantClasses)
					}
					msg, _ := r.Data["error"].(string)
					// Natively the handler has the mock's error; through the
					// wasm, the message the host sent (its wire form).
					want := mockErr.Error()
					if strings.HasSuffix(t.Name(), "/wasm") {
						want = entities.ErrorDetailFrom(mockErr, entities.ErrorTypeExecution).Message
					}
					if !strings.HasSuffix(msg, want) {
						t.Errorf("error %q does not end with the mock's %q", msg, want)
					}
					if isDetail && (r.Data["err_type"] != d.Type || fmt.Sprint(r.Data["err_code"]) != fmt.Sprint(nonEmpty(d.Code))) {
						t.Errorf("detail %v/%v, want %s/%s", r.Data["err_type"], r.Data["err_code"], d.Type, d.Code)
					}
				},
			})
		}
		// Returned by the handler, the error makes an error Result of the
		// same type, code and flags in both worlds, a bare sentinel
		// included (fmt.Errorf("...: %w", ports.ErrCapabilityDenied) is
		// type capability, code CAPABILITY_DENIED natively as through the
		// host).
		want := errclass.Detail(fmt.Errorf("call failed: %w", mockErr), entities.ErrorTypeExecution)
		cases = append(cases, plugintest.TestCase{
			Name:    name + "/returned",
			Config:  map[string]any{"call": "http_get", "target": "https://example.com/", "fail": true},
			Clients: []any{world{err: mockErr}},
			Validate: func(t *testing.T, r *entities.Result) {
				plugintest.AssertError(t, r, want.Type)
				if r.Error.Code != want.Code || r.Error.IsTimeout != want.IsTimeout || r.Error.IsNotFound != want.IsNotFound {
					t.Errorf("error code %q timeout %v not found %v, want %q %v %v",
						r.Error.Code, r.Error.IsTimeout, r.Error.IsNotFound, want.Code, want.IsTimeout, want.IsNotFound)
				}
				if !strings.HasPrefix(r.Message, "call failed: ") {
					t.Errorf("message %q", r.Message)
				}
			},
		})
	}
	plugintest.RunPluginTests(t, probe.Plugin, cases, plugintest.WithWasm(probePkg))
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// okHTTP answers every request 200 "ok" over HTTP/1.1.
type okHTTP struct{}

func (okHTTP) Do(context.Context, *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: 200, Proto: "HTTP/1.1", Body: []byte("ok")}, nil
}
func (o okHTTP) Get(ctx context.Context, _ string) (*ports.HTTPResponse, error) {
	return o.Do(ctx, nil)
}
func (o okHTTP) Post(ctx context.Context, _, _ string, _ []byte) (*ports.HTTPResponse, error) {
	return o.Do(ctx, nil)
}

// deniedDNS refuses every lookup as the host does without a grant.
type deniedDNS struct{ world }

func (deniedDNS) LookupHost(context.Context, string) ([]string, error) {
	return nil, entities.NewErrorDetail("capability", "permission denied: network example.com:53 not granted").WithCode("CAPABILITY_DENIED")
}

// The probe's registered examples, with a mock each, natively and through
// the .wasm.
func TestRunExamples(t *testing.T) {
	plugintest.RunExamples(t, probe.Plugin,
		plugintest.ExampleClients("get", okHTTP{}),
		plugintest.ExampleClients("ports/call/denied", deniedDNS{}),
		plugintest.WithWasm(probePkg))
}

// Cases the harness must fail, run in a child process (the parent checks
// its output): RunExamples and RunPluginTests report each problem.
func TestHarnessFailures(t *testing.T) {
	if os.Getenv("PLUGINTEST_CHILD") != "" {
		t.Skip("run by the parent test only")
	}
	for _, tc := range []struct {
		child string
		wants []string
	}{
		{"TestChildExampleDiffers", []string{`example "get": output differs at $.answer: got {"answer":"200 HTTP/1.1 body=nope"}`}},
		{"TestChildUnusedOption", []string{`option for "gte" selects no example`}},
		{"TestChildNoExamples", []string{"greeter registers no examples"}},
		{"TestChildExampleErrorDiffers", []string{`example "denied": want an error containing "not granted", got success`}},
		{"TestChildBothOnly", []string{"cannot be both NativeOnly and WasmOnly"}},
		{"TestChildWasmOnlyWithoutWasm", []string{"WasmOnly but RunPluginTests has no WithWasm"}},
		{"TestChildDialectsWithoutWasm", []string{"WithDialects needs WithWasm or WithWasmModule"}},
		{"TestChildInDialectNotRun", []string{"states a Result in dialect h, which no WithDialects option runs"}},
		{"TestChildDialectDiffers", []string{"--- PASS: TestChildDialectDiffers/refused/wasm-w", "--- FAIL: TestChildDialectDiffers/refused/wasm-h",
			`error type = "validation", want "network"`}},
		{"TestChildNonPortClient", []string{"TestChildNonPortClient/x/native", "--- FAIL: TestChildNonPortClient/x/wasm",
			"client 0 (plugintest_test.fixedName) implements none of ports.HTTPClient"}},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^"+tc.child+"$", "-test.v")
		cmd.Env = append(os.Environ(), "PLUGINTEST_CHILD="+tc.child)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s passed:\n%s", tc.child, out)
			continue
		}
		for _, w := range tc.wants {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s output lacks %q:\n%s", tc.child, w, out)
			}
		}
	}
}

func child(t *testing.T) {
	if os.Getenv("PLUGINTEST_CHILD") != t.Name() {
		t.Skip("run by TestHarnessFailures")
	}
}

func TestChildExampleDiffers(t *testing.T) {
	child(t)
	plugintest.RunExamples(t, probe.Plugin, plugintest.ExampleClients("*", world{err: errors.New("x")}),
		plugintest.ExampleClients("get", nopeHTTP{}))
}

func TestChildUnusedOption(t *testing.T) {
	child(t)
	plugintest.RunExamples(t, probe.Plugin, plugintest.ExampleClients("get", okHTTP{}), plugintest.ExampleClients("denied", deniedDNS{}),
		plugintest.ExampleClients("gte", okHTTP{}))
}

func TestChildNoExamples(t *testing.T) {
	child(t)
	plugintest.RunExamples(t, greeter{})
}

func TestChildExampleErrorDiffers(t *testing.T) {
	child(t)
	plugintest.RunExamples(t, probe.Plugin, plugintest.ExampleClients("*", okHTTP{}, world{}))
}

func TestChildNonPortClient(t *testing.T) {
	child(t)
	plugintest.RunPluginTests(t, clientPlugin{}, []plugintest.TestCase{{Name: "x", Clients: []any{fixedName("n")}}},
		// Load refuses the options before it looks at the module.
		plugintest.WithWasmModule([]byte("\x00asm never compiled")))
}

func TestChildBothOnly(t *testing.T) {
	child(t)
	plugintest.RunPluginTests(t, greeter{}, []plugintest.TestCase{{Name: "x", NativeOnly: true, WasmOnly: true}})
}

func TestChildWasmOnlyWithoutWasm(t *testing.T) {
	child(t)
	plugintest.RunPluginTests(t, greeter{}, []plugintest.TestCase{{Name: "x", WasmOnly: true}})
}

func TestChildDialectsWithoutWasm(t *testing.T) {
	child(t)
	plugintest.RunPluginTests(t, greeter{}, []plugintest.TestCase{{Name: "x"}}, plugintest.WithDialects(host.DialectH))
}

func TestChildInDialectNotRun(t *testing.T) {
	child(t)
	plugintest.RunPluginTests(t, greeter{}, []plugintest.TestCase{{Name: "x",
		InDialect: map[host.Dialect]plugintest.Want{host.DialectH: {Status: entities.StatusSuccess}}}})
}

// A regression in one dialect fails that dialect's run only: dialect H
// refuses the SDK's tcp_connect (W: the closed port's network error), and
// this case does not say so.
func TestChildDialectDiffers(t *testing.T) {
	child(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	plugintest.RunPluginTests(t, services.Plugin, []plugintest.TestCase{{Name: "refused", WasmOnly: true,
		Config: map[string]any{"service": "net", "operation": "tcp", "target": "127.0.0.1", "port": port},
		Host:   []host.Option{plugintest.NetworkGrant("127.0.0.1", strconv.Itoa(port))},
		Want:   plugintest.Want{Status: entities.StatusError, ErrorType: "network"}}},
		plugintest.WithWasm(multiportPkg), plugintest.WithDialects(host.DialectW, host.DialectH))
}

// nopeHTTP answers 200 "nope".
type nopeHTTP struct{ okHTTP }

func (nopeHTTP) Get(context.Context, string) (*ports.HTTPResponse, error) {
	return &ports.HTTPResponse{StatusCode: 200, Proto: "HTTP/1.1", Body: []byte("nope")}, nil
}

// A case can run against mocks natively and against a real server through
// the .wasm (RealHost, with the case's grants), or in one world only.
func TestRealHostAndOneWorld(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "get:http://%s%s", r.Host, r.URL.Path)
	}))
	defer srv.Close()
	url := srv.URL + "/x"
	hostport := strings.TrimPrefix(srv.URL, "http://")
	i := strings.LastIndex(hostport, ":")
	grant := host.WithGrants(entities.GrantSet{Network: &entities.NetworkCapability{Rules: []entities.NetworkRule{
		{Hosts: []string{hostport[:i]}, Ports: []string{hostport[i+1:]}}}}})
	ranNative, ranWasm := map[string]bool{}, map[string]bool{}
	seen := func(t *testing.T, name string) {
		if strings.HasSuffix(t.Name(), "/native") {
			ranNative[name] = true
		} else {
			ranWasm[name] = true
		}
	}
	plugintest.RunPluginTests(t, probe.Plugin, []plugintest.TestCase{
		{
			Name: "mock natively, loopback server through wasm", RealHost: true, Host: []host.Option{grant},
			Config: map[string]any{"call": "http_get", "target": url}, Clients: []any{world{}},
			Validate: func(t *testing.T, r *entities.Result) {
				seen(t, "real")
				plugintest.AssertSuccess(t, r)
				if a, _ := r.Data["answer"].(string); !strings.HasPrefix(a, "200 HTTP/") || !strings.HasSuffix(a, " body=get:"+url) {
					t.Errorf("answer %q", a)
				}
			},
		},
		{
			Name: "denied by the real host", WasmOnly: true, RealHost: true, Clients: []any{world{}},
			Config: map[string]any{"call": "http_get", "target": url},
			Validate: func(t *testing.T, r *entities.Result) {
				seen(t, "denied")
				plugintest.AssertDataField(t, r, "classes", []string{"capability"})
			},
		},
		{
			Name: "native only", NativeOnly: true, Clients: []any{world{}},
			Config: map[string]any{"call": "dns_ns", "target": "example.com"},
			Validate: func(t *testing.T, r *entities.Result) {
				seen(t, "native")
				plugintest.AssertDataField(t, r, "answer", "ns1.example.,ns2.example.")
			},
		},
	}, plugintest.WithWasm(probePkg))
	if !ranNative["real"] || !ranWasm["real"] || ranNative["denied"] || !ranWasm["denied"] || !ranNative["native"] || ranWasm["native"] {
		t.Errorf("worlds run: native %v, wasm %v", ranNative, ranWasm)
	}
}

// host.WithClients refuses a value that answers nothing.
func TestWithClientsRefusesNonPorts(t *testing.T) {
	_, err := host.New(context.Background(), host.WithClients(world{}, 42))
	if err == nil || !strings.Contains(err.Error(), "client 1 (int) implements none of") {
		t.Fatalf("New: %v", err)
	}
}
