package host

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// maxRedirects is how many redirects http_request follows; each hop is
// checked against the grants before it is requested.
const maxRedirects = 10

// urlHostPort is the host and port a URL connects to (80/443 by default).
func urlHostPort(u *url.URL) (string, string) {
	port := u.Port()
	if port == "" {
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		} else {
			port = "80"
		}
	}
	return u.Hostname(), port
}

func checkURL(hc *hostCall, u *url.URL) error {
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return fmt.Errorf("unsupported URL scheme %q (http and https only)", u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("URL %q has no host", u.String())
	}
	host, port := urlHostPort(u)
	return allowNetwork(hc.grants, host, port)
}

func serveHTTP(ctx context.Context, hc *hostCall, req *wire.HTTPRequest) any {
	resp := &wire.HTTPResponse{}
	u, err := url.Parse(req.URL)
	if err != nil {
		resp.Error = validationErr("http_request: invalid URL: %v", err)
		return resp
	}
	if err := checkURL(hc, u); err != nil {
		if de, ok := err.(*denyError); ok {
			resp.Error = de.detail()
		} else {
			resp.Error = validationErr("http_request: %v", err)
		}
		return resp
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	ctx, cancel := callContext(ctx, req.Context, 0)
	defer cancel()
	var body io.Reader
	if len(req.Body) > 0 {
		body = bytes.NewReader(req.Body)
	}
	hreq, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		resp.Error = validationErr("http_request: %v", err)
		return resp
	}
	for k, vs := range req.Headers {
		if strings.EqualFold(k, "Host") && len(vs) > 0 {
			hreq.Host = vs[0]
			continue
		}
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	d := hc.dialer()
	tr := &http.Transport{
		Proxy:                  nil, // never the environment's proxy: it would bypass the dial-time check
		DialContext:            d.DialContext,
		TLSClientConfig:        hc.tlsConfig(""),
		ForceAttemptHTTP2:      true,
		DisableKeepAlives:      true,
		TLSHandshakeTimeout:    HTTPTLSHandshakeTimeout,
		ExpectContinueTimeout:  HTTPExpectContinueTimeout,
		MaxResponseHeaderBytes: MaxHTTPHeaderBytes,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(r *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			return checkURL(hc, r.URL)
		},
	}
	hresp, err := client.Do(hreq)
	if err != nil {
		resp.Error = classifyErr(ctx, "http_request "+method+" "+redactURL(u), headerLimitErr(unwrapURLError(err)))
		return resp
	}
	defer hresp.Body.Close()
	resp.StatusCode = hresp.StatusCode
	resp.Proto = hresp.Proto
	if len(hresp.Header) > 0 {
		resp.Headers = hresp.Header
	}
	b, err := io.ReadAll(io.LimitReader(hresp.Body, MaxHTTPBodyBytes+1))
	if len(b) > MaxHTTPBodyBytes {
		b = b[:MaxHTTPBodyBytes]
		resp.BodyTruncated = true
	}
	resp.Body = b
	if err != nil {
		resp.Error = classifyErr(ctx, "http_request: reading the body", err)
	}
	return resp
}

// headerLimitErr marks net/http's refusal of a header section over
// MaxResponseHeaderBytes as a limit error (net/http has no type for it, only
// this message; TestHostileHTTP pins it).
func headerLimitErr(err error) error {
	if err != nil && strings.Contains(err.Error(), "server response headers exceeded") {
		return tooLarge("%v", err)
	}
	return err
}

// unwrapURLError keeps the cause of a *url.Error (whose message repeats the
// URL, possibly with credentials).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	return c.String()
}
