package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wasmbuild"
)

// scenario is one example plugin the demo builds and runs.
type scenario struct {
	pkg   string
	about string
	// setup prepares the world the plugin observes (e.g. a loopback server)
	// and returns the observations to run, the grants flags, and a cleanup.
	setup func() (configs []string, grants grantFlags, cleanup func(), err error)
}

// loopbackServer starts an HTTP server on 127.0.0.1 for the network
// examples: "/" answers 200, "/down" 503. The grant names its exact
// address, since the host refuses loopback unless a rule names it.
func loopbackServer() (*httptest.Server, grantFlags) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	}))
	return srv, grantFlags{net: listFlag{strings.TrimPrefix(srv.URL, "http://")}}
}

func demoScenarios() []scenario {
	return []scenario{
		{
			pkg:   "./examples/hello",
			about: "a plugin written by hand: Plugin, Manifest, Check, registered from main",
			setup: func() ([]string, grantFlags, func(), error) {
				return []string{`{"name":"Reglet"}`, `{}`, `{"name":`}, grantFlags{}, func() {}, nil
			},
		},
		{
			pkg: "./examples/http",
			about: "the README's typed plugin: DefinePlugin, a service with Op[CheckInput, CheckOutput], " +
				"GetClient[ports.HTTPClient]; run against a local server with a grant for its address only",
			setup: func() ([]string, grantFlags, func(), error) {
				srv, grants := loopbackServer()
				return []string{
					fmt.Sprintf(`{"url":%q}`, srv.URL),
					fmt.Sprintf(`{"url":%q,"expected_status":503}`, srv.URL+"/down"),
					`{"expected_status":200}`,
					`{"url":"http://127.0.0.1:1/","expected_status":"200"}`,
					`{"url":"https://example.com"}`,
				}, grants, srv.Close, nil
			},
		},
		dnsScenario(),
		tcpScenario(),
		smtpScenario(),
		commandScenario(),
		fileScenario(),
		{
			pkg:   "./examples/multi",
			about: "two services that both have a check operation: routing by operation and service",
			setup: func() ([]string, grantFlags, func(), error) {
				srv, grants := loopbackServer()
				return []string{
					`{"operation":"parse","version":"v2.10.3"}`,
					`{"service":"version","operation":"check","version":"1.1.0","minimum":"1.2.0"}`,
					fmt.Sprintf(`{"service":"http","operation":"check","url":%q}`, srv.URL+"/down"),
					`{"operation":"check","version":"1.0.0"}`,
					`{"operation":"prase","version":"1.0.0"}`,
				}, grants, srv.Close, nil
			},
		},
		{
			pkg: "./examples/checks",
			about: "the ready-made checks of packages net and exec, with grants for one loopback port and /bin/echo; " +
				"a shell and a private address are refused by the host before anything is dialled or run",
			setup: func() ([]string, grantFlags, func(), error) {
				srv, grants := loopbackServer()
				grants.exec = listFlag{"/bin/echo"}
				hostport := strings.TrimPrefix(srv.URL, "http://")
				port := hostport[strings.LastIndex(hostport, ":")+1:]
				return []string{
					fmt.Sprintf(`{"operation":"http","url":%q,"expected_body_contains":"ok"}`, srv.URL),
					fmt.Sprintf(`{"operation":"http","url":%q}`, srv.URL+"/down"),
					fmt.Sprintf(`{"operation":"tcp","host":"127.0.0.1","port":%s}`, port),
					`{"operation":"command","command":"/bin/echo","args":["hello from the host"],"expected_stdout_contains":"hello"}`,
					`{"operation":"command","command":"/bin/sh","args":["-c","id"]}`,
					`{"operation":"tcp","host":"10.0.0.1","port":22}`,
				}, grants, srv.Close, nil
			},
		},
	}
}

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", "", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	for _, sc := range demoScenarios() {
		if err := demoOne(ctx, root, sc, stdout, stderr); err != nil {
			return fmt.Errorf("%s: %w", sc.pkg, err)
		}
	}
	return nil
}

func demoOne(ctx context.Context, root string, sc scenario, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "==> %s: %s\n", sc.pkg, sc.about)
	start := time.Now()
	wasm, err := wasmbuild.Bytes(ctx, root, sc.pkg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "    built with GOOS=wasip1 GOARCH=wasm -buildmode=c-shared: %d bytes in %v\n",
		len(wasm), time.Since(start).Round(time.Millisecond))
	configs, grants, cleanup, err := sc.setup()
	if err != nil {
		return err
	}
	defer cleanup()
	l := &loader{grants: grants, stderr: stderr}
	h, p, err := l.loadBytes(ctx, wasm)
	if err != nil {
		return err
	}
	defer h.Close(ctx)
	fmt.Fprintln(stdout, "--- manifest")
	if err := printManifest(ctx, p, stdout, false); err != nil {
		return err
	}
	for _, config := range configs {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		start := time.Now()
		raw, err := p.ObserveJSON(cctx, []byte(config))
		cancel()
		if err != nil {
			return err
		}
		var res entities.Result
		if err := json.Unmarshal(raw, &res); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "--- observe %s -> %s in %v\n", config, strings.ToUpper(string(res.Status)), time.Since(start).Round(time.Microsecond))
		if err := printJSON(stdout, raw); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout)
	return nil
}
