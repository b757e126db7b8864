package hostclient

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/abi"
)

// fake is a Transport answering every function with resp (or err) and
// recording the requests.
type fake struct {
	reqs [][]byte
	resp func(req []byte) ([]byte, error)
}

func (f *fake) transport() *Transport {
	call := func(req []byte) ([]byte, error) {
		f.reqs = append(f.reqs, append([]byte(nil), req...))
		return f.resp(req)
	}
	return &Transport{HTTP: call, DNS: call, TCP: call, SMTP: call, Exec: call}
}

func answer(s string) *fake {
	return &fake{resp: func([]byte) ([]byte, error) { return []byte(s), nil }}
}

func TestClientsNative(t *testing.T) {
	ctx := context.Background()
	f := answer(`{"status_code":201,"headers":{"A":["1"]},"body":"e30=","proto":"HTTP/1.1"}`)
	resp, err := httpClient{T: f.transport()}.Post(ctx, "https://api.example.com/v1", "application/json", []byte(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &ports.HTTPResponse{StatusCode: 201, Header: map[string][]string{"A": {"1"}}, Body: []byte("{}"), Proto: "HTTP/1.1"}
	if !reflect.DeepEqual(resp, want) {
		t.Errorf("got %+v", resp)
	}
	if got := string(f.reqs[0]); got != `{"method":"POST","url":"https://api.example.com/v1","headers":{"Content-Type":["application/json"]},"body":"eyJhIjoxfQ==","context":{}}` {
		t.Errorf("request %s", got)
	}

	f = &fake{resp: func(req []byte) ([]byte, error) {
		switch {
		case strings.Contains(string(req), `"type":"A"`):
			return []byte(`{"records":["192.0.2.1"]}`), nil
		case strings.Contains(string(req), `"type":"AAAA"`):
			return []byte(`{"records":["2001:db8::1"]}`), nil
		}
		return []byte(`{"mx_records":[{"host":"b","pref":5},{"host":"a","pref":5},{"host":"c","pref":1}]}`), nil
	}}
	r := DNSResolver{T: f.transport(), Nameserver: "1.1.1.1"}
	addrs, err := r.LookupHost(ctx, "example.com")
	if err != nil || !reflect.DeepEqual(addrs, []string{"192.0.2.1", "2001:db8::1"}) {
		t.Errorf("LookupHost = %v, %v", addrs, err)
	}
	mx, err := r.LookupMX(ctx, "example.com")
	if err != nil || !reflect.DeepEqual(mx, []ports.MXRecord{{Host: "c", Pref: 1}, {Host: "a", Pref: 5}, {Host: "b", Pref: 5}}) {
		t.Errorf("LookupMX = %v, %v", mx, err)
	}
	if !strings.Contains(string(f.reqs[0]), `"nameserver":"1.1.1.1"`) {
		t.Errorf("nameserver missing: %s", f.reqs[0])
	}

	f = answer(`{"stdout":"x","stderr":"","exit_code":1,"duration_ms":5}`)
	res, err := commandRunner{T: f.transport()}.Run(ctx, ports.CommandRequest{Command: "/bin/false", Timeout: time.Second})
	if err != nil || res.ExitCode != 1 || res.Stdout != "x" || res.Duration != 5*time.Millisecond {
		t.Errorf("Run = %+v, %v", res, err)
	}
	if s := string(f.reqs[0]); !strings.Contains(s, `"args":[]`) || !strings.Contains(s, `"timeout_ms":`) || !strings.Contains(s, `"deadline":"`) {
		t.Errorf("exec request %s: want args [] and the Timeout as the context's deadline", s)
	}
}

func TestErrorsNative(t *testing.T) {
	ctx := context.Background()
	f := answer(`{"error":{"message":"permission denied: network internal.corp:53 not granted","type":"capability","code":"CAPABILITY_DENIED"}}`)
	_, err := DNSResolver{T: f.transport()}.LookupTXT(ctx, "internal.corp")
	if !errors.Is(err, ports.ErrCapabilityDenied) || errors.Is(err, ports.ErrNetwork) || errors.Is(err, ports.ErrTimeout) {
		t.Errorf("classes of %v wrong", err)
	}
	if err.Error() != "dns_lookup: permission denied: network internal.corp:53 not granted" {
		t.Errorf("message %q", err)
	}
	var d *entities.ErrorDetail
	if !errors.As(err, &d) || d.Code != "CAPABILITY_DENIED" {
		t.Errorf("errors.As: %+v", d)
	}
	// A handler returning it (wrapped) keeps the type in the Result.
	if got := entities.ErrorDetailFrom(errors.Join(err), "execution"); got.Type != "capability" || !strings.Contains(got.Message, "permission denied") {
		t.Errorf("ErrorDetailFrom = %+v", got)
	}

	// Transport failures and hostile answers.
	for _, tc := range []struct {
		resp  []byte
		err   error
		class error
	}{
		{nil, abi.ErrNoResponse, ports.ErrHostResponse},
		{nil, abi.ErrBadResponse, ports.ErrHostResponse},
		{[]byte(`{"status_code":`), nil, ports.ErrHostResponse},
		{[]byte(`{"status_code":0}`), nil, ports.ErrHostResponse},
		{make([]byte, maxHTTPResponse+1), nil, ports.ErrHostResponse},
	} {
		f := &fake{resp: func([]byte) ([]byte, error) { return tc.resp, tc.err }}
		_, err := httpClient{T: f.transport()}.Get(ctx, "http://x/")
		if !errors.Is(err, tc.class) || !strings.HasPrefix(err.Error(), "http_request: ") {
			t.Errorf("%.20q/%v: err = %v", tc.resp, tc.err, err)
		}
		if tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("%v not kept as cause", tc.err)
		}
	}
	f = &fake{resp: func([]byte) ([]byte, error) { return nil, abi.ErrRequestTooLarge }}
	if _, err := (httpClient{T: f.transport()}).Do(ctx, &ports.HTTPRequest{URL: "http://x/", Body: make([]byte, 2<<20)}); err == nil || errors.Is(err, ports.ErrHostResponse) {
		t.Errorf("too large: %v", err)
	}

	// Done contexts: no call.
	f = answer(`{"status_code":200}`)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := (httpClient{T: f.transport()}).Get(cctx, "http://x/"); !errors.Is(err, context.Canceled) || errors.Is(err, ports.ErrTimeout) {
		t.Errorf("canceled: %v", err)
	}
	dctx, cancel2 := context.WithDeadline(ctx, time.Now().Add(-time.Millisecond))
	defer cancel2()
	if _, err := (tcpDialer{T: f.transport()}).Dial(dctx, "h", "1"); !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ports.ErrTimeout) {
		t.Errorf("deadline: %v", err)
	}
	if len(f.reqs) != 0 {
		t.Errorf("the host was called with a done context")
	}
	// No host natively.
	if _, err := (smtpClient{}).Connect(ctx, ports.SMTPRequest{Host: "h", Port: "25"}); err == nil || !strings.Contains(err.Error(), "no Reglet host") {
		t.Errorf("native default: %v", err)
	}
}

// TestAllocs keeps the per-call garbage of a small HTTP round trip small:
// on wasm each allocation costs about a microsecond.
func TestAllocs(t *testing.T) {
	f := answer(`{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`)
	tr := f.transport()
	tr.HTTP = func([]byte) ([]byte, error) {
		return []byte(`{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`), nil
	}
	c := httpClient{T: tr}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n := testing.AllocsPerRun(1000, func() { c.Get(ctx, "https://example.com/health") })
	t.Logf("%.0f allocations per Get (including the fake transport's response)", n)
	if n > 12 {
		t.Errorf("%.0f allocations per Get", n)
	}
}

// TestHostTimeoutAfterDeadline: a timeout the host reports once the
// context's deadline has passed also matches context.DeadlineExceeded.
func TestHostTimeoutAfterDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	f := &fake{resp: func([]byte) ([]byte, error) {
		time.Sleep(10 * time.Millisecond)
		return []byte(`{"error":{"message":"i/o timeout","type":"network","code":"","is_timeout":true}}`), nil
	}}
	_, err := (tcpDialer{T: f.transport()}).Dial(ctx, "h", "1")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ports.ErrTimeout) || !errors.Is(err, ports.ErrNetwork) {
		t.Errorf("err = %v", err)
	}
	// Without a passed deadline it is only the host's timeout.
	f.resp = func([]byte) ([]byte, error) {
		return []byte(`{"error":{"message":"i/o timeout","type":"timeout","code":""}}`), nil
	}
	_, err = (tcpDialer{T: f.transport()}).Dial(context.Background(), "h", "1")
	if errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ports.ErrTimeout) {
		t.Errorf("err = %v", err)
	}
}
