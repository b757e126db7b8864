package hostclient

import (
	"context"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// httpClient implements ports.HTTPClient over reglet_host.http_request.
type httpClient struct{ T *Transport }

var _ ports.HTTPClient = httpClient{}

// EncodeHTTPRequest builds the wire request for req.
func EncodeHTTPRequest(c wire.Context, req *ports.HTTPRequest) wire.HTTPRequest {
	method := req.Method
	if method == "" {
		method = "GET"
	}
	return wire.HTTPRequest{
		Method:  method,
		URL:     req.URL,
		Headers: req.Header,
		Body:    req.Body,
		Context: c,
		// Dialect H ignores the context and reads this one.
		TimeoutMs: c.TimeoutMs,
	}
}

// decodeHTTPResponse converts a wire response (without error) to the
// ports type. A status code outside 100-999 is refused: no HTTP server
// sends one, so the host did not keep the contract.
func decodeHTTPResponse(r *wire.HTTPResponse) (*ports.HTTPResponse, error) {
	if r.StatusCode < 100 || r.StatusCode > 999 {
		return nil, fmt.Errorf("status_code %d is not an HTTP status", r.StatusCode)
	}
	return &ports.HTTPResponse{
		StatusCode:    r.StatusCode,
		Header:        r.Headers,
		Body:          r.Body,
		Proto:         r.Proto,
		BodyTruncated: r.BodyTruncated,
	}, nil
}

// Do performs req through the host. A non-2xx status is not an error.
func (c httpClient) Do(ctx context.Context, req *ports.HTTPRequest) (*ports.HTTPResponse, error) {
	const fn = wire.HTTPRequestFn
	if req == nil {
		return nil, invalidRequest(fn, "nil *ports.HTTPRequest")
	}
	if req.URL == "" {
		return nil, invalidRequest(fn, "empty URL")
	}
	send := pick(c.T).HTTP
	wctx, err := begin(ctx, fn, send)
	if err != nil {
		return nil, err
	}
	w := EncodeHTTPRequest(wctx, req)
	raw, err := exchange(fn, send, AppendHTTPRequest(make([]byte, 0, reqBufSize), &w), maxHTTPResponse)
	if err != nil {
		return nil, err
	}
	var resp wire.HTTPResponse
	derr := decodeHTTP(reader{b: raw, alias: len(raw) <= aliasLimit}, &resp)
	if derr == nil && len(w.Headers) > 0 && headersRefused(resp.Error) {
		// Dialect H: its handler reads each header as one string and
		// refused the arrays. Its capability check had decoded this very
		// request (with arrays) first and let it through: a denial would
		// have come back instead. So the request goes again with the
		// same method, URL and body, the headers as strings. (That second
		// request does not decode in the check's shape, so H skips the
		// check: it has just allowed the same URL, the only thing it
		// checks.)
		if wctx, err = begin(ctx, fn, send); err != nil {
			return nil, err
		}
		w.Context, w.TimeoutMs = wctx, wctx.TimeoutMs
		if raw, err = exchange(fn, send, appendHTTPRequest(make([]byte, 0, reqBufSize), &w, true), maxHTTPResponse); err != nil {
			return nil, err
		}
		resp = wire.HTTPResponse{}
		derr = decodeHTTP(reader{b: raw, alias: len(raw) <= aliasLimit}, &resp)
	}
	if err := finish(ctx, fn, derr, resp.Error); err != nil {
		return nil, err
	}
	out, err := decodeHTTPResponse(&resp)
	if err != nil {
		return nil, badResponse(fn, err.Error(), nil)
	}
	return out, nil
}

// Get performs a GET of url.
func (c httpClient) Get(ctx context.Context, url string) (*ports.HTTPResponse, error) {
	return c.Do(ctx, &ports.HTTPRequest{Method: "GET", URL: url})
}

// Post sends body to url with the given Content-Type (omitted when empty).
func (c httpClient) Post(ctx context.Context, url, contentType string, body []byte) (*ports.HTTPResponse, error) {
	req := &ports.HTTPRequest{Method: "POST", URL: url, Body: body}
	if contentType != "" {
		req.Header = map[string][]string{"Content-Type": {contentType}}
	}
	return c.Do(ctx, req)
}
