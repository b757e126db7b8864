package net

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/config"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// RunHTTPCheck requests a URL and checks the response. Config:
//
//	url                     string, required
//	method                  string, default "GET"
//	headers                 object of string or string-array values
//	body                    string
//	expected_status         integer, default 200
//	expected_body_contains  string
//	timeout_seconds         number, default 30
//
// Data: url, method, status_code, proto, body_size, body_truncated,
// response_time_ms.
func RunHTTPCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	o := apply(opts)
	url, err := config.MustGetString(cfg, "url")
	if err != nil {
		return nil, configError(err)
	}
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return nil, configError(fmt.Errorf("config field %q must be an http:// or https:// URL, got %q", "url", url))
	}
	method := strings.ToUpper(config.GetStringDefault(cfg, "method", "GET"))
	want := config.GetIntDefault(cfg, "expected_status", 200)
	if _, ok := cfg["expected_status"]; ok {
		if want, err = config.MustGetInt(cfg, "expected_status"); err != nil {
			return nil, configError(err)
		}
	}
	contains := config.GetStringDefault(cfg, "expected_body_contains", "")
	headers, err := headerMap(cfg)
	if err != nil {
		return nil, err
	}
	req := &ports.HTTPRequest{Method: method, URL: url, Header: headers}
	if body, ok := config.GetString(cfg, "body"); ok {
		req.Body = []byte(body)
	}
	c, err := client(ctx, o.http, "net.WithHTTPClient")
	if err != nil {
		return nil, err
	}
	ctx, cancel, _, err := withTimeout(ctx, cfg, 30*time.Second)
	if err != nil {
		return nil, err
	}
	defer cancel()
	start := time.Now()
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	data := map[string]any{
		"url": url, "method": method, "status_code": resp.StatusCode, "proto": resp.Proto,
		"body_size": len(resp.Body), "body_truncated": resp.BodyTruncated, "response_time_ms": ms(time.Since(start)),
	}
	if resp.StatusCode != want {
		return entities.ResultFailure(fmt.Sprintf("%s %s: status %d, want %d", method, url, resp.StatusCode, want), data), nil
	}
	if contains != "" && !strings.Contains(string(resp.Body), contains) {
		return entities.ResultFailure(fmt.Sprintf("%s %s: body does not contain %q", method, url, contains), data), nil
	}
	return entities.ResultSuccess(fmt.Sprintf("%s %s: status %d", method, url, resp.StatusCode), data), nil
}

func headerMap(cfg map[string]any) (map[string][]string, error) {
	v, ok := cfg["headers"]
	if !ok || v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, configError(fmt.Errorf("config field %q must be an object of header values", "headers"))
	}
	out := make(map[string][]string, len(m))
	for k, hv := range m {
		switch hv := hv.(type) {
		case string:
			out[k] = []string{hv}
		case []any:
			for _, e := range hv {
				s, ok := e.(string)
				if !ok {
					return nil, configError(fmt.Errorf("config field %q: header %q must hold strings", "headers", k))
				}
				out[k] = append(out[k], s)
			}
		default:
			return nil, configError(fmt.Errorf("config field %q: header %q must be a string or an array of strings", "headers", k))
		}
	}
	return out, nil
}
