package hostclient

import (
	"context"
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// randString returns a string mixing ASCII, control characters, HTML
// characters, multi-byte runes, U+2028 and invalid UTF-8.
func randString(rng *rand.Rand) string {
	pieces := []string{"a", "Z", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"é", "日本", "😀", "\u2028", "\u2029", "\xff", "\xc3", "\xed\xa0\x80", "\ufffd"}
	var b strings.Builder
	for n := rng.Intn(12); n > 0; n-- {
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return b.String()
}

// TestEncodersMatchEncodingJSON: the hand-written encoders produce the bytes
// json.Marshal produces for the same wire structs.
func TestEncodersMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	dl := time.Date(2026, 2, 11, 10, 0, 30, 123456789, time.UTC)
	for i := 0; i < 2000; i++ {
		s := func() string { return randString(rng) }
		ctx := wire.Context{}
		if rng.Intn(2) == 0 {
			d := dl.Add(time.Duration(rng.Int63n(1e12)))
			switch rng.Intn(4) {
			case 0:
				d = d.In(time.FixedZone("X", 3600+1800))
			case 1:
				d = d.Truncate(time.Second)
			case 2:
				d = d.Truncate(time.Millisecond).In(time.FixedZone("Y", -7200))
			}
			ctx = wire.Context{Deadline: &d, TimeoutMs: rng.Int63n(100000), RequestID: s(), Canceled: rng.Intn(2) == 0}
		}
		var headers map[string][]string
		if rng.Intn(2) == 0 {
			headers = map[string][]string{s(): {s(), s()}, s(): nil, "Content-Type": {"application/json"}}
		}
		var body []byte
		if rng.Intn(2) == 0 {
			body = []byte(s())
		}
		var args []string
		if rng.Intn(2) == 0 {
			args = []string{}
		} else if rng.Intn(2) == 0 {
			args = []string{s(), s()}
		}
		for _, c := range []struct {
			v   any
			got []byte
		}{
			{&wire.HTTPRequest{Method: s(), URL: s(), Headers: headers, Body: body, Context: ctx, TimeoutMs: ctx.TimeoutMs}, nil},
			{&wire.DNSRequest{Hostname: s(), Type: s(), Nameserver: s(), Context: ctx, TimeoutMs: rng.Int63n(3) * 1000}, nil},
			{&wire.TCPRequest{Host: s(), Port: s(), TimeoutMs: rng.Int63n(3) * 1000, TLS: rng.Intn(2) == 0, Context: ctx, UseTLS: rng.Intn(2) == 0}, nil},
			{&wire.SMTPRequest{Host: s(), Port: s(), TimeoutMs: rng.Int63n(3) - 1, TLS: rng.Intn(2) == 0, StartTLS: rng.Intn(2) == 0, Context: ctx,
				UseTLS: rng.Intn(2) == 0, UseStartTLS: rng.Intn(2) == 0}, nil},
			{&wire.ExecRequest{Command: s(), Args: args, Env: []string{s()}[:rng.Intn(2)], Dir: s(), Context: ctx, TimeoutMs: rng.Int63n(3) - 1}, nil},
			{&wire.LogMessage{Timestamp: dl, Level: "INFO", Message: s(), Attrs: []wire.LogAttr{{Key: s(), Type: "string", Value: s()}}[:rng.Intn(2)], Context: ctx}, nil},
		} {
			var got []byte
			switch v := c.v.(type) {
			case *wire.HTTPRequest:
				got = AppendHTTPRequest(nil, v)
			case *wire.DNSRequest:
				got = appendDNSRequest(nil, v)
			case *wire.TCPRequest:
				got = appendTCPRequest(nil, v)
			case *wire.SMTPRequest:
				got = appendSMTPRequest(nil, v)
			case *wire.ExecRequest:
				if v.Args == nil {
					v.Args = []string{} // the adapter guarantees it; json.Marshal would write null
				}
				got = appendExecRequest(nil, v)
			case *wire.LogMessage:
				got = AppendLogMessage(nil, v)
			}
			want, err := json.Marshal(c.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("%T\n got %s\nwant %s", c.v, got, want)
			}
		}
	}
}

// TestDecodersMatchEncodingJSON: on valid responses the hand-written
// decoders agree with json.Unmarshal.
func TestDecodersMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	na := time.Date(2027, 1, 2, 3, 4, 5, 6, time.UTC)
	for i := 0; i < 2000; i++ {
		s := func() string { return strings.ToValidUTF8(randString(rng), "\ufffd") }
		errd := []string{``, `,"error":{"message":"m","type":"network","code":"X","is_timeout":true,"details":{"a":[1,{"b":null}]},"wrapped":{"message":"w","type":"capability","code":""}}`, `,"error":null`}[rng.Intn(3)]
		extra := []string{``, `,"unknown":{"x":[1,2.5e3,"s",true,false,null]}`}[rng.Intn(2)]
		bodyJSON, _ := json.Marshal([]byte(s()))
		hdrs, _ := json.Marshal(map[string][]string{s(): {s()}, s(): {}})
		check := func(doc string, got, want any, decode func([]byte, any) error) {
			t.Helper()
			if err := json.Unmarshal([]byte(doc), want); err != nil {
				t.Fatalf("test document invalid: %v: %s", err, doc)
			}
			if err := decode([]byte(doc), got); err != nil {
				t.Fatalf("decode(%s): %v", doc, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decode(%s)\n got %+v\nwant %+v", doc, got, want)
			}
		}
		q := func(x string) string { b, _ := json.Marshal(x); return string(b) }
		check(`{"status_code":`+[]string{"200", "404", "-1"}[rng.Intn(3)]+`,"headers":`+string(hdrs)+`,"body":`+string(bodyJSON)+
			`,"proto":`+q(s())+`,"body_truncated":true`+errd+extra+`}`,
			&wire.HTTPResponse{}, &wire.HTTPResponse{}, func(b []byte, v any) error { return DecodeHTTP(b, v.(*wire.HTTPResponse)) })
		check(`{"records":[`+q(s())+`,`+q(s())+`],"mx_records":[{"host":`+q(s())+`,"pref":10},{"pref":65535,"host":"x"}]`+extra+errd+`}`,
			&wire.DNSResponse{}, &wire.DNSResponse{}, func(b []byte, v any) error { return unmarshalDNS(b, v.(*wire.DNSResponse)) })
		nab, _ := json.Marshal(na)
		check(` { "connected" : true , "address":`+q(s())+`,"remote_addr":"r","local_addr":"l","response_time_ms":12,"tls":true,"tls_version":"TLS 1.3","tls_cipher_suite":"c","tls_server_name":"n","tls_cert_subject":`+q(s())+`,"tls_cert_issuer":"i","tls_cert_not_after":`+string(nab)+errd+extra+"}\n",
			&wire.TCPResponse{}, &wire.TCPResponse{}, func(b []byte, v any) error { return unmarshalTCP(b, v.(*wire.TCPResponse)) })
		check(`{"connected":false,"address":"a","banner":`+q(s())+`,"tls":false,"tls_version":"v","tls_cipher_suite":"c","tls_server_name":"n","response_time_ms":3`+errd+`}`,
			&wire.SMTPResponse{}, &wire.SMTPResponse{}, func(b []byte, v any) error { return unmarshalSMTP(b, v.(*wire.SMTPResponse)) })
		check(`{"stdout":`+q(s())+`,"stderr":`+q(s())+`,"exit_code":-2,"duration_ms":5,"is_timeout":false,"stdout_truncated":`+[]string{"true", "false"}[rng.Intn(2)]+`,"stderr_truncated":true`+extra+errd+`}`,
			&wire.ExecResponse{}, &wire.ExecResponse{}, func(b []byte, v any) error { return unmarshalExec(b, v.(*wire.ExecResponse)) })
	}
	// Escapes and surrogates.
	var got, want wire.ExecResponse
	doc := `{"stdout":"\u00e9\ud83d\ude00\ud800x\"\\\/\b\f\n\r\t\u2028","stderr":"` + "\xff" + `"}`
	json.Unmarshal([]byte(doc), &want)
	if err := unmarshalExec([]byte(doc), &got); err != nil || got != want {
		t.Fatalf("escapes: got %+q (%v), want %+q", got.Stdout+got.Stderr, err, want.Stdout+want.Stderr)
	}
}

// TestDecodersRefuseHostileInput: anything json.Unmarshal refuses for the
// wire struct is refused too, and nothing panics.
func TestDecodersRefuseHostileInput(t *testing.T) {
	for _, doc := range []string{
		``, ` `, `{`, `{"status_code":200`, `{"status_code":200,}`, `{"status_code":"200"}`, `{"status_code":2.5}`,
		`{"status_code":1e2}`, `{"status_code":99999999999999999999}`, `{"status_code":-}`, `{"status_code":01}`,
		`{"body":12}`, `{"body":"***"}`, `{"headers":[]}`, `{"headers":{"a":"b"}}`, `{"headers":{"a":[1]}}`,
		`{"error":5}`, `{"error":[1]}`, `{"error":"denied"}`, `{"error":"VALIDATION_ERROR","code":400}`, `{"error":{"message":1}}`, `{"proto":"\x01"}`, `{"proto":"\u12"}`, `{"proto":"\q"}`,
		`[1]`, `"x"`, `1`, `true`, `nul`, `{"a":1}x`, `{"a":1}{}`, `{"a":tru}`, `{"a":[1,]}`, `{"a" 1}`, `{1:2}`,
		strings.Repeat("[", 100000), `{"a":` + strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat("}", 10001),
	} {
		var h wire.HTTPResponse
		if err := DecodeHTTP([]byte(doc), &h); err == nil {
			t.Errorf("DecodeHTTP(%.60q) succeeded", doc)
		}
	}
	for _, doc := range []string{`{"records":"a"}`, `{"records":[1]}`, `{"mx_records":[{"pref":70000}]}`, `{"mx_records":[{"pref":-1}]}`, `{"mx_records":{}}`} {
		var d wire.DNSResponse
		if err := unmarshalDNS([]byte(doc), &d); err == nil {
			t.Errorf("unmarshalDNS(%q) succeeded", doc)
		}
	}
	for _, doc := range []string{`{"connected":"yes"}`, `{"tls_cert_not_after":"yesterday"}`, `{"tls_cert_not_after":5}`, `{"response_time_ms":1.5}`} {
		var d wire.TCPResponse
		if err := unmarshalTCP([]byte(doc), &d); err == nil {
			t.Errorf("unmarshalTCP(%q) succeeded", doc)
		}
	}
	// null is a valid document and a valid member value.
	var h wire.HTTPResponse
	if err := DecodeHTTP([]byte(`{"status_code":null,"headers":null,"body":null,"error":null}`), &h); err != nil || h.Error != nil {
		t.Errorf("nulls: %v %+v", err, h)
	}
}

// FuzzDecodeHTTP: no input panics, and what json.Unmarshal accepts that
// decodes to a valid response, DecodeHTTP accepts as well.
func FuzzDecodeHTTP(f *testing.F) {
	f.Add([]byte(`{"status_code":200,"headers":{"A":["b"]},"body":"aGk=","proto":"HTTP/1.1","body_truncated":false}`))
	f.Add([]byte(`{"error":{"message":"permission denied","type":"capability","code":"CAPABILITY_DENIED"}}`))
	f.Add([]byte(`{"status_code":200,"x":[{"y":null}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got wire.HTTPResponse
		err := DecodeHTTP(b, &got)
		var want wire.HTTPResponse
		werr := json.Unmarshal(b, &want)
		if err == nil && werr != nil && utf8.Valid(b) && !strings.Contains(werr.Error(), "cannot unmarshal") {
			t.Fatalf("DecodeHTTP accepted %q, which json.Unmarshal refuses: %v", b, werr)
		}
	})
}

func TestContextWire(t *testing.T) {
	if c := ContextWire(context.Background()); c != (wire.Context{}) {
		t.Errorf("background: %+v", c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	c := ContextWire(ctx)
	dl, _ := ctx.Deadline()
	if c.Deadline == nil || !c.Deadline.Equal(dl) || c.Deadline.Location() != time.UTC || c.TimeoutMs < 1400 || c.TimeoutMs > 1500 || c.Canceled {
		t.Errorf("deadline: %+v", c)
	}
	// A deadline that passed counts as done even before its timer fires.
	past, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()
	if c := ContextWire(past); !c.Canceled || c.TimeoutMs != 0 {
		t.Errorf("past deadline: %+v", c)
	}
	done, cancel3 := context.WithCancel(context.Background())
	cancel3()
	if c := ContextWire(done); !c.Canceled {
		t.Errorf("canceled: %+v", c)
	}
}

func BenchmarkEncodeHTTPRequest(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		w := EncodeHTTPRequest(ContextWire(ctx), &ports.HTTPRequest{URL: "https://example.com/health"})
		AppendHTTPRequest(make([]byte, 0, 256), &w)
	}
}

func BenchmarkDecodeHTTPResponse(b *testing.B) {
	doc := []byte(`{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var r wire.HTTPResponse
		if err := DecodeHTTP(doc, &r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeHTTPResponseEncodingJSON(b *testing.B) {
	doc := []byte(`{"status_code":200,"headers":{"Content-Type":["text/plain"]},"body":"aGVsbG8=","proto":"HTTP/1.1"}`)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var r wire.HTTPResponse
		if err := json.Unmarshal(doc, &r); err != nil {
			b.Fatal(err)
		}
	}
}

// realisticResponse has the dozen headers a typical server sends.
const realisticResponse = `{"status_code":200,"headers":{"Accept-Ranges":["bytes"],"Age":["512"],"Cache-Control":["max-age=604800"],` +
	`"Content-Length":["1256"],"Content-Type":["text/html; charset=UTF-8"],"Date":["Wed, 11 Feb 2026 10:00:00 GMT"],` +
	`"Etag":["\"3147526947\""],"Expires":["Wed, 18 Feb 2026 10:00:00 GMT"],"Last-Modified":["Thu, 17 Oct 2019 07:18:26 GMT"],` +
	`"Server":["ECS (nyb/1D2E)"],"Vary":["Accept-Encoding"],"X-Cache":["HIT"],"Set-Cookie":["a=1","b=2"]},` +
	`"body":"PGh0bWw+PC9odG1sPg==","proto":"HTTP/1.1"}`

func BenchmarkDecodeHTTPResponseRealistic(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var r wire.HTTPResponse
		if err := decodeHTTP(reader{b: []byte(realisticResponse), alias: true}, &r); err != nil {
			b.Fatal(err)
		}
	}
}
