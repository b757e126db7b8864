package host

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/testkit"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Hostile peers: short loopback servers that try to make the host read
// without end (an endless line, a huge header, a slow drip). Each serves a
// bounded number of connections, writes at most a fixed number of bytes,
// and stops when the test ends. The tests check that the host stops early
// (the bytes the server got out, the bytes the host allocated meanwhile)
// and that the caller gets a clear error or flagged, truncated data.

// hostileBudget is the most a hostile server writes per connection; a
// host without a byte bound would read all of it.
const hostileBudget = 64 << 20

// hostileServer accepts up to conns connections on 127.0.0.1 and runs
// serve on each; serve returns how many bytes it wrote. written reports the
// total once every connection has ended.
type hostileServer struct {
	port    string
	written atomic.Int64
	done    chan struct{}
}

func startHostile(t testing.TB, conns int, serve func(c net.Conn) int64) *hostileServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &hostileServer{port: testkit.PortOf(t, ln.Addr().String()), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer ln.Close()
		for i := 0; i < conns; i++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(10 * time.Second))
			// A small send buffer, so what the server gets out is close to
			// what the host took in (the kernel cannot park megabytes).
			c.(*net.TCPConn).SetWriteBuffer(64 << 10)
			s.written.Add(serve(c))
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-s.done })
	return s
}

// total waits for the server to finish and returns what it wrote.
func (s *hostileServer) total(t testing.TB) int64 {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		t.Fatal("hostile server did not finish")
	}
	return s.written.Load()
}

// flood writes prefix, then fill repeated until budget bytes are out or
// the peer stops reading (closed or reset the connection); it returns the
// bytes written.
func flood(c net.Conn, prefix, fill string, budget int) int64 {
	n, err := c.Write([]byte(prefix))
	total := int64(n)
	if err != nil {
		return total
	}
	chunk := []byte(strings.Repeat(fill, (32<<10)/len(fill)+1))
	for left := budget - len(prefix); left > 0; {
		b := chunk
		if left < len(b) {
			b = b[:left]
		}
		n, err := c.Write(b)
		total += int64(n)
		left -= n
		if err != nil {
			break
		}
	}
	return total
}

// drip writes b one byte every interval until the peer goes away or the
// bytes run out.
func drip(c net.Conn, b []byte, interval time.Duration) int64 {
	var total int64
	for i := range b {
		if _, err := c.Write(b[i : i+1]); err != nil {
			break
		}
		total++
		time.Sleep(interval)
	}
	return total
}

// allocated returns the bytes the process allocated while f ran (the
// host's reads show up here: a host reading a peer's stream whole
// allocates at least as much as it read).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// hostileBound is what a bounded host may let a hostile peer push (socket
// buffers included) or allocate for one call; hostileBudget is sixteen
// times more.
const hostileBound = 4 << 20

func checkBounded(t testing.TB, what string, written int64, alloc uint64) {
	t.Helper()
	t.Logf("%s: server wrote %d bytes, host allocated %d bytes", what, written, alloc)
	if written > hostileBound || alloc > hostileBound {
		t.Errorf("%s: the host is not bounded: the server got %d bytes out, the host allocated %d bytes (bound %d)",
			what, written, alloc, hostileBound)
	}
}

func wantErrCode(t testing.TB, d *entities.ErrorDetail, typ, code string) {
	t.Helper()
	if d == nil || d.Type != typ || d.Code != code {
		t.Fatalf("want error %s/%s, got %+v", typ, code, d)
	}
}

// readLine reads one line the host sent (a command), byte by byte so
// nothing the host sends later is swallowed.
func readLine(c net.Conn) (string, error) {
	var b []byte
	one := make([]byte, 1)
	for len(b) < 1024 {
		if _, err := c.Read(one); err != nil {
			return string(b), err
		}
		if one[0] == '\n' {
			return string(b), nil
		}
		b = append(b, one[0])
	}
	return string(b), nil
}

func TestHostileSMTP(t *testing.T) {
	smtp := func(t *testing.T, port string, timeoutMs int64, starttls bool) wire.SMTPResponse {
		t.Helper()
		return doSMTP(t, testkit.NetGrant(testkit.NetRule("127.0.0.1", port)), wire.SMTPRequest{Host: "127.0.0.1", Port: port, StartTLS: starttls, TimeoutMs: timeoutMs})
	}
	t.Run("endless banner line", func(t *testing.T) {
		// Finding 1 of issue 10: 64 MiB of "2" and no newline.
		s := startHostile(t, 1, func(c net.Conn) int64 { return flood(c, "220 ", "2", hostileBudget) })
		var resp wire.SMTPResponse
		alloc := allocated(func() { resp = smtp(t, s.port, 20000, false) })
		checkBounded(t, "endless banner line", s.total(t), alloc)
		wantErrCode(t, resp.Error, entities.ErrorTypeNetwork, wire.CodeResponseTooLarge)
		if !strings.Contains(resp.Error.Message, "banner") || !strings.Contains(resp.Error.Message, "4096") {
			t.Fatalf("message should say what was too long and the limit: %q", resp.Error.Message)
		}
	})
	t.Run("endless multi-line banner", func(t *testing.T) {
		s := startHostile(t, 1, func(c net.Conn) int64 { return flood(c, "", "220-spam spam spam\r\n", hostileBudget) })
		var resp wire.SMTPResponse
		alloc := allocated(func() { resp = smtp(t, s.port, 20000, false) })
		checkBounded(t, "endless multi-line banner", s.total(t), alloc)
		wantErrCode(t, resp.Error, entities.ErrorTypeNetwork, wire.CodeResponseTooLarge)
	})
	t.Run("endless EHLO reply", func(t *testing.T) {
		s := startHostile(t, 1, func(c net.Conn) int64 {
			n, _ := c.Write([]byte("220 mx.test ESMTP\r\n"))
			if line, err := readLine(c); err != nil || !strings.HasPrefix(line, "EHLO ") {
				return int64(n)
			}
			return int64(n) + flood(c, "250-", "x", hostileBudget)
		})
		var resp wire.SMTPResponse
		alloc := allocated(func() { resp = smtp(t, s.port, 20000, true) })
		checkBounded(t, "endless EHLO reply", s.total(t), alloc)
		wantErrCode(t, resp.Error, entities.ErrorTypeNetwork, wire.CodeResponseTooLarge)
		if !strings.Contains(resp.Error.Message, "EHLO") || resp.Banner != "220 mx.test ESMTP" {
			t.Fatalf("want the banner kept and an EHLO error, got %+v", resp)
		}
	})
	t.Run("long line within the limit", func(t *testing.T) {
		long := "220 " + strings.Repeat("x", MaxSMTPLineBytes-6) // + CRLF = the limit
		s := startHostile(t, 1, func(c net.Conn) int64 {
			n, _ := c.Write([]byte(long + "\r\n"))
			readLine(c) // QUIT
			return int64(n)
		})
		resp := smtp(t, s.port, 5000, false)
		testkit.WantNoError(t, resp.Error)
		if resp.Banner != long {
			t.Fatalf("banner of %d bytes, want %d", len(resp.Banner), len(long))
		}
	})
	t.Run("slow drip", func(t *testing.T) {
		s := startHostile(t, 1, func(c net.Conn) int64 { return drip(c, []byte("220 "+strings.Repeat("z", 200)), 20*time.Millisecond) })
		start := time.Now()
		resp := smtp(t, s.port, 300, false)
		if el := time.Since(start); el > 3*time.Second {
			t.Fatalf("the deadline did not cut the drip short: %v", el)
		}
		wantErrCode(t, resp.Error, entities.ErrorTypeTimeout, "TIMEOUT")
		s.total(t)
	})
}

// TestFitJSONString: the sizes fitJSONString counts are the sizes the
// host's encoder writes, for every byte, the runes encoding/json escapes,
// and random input; the prefix is the longest that fits.
func TestFitJSONString(t *testing.T) {
	encodedLen := func(s string) int {
		b, err := marshalResponse(s)
		if err != nil {
			t.Fatal(err)
		}
		return len(b) - 2 // the quotes
	}
	var inputs [][]byte
	for c := 0; c < 256; c++ {
		inputs = append(inputs, []byte{byte(c)}, []byte{'a', byte(c), 'b'})
	}
	for _, s := range []string{"\u2028", "\u2029", "\ufffd", "é", "😀", "\xed\xa0\x80", "\xf0\x9f\x98", "<&>", "a\xffb\xfe"} {
		inputs = append(inputs, []byte(s))
	}
	rng := rand.New(rand.NewSource(10))
	for i := 0; i < 300; i++ {
		b := make([]byte, rng.Intn(64))
		rng.Read(b)
		inputs = append(inputs, b, []byte(strings.ToValidUTF8(string(b), "é")))
	}
	for _, in := range inputs {
		full, cut := fitJSONString(in, 1<<20, false)
		if cut || !utf8.ValidString(full) {
			t.Fatalf("%q: cut %v, valid %v", in, cut, utf8.ValidString(full))
		}
		total := encodedLen(full)
		for limit := 0; limit <= total; limit++ {
			s, cut := fitJSONString(in, limit, false)
			n := encodedLen(s)
			if n > limit || !strings.HasPrefix(full, s) || cut != (s != full) {
				t.Fatalf("%q limit %d: got %q (%d bytes encoded), cut %v", in, limit, s, n, cut)
			}
			if s != full { // the next rune would not have fitted
				r, _ := utf8.DecodeRuneInString(full[len(s):])
				if n+encodedLen(string(r)) <= limit {
					t.Fatalf("%q limit %d: %q is not the longest prefix that fits", in, limit, s)
				}
			}
		}
	}
	// A rune split by the raw cap is dropped, not turned into U+FFFD.
	if s, cut := fitJSONString([]byte("ab\xe2\x82"), 100, true); s != "ab" || !cut {
		t.Fatalf("split rune: %q %v", s, cut)
	}
	if s, _ := fitJSONString([]byte("ab\xe2\x82"), 100, false); s != "ab\ufffd\ufffd" {
		t.Fatalf("invalid tail: %q", s)
	}
}

// TestHostileExecOutput: whatever a command prints (text, NUL bytes,
// random bytes, invalid UTF-8, on both streams at once), the response stays
// within the guest's limit for exec_command, each stream within
// MaxExecOutputBytes of output and MaxExecOutputJSONBytes of JSON, cut
// output is flagged, and what is kept is the start of the output. Finding
// 2 of issue 10.
func TestHostileExecOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 100 MiB of command output; runs without -short")
	}
	sh := tool(t, "sh")
	g := execGrant(sh)
	const n = "12582912" // 12 MiB per stream, over the 10 MiB kept
	for _, tc := range []struct {
		name, script string
		check        func(t *testing.T, out string)
	}{
		{"NUL bytes", "head -c 52428800 /dev/zero; head -c " + n + " /dev/zero >&2", func(t *testing.T, out string) {
			if strings.Trim(out, "\x00") != "" {
				t.Fatal("stdout is not the command's NUL bytes")
			}
		}},
		{"random bytes", "head -c " + n + " /dev/urandom; head -c " + n + " /dev/urandom >&2", nil},
		{"invalid UTF-8", "yes \"$(printf 'a\\377\\376')\" | head -c " + n + "; yes x | head -c " + n + " >&2", func(t *testing.T, out string) {
			if !strings.HasPrefix(out, "a\ufffd\ufffd\na\ufffd\ufffd\n") {
				t.Fatalf("stdout starts %q", out[:min(len(out), 16)])
			}
		}},
		{"text", "yes '<a href=\"x\">&amp;</a>' | head -c " + n + "; yes | head -c " + n + " >&2", func(t *testing.T, out string) {
			if len(out) != MaxExecOutputBytes || !strings.HasPrefix(out, "<a href=\"x\">&amp;</a>\n") {
				t.Fatalf("kept %d bytes of text, starting %q", len(out), out[:min(len(out), 24)])
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resp wire.ExecResponse
			raw := invoke(t, callCtx(cfgWith(WithGrants(g))), execHostFunc, wire.ExecRequest{Command: sh, Args: []string{"-c", tc.script}}, &resp)
			t.Logf("response %d bytes; stdout %d bytes kept, stderr %d", len(raw), len(resp.Stdout), len(resp.Stderr))
			testkit.WantNoError(t, resp.Error)
			if len(raw) > wire.MaxExecResponseBytes {
				t.Fatalf("response of %d bytes exceeds the guest's %d-byte limit", len(raw), wire.MaxExecResponseBytes)
			}
			for _, s := range []string{resp.Stdout, resp.Stderr} {
				if b, _ := marshalResponse(s); len(b)-2 > MaxExecOutputJSONBytes || !utf8.ValidString(s) || len(s) == 0 {
					t.Fatalf("a stream encodes to %d bytes (limit %d), valid UTF-8 %v", len(b)-2, MaxExecOutputJSONBytes, utf8.ValidString(s))
				}
			}
			if !resp.StdoutTruncated || !resp.StderrTruncated || resp.ExitCode != 0 {
				t.Fatalf("want both streams flagged truncated, got stdout %v stderr %v exit %d", resp.StdoutTruncated, resp.StderrTruncated, resp.ExitCode)
			}
			if tc.check != nil {
				tc.check(t, resp.Stdout)
			}
		})
	}
	// Output within the limit is whole and not flagged.
	resp := doExec(t, g, wire.ExecRequest{Command: sh, Args: []string{"-c", "printf 'a\\000b'; printf 'c' >&2"}})
	if resp.Stdout != "a\x00b" || resp.Stderr != "c" || resp.StdoutTruncated || resp.StderrTruncated {
		t.Fatalf("small output: %+v", resp)
	}
}

// HostileSMTPForTest starts a mail server for the end-to-end tests that
// answers its one connection with an endless banner line (64 MiB of "2")
// and returns its port and a function that waits for it to finish and
// returns the bytes it got out.
func HostileSMTPForTest(t testing.TB) (string, func() int64) {
	s := startHostile(t, 1, func(c net.Conn) int64 { return flood(c, "220 ", "2", hostileBudget) })
	return s.port, func() int64 { return s.total(t) }
}

// readRequest reads an HTTP request head (up to the blank line).
func readRequest(c net.Conn) error {
	for {
		line, err := readLine(c)
		if err != nil {
			return err
		}
		if strings.TrimRight(line, "\r") == "" {
			return nil
		}
	}
}

func TestHostileHTTP(t *testing.T) {
	get := func(t *testing.T, port string, timeoutMs int64, headers map[string][]string) (wire.HTTPResponse, []byte) {
		t.Helper()
		var resp wire.HTTPResponse
		raw := invoke(t, callCtx(cfgWith(WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", port))))), httpHostFunc,
			wire.HTTPRequest{URL: "http://127.0.0.1:" + port + "/", Headers: headers, Context: wire.Context{TimeoutMs: timeoutMs}}, &resp)
		return resp, raw
	}
	serveAfterRequest := func(write func(c net.Conn) int64) func(c net.Conn) int64 {
		return func(c net.Conn) int64 {
			if readRequest(c) != nil {
				return 0
			}
			return write(c)
		}
	}
	for _, tc := range []struct{ name, prefix, fill string }{
		{"endless header line", "HTTP/1.1 200 OK\r\nX-Long: ", "a"},
		{"endless header lines", "HTTP/1.1 200 OK\r\n", "X-Many: b\r\n"},
		{"endless status line", "HTTP/1.1 200 ", "O"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startHostile(t, 1, serveAfterRequest(func(c net.Conn) int64 { return flood(c, tc.prefix, tc.fill, hostileBudget) }))
			var resp wire.HTTPResponse
			alloc := allocated(func() { resp, _ = get(t, s.port, 20000, nil) })
			checkBounded(t, tc.name, s.total(t), alloc)
			wantErrCode(t, resp.Error, entities.ErrorTypeNetwork, wire.CodeResponseTooLarge)
			if !strings.Contains(resp.Error.Message, "65536") {
				t.Fatalf("the error should name the limit: %q", resp.Error.Message)
			}
		})
	}
	t.Run("endless body", func(t *testing.T) {
		if testing.Short() {
			t.Skip("reads and encodes 10 MiB; runs without -short")
		}
		s := startHostile(t, 1, serveAfterRequest(func(c net.Conn) int64 {
			return flood(c, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n", "\x00", hostileBudget)
		}))
		resp, raw := get(t, s.port, 20000, nil)
		written := s.total(t)
		t.Logf("endless body: server wrote %d bytes, response %d bytes", written, len(raw))
		testkit.WantNoError(t, resp.Error)
		if !resp.BodyTruncated || len(resp.Body) != MaxHTTPBodyBytes || len(raw) > wire.MaxHTTPResponseBytes || written > MaxHTTPBodyBytes+hostileBound {
			t.Fatalf("body %d bytes, truncated %v, response %d bytes, server wrote %d", len(resp.Body), resp.BodyTruncated, len(raw), written)
		}
	})
	t.Run("decompression bomb", func(t *testing.T) {
		if testing.Short() {
			t.Skip("reads and encodes 10 MiB; runs without -short")
		}
		// 16 MiB of zeros in about 16 KiB of gzip: the host stops at
		// MaxHTTPBodyBytes of decompressed body.
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(make([]byte, 16<<20))
		zw.Close()
		bomb := gz.Bytes()
		s := startHostile(t, 1, serveAfterRequest(func(c net.Conn) int64 {
			n, _ := fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", len(bomb))
			m, _ := c.Write(bomb)
			return int64(n + m)
		}))
		resp, raw := get(t, s.port, 20000, nil)
		s.total(t)
		testkit.WantNoError(t, resp.Error)
		if !resp.BodyTruncated || len(resp.Body) != MaxHTTPBodyBytes || len(raw) > wire.MaxHTTPResponseBytes {
			t.Fatalf("body %d bytes, truncated %v, response %d bytes", len(resp.Body), resp.BodyTruncated, len(raw))
		}
	})
	t.Run("slow drip", func(t *testing.T) {
		s := startHostile(t, 1, serveAfterRequest(func(c net.Conn) int64 {
			return drip(c, []byte("HTTP/1.1 200 OK\r\nX-Slow: "+strings.Repeat("z", 200)), 20*time.Millisecond)
		}))
		start := time.Now()
		resp, _ := get(t, s.port, 300, nil)
		if el := time.Since(start); el > 3*time.Second {
			t.Fatalf("the deadline did not cut the drip short: %v", el)
		}
		wantErrCode(t, resp.Error, entities.ErrorTypeTimeout, "TIMEOUT")
		s.total(t)
	})
	t.Run("headers within the limit", func(t *testing.T) {
		v := strings.Repeat("v", MaxHTTPHeaderBytes/2)
		s := startHostile(t, 1, serveAfterRequest(func(c net.Conn) int64 {
			n, _ := fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nX-Big: %s\r\nContent-Length: 2\r\n\r\nok", v)
			return int64(n)
		}))
		resp, _ := get(t, s.port, 5000, nil)
		s.total(t)
		testkit.WantNoError(t, resp.Error)
		if resp.Headers["X-Big"][0] != v || string(resp.Body) != "ok" {
			t.Fatalf("response %d %v", resp.StatusCode, resp.Error)
		}
	})
}

func TestHostileTLS(t *testing.T) {
	// A record announcing a 16 MiB ServerHello, then endless bytes.
	hugeHello := string([]byte{22, 3, 3, 0x40, 0x00, 2, 0xff, 0xff, 0xff})
	tcp := func(t *testing.T, port string, timeoutMs int64) wire.TCPResponse {
		t.Helper()
		var resp wire.TCPResponse
		invoke(t, callCtx(cfgWith(WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", port))))), tcpHostFunc,
			wire.TCPRequest{Host: "127.0.0.1", Port: port, TLS: true, TimeoutMs: timeoutMs}, &resp)
		return resp
	}
	t.Run("huge handshake message", func(t *testing.T) {
		s := startHostile(t, 2, func(c net.Conn) int64 { return flood(c, hugeHello, "\x00", hostileBudget) })
		var resp wire.TCPResponse
		alloc := allocated(func() { resp = tcp(t, s.port, 20000) })
		var sresp wire.SMTPResponse
		alloc += allocated(func() {
			invoke(t, callCtx(cfgWith(WithGrants(testkit.NetGrant(testkit.NetRule("127.0.0.1", s.port))))), smtpHostFunc,
				wire.SMTPRequest{Host: "127.0.0.1", Port: s.port, TLS: true, TimeoutMs: 20000}, &sresp)
		})
		checkBounded(t, "huge handshake message", s.total(t), alloc)
		for _, d := range []*entities.ErrorDetail{resp.Error, sresp.Error} {
			if d == nil || d.Type != entities.ErrorTypeNetwork || !strings.Contains(d.Message, "exceeds maximum") {
				t.Fatalf("want a network error about the handshake message's size, got %+v", d)
			}
		}
		if resp.Connected || resp.TLS {
			t.Fatalf("response %+v", resp)
		}
	})
	t.Run("slow drip", func(t *testing.T) {
		s := startHostile(t, 1, func(c net.Conn) int64 {
			return drip(c, []byte{22, 3, 3, 0, 200, 2, 0, 0, 196}, 100*time.Millisecond)
		})
		start := time.Now()
		resp := tcp(t, s.port, 300)
		if el := time.Since(start); el > 3*time.Second {
			t.Fatalf("the deadline did not cut the drip short: %v", el)
		}
		wantErrCode(t, resp.Error, entities.ErrorTypeTimeout, "TIMEOUT")
		s.total(t)
	})
}

// hostileDNS serves one name server on 127.0.0.1, UDP and TCP on the same
// port: over UDP it answers every query with an empty, truncated reply (so
// the resolver retries over TCP), over TCP it runs tcp on up to conns
// connections after reading the query.
func hostileDNS(t *testing.T, conns int, tcp func(c net.Conn, query []byte) int64) *hostileServer {
	t.Helper()
	var s *hostileServer
	var pc net.PacketConn
	for i := 0; i < 10 && pc == nil; i++ {
		s = startHostile(t, conns, func(c net.Conn) int64 {
			var n [2]byte
			if _, err := io.ReadFull(c, n[:]); err != nil {
				return 0
			}
			q := make([]byte, int(n[0])<<8|int(n[1]))
			if _, err := io.ReadFull(c, q); err != nil {
				return 0
			}
			return tcp(c, q)
		})
		pc, _ = net.ListenPacket("udp", "127.0.0.1:"+s.port)
	}
	if pc == nil {
		t.Fatal("no UDP port next to the TCP one")
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for i := 0; i < 50; i++ {
			n, addr, err := pc.ReadFrom(buf)
			if err != nil || n < 12 {
				return
			}
			resp := append([]byte(nil), buf[:n]...)
			resp[2] |= 0x80 | 0x02 // QR, TC
			pc.WriteTo(resp, addr)
		}
	}()
	return s
}

// bigTXT answers query with as many 255-byte TXT records of every byte
// value (NUL, quotes, invalid UTF-8) as fit in one DNS message.
func bigTXT(t *testing.T, query []byte) []byte {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		t.Error(err)
		return nil
	}
	q, err := p.Question()
	if err != nil {
		t.Error(err)
		return nil
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true, RecursionDesired: h.RecursionDesired})
	b.EnableCompression()
	b.StartQuestions()
	b.Question(q)
	b.StartAnswers()
	txt := make([]byte, 255)
	for i := range txt {
		txt[i] = byte(i)
	}
	for i := 0; i < 240; i++ { // 240 * (12 + 256) bytes < 65535
		b.TXTResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}, dnsmessage.TXTResource{TXT: []string{string(txt)}})
	}
	out, err := b.Finish()
	if err != nil {
		t.Error(err)
	}
	return out
}

func TestHostileDNS(t *testing.T) {
	lookup := func(t *testing.T, port, typ string, timeoutMs int64) (wire.DNSResponse, []byte) {
		t.Helper()
		var resp wire.DNSResponse
		g := testkit.NetGrant(testkit.NetRule("127.0.0.1", port), testkit.NetRule("big.test", "53"))
		raw := invoke(t, callCtx(cfgWith(WithGrants(g))), dnsHostFunc,
			wire.DNSRequest{Hostname: "big.test", Type: typ, Nameserver: "127.0.0.1:" + port, Context: wire.Context{TimeoutMs: timeoutMs}}, &resp)
		return resp, raw
	}
	t.Run("largest answer, binary TXT", func(t *testing.T) {
		s := hostileDNS(t, 1, func(c net.Conn, q []byte) int64 {
			m := bigTXT(t, q)
			n, _ := c.Write(append([]byte{byte(len(m) >> 8), byte(len(m))}, m...))
			// Then more than the message said: never read.
			return int64(n) + flood(c, "", "\x00", hostileBudget)
		})
		var resp wire.DNSResponse
		var raw []byte
		alloc := allocated(func() { resp, raw = lookup(t, s.port, "TXT", 20000) })
		checkBounded(t, "largest answer", s.total(t), alloc)
		testkit.WantNoError(t, resp.Error)
		if len(resp.Records) != 240 || len(raw) > wire.MaxSmallResponseBytes || !utf8.ValidString(resp.Records[0]) {
			t.Fatalf("%d records in a %d-byte response", len(resp.Records), len(raw))
		}
		t.Logf("%d TXT records, response %d bytes", len(resp.Records), len(raw))
	})
	t.Run("slow drip", func(t *testing.T) {
		s := hostileDNS(t, 4, func(c net.Conn, q []byte) int64 {
			return drip(c, []byte{0xff, 0xff, q[0], q[1], 0x81, 0x80, 0, 1}, 100*time.Millisecond)
		})
		start := time.Now()
		resp, _ := lookup(t, s.port, "A", 300)
		if el := time.Since(start); el > 3*time.Second {
			t.Fatalf("the deadline did not cut the drip short: %v", el)
		}
		wantErrCode(t, resp.Error, entities.ErrorTypeTimeout, "TIMEOUT")
	})
}

// TestHostileConcurrent: host functions serving hostile peers from several
// goroutines at once stay bounded and answer each caller (CI runs it with
// -race).
func TestHostileConcurrent(t *testing.T) {
	const workers, rounds = 8, 3
	head := tool(t, "head")
	smtpSrv := startHostile(t, workers*rounds, func(c net.Conn) int64 { return flood(c, "220 ", "2", hostileBudget) })
	httpSrv := startHostile(t, workers*rounds, func(c net.Conn) int64 {
		if readRequest(c) != nil {
			return 0
		}
		return flood(c, "HTTP/1.1 200 OK\r\nX-Long: ", "a", hostileBudget)
	})
	g := testkit.NetGrant(testkit.NetRule("127.0.0.1", smtpSrv.port), testkit.NetRule("127.0.0.1", httpSrv.port))
	g.Exec = &entities.ExecCapability{Commands: []string{head}}
	ctx := callCtx(cfgWith(WithGrants(g)))
	errs := make(chan string, workers*rounds*3)
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := 0; i < rounds; i++ {
				var s wire.SMTPResponse
				b, _ := json.Marshal(wire.SMTPRequest{Host: "127.0.0.1", Port: smtpSrv.port, TimeoutMs: 20000})
				json.Unmarshal(smtpHostFunc(ctx, b), &s)
				if s.Error == nil || s.Error.Code != wire.CodeResponseTooLarge {
					errs <- fmt.Sprintf("smtp: %+v", s.Error)
				}
				var h wire.HTTPResponse
				b, _ = json.Marshal(wire.HTTPRequest{URL: "http://127.0.0.1:" + httpSrv.port + "/", Context: wire.Context{TimeoutMs: 20000}})
				json.Unmarshal(httpHostFunc(ctx, b), &h)
				if h.Error == nil || h.Error.Code != wire.CodeResponseTooLarge {
					errs <- fmt.Sprintf("http: %+v", h.Error)
				}
				var e wire.ExecResponse
				b, _ = json.Marshal(wire.ExecRequest{Command: head, Args: []string{"-c", "100000", "/dev/urandom"}})
				json.Unmarshal(execHostFunc(ctx, b), &e)
				if e.Error != nil || e.StdoutTruncated || !utf8.ValidString(e.Stdout) || len(e.Stdout) < 100000 {
					errs <- fmt.Sprintf("exec: %+v, %d bytes", e.Error, len(e.Stdout))
				}
			}
		}()
	}
	for w := 0; w < workers; w++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	written := smtpSrv.total(t) + httpSrv.total(t)
	t.Logf("%d hostile connections: servers wrote %d bytes", 2*workers*rounds, written)
	if written > 2*workers*rounds*hostileBound/4 {
		t.Errorf("servers got %d bytes out over %d connections", written, 2*workers*rounds)
	}
}

// TestHostileExecEndless: a command that prints without end is stopped at
// the deadline, and the host kept at most its bound of the output.
func TestHostileExecEndless(t *testing.T) {
	yes := tool(t, "yes")
	start := time.Now()
	var resp wire.ExecResponse
	raw := invoke(t, callCtx(cfgWith(WithGrants(execGrant(yes)))), execHostFunc,
		wire.ExecRequest{Command: yes, Args: []string{}, Context: wire.Context{TimeoutMs: 300}}, &resp)
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("the deadline did not stop the command: %v", el)
	}
	wantErrCode(t, resp.Error, entities.ErrorTypeTimeout, "TIMEOUT")
	if !resp.IsTimeout || len(resp.Stdout) > MaxExecOutputBytes || len(raw) > wire.MaxExecResponseBytes || !strings.HasPrefix(resp.Stdout, "y\ny\n") {
		t.Fatalf("timeout %v, %d bytes of stdout, response %d bytes", resp.IsTimeout, len(resp.Stdout), len(raw))
	}
	if b, _ := marshalResponse(resp.Stdout); len(b)-2 > MaxExecOutputJSONBytes {
		t.Fatalf("stdout encodes to %d bytes", len(b)-2)
	}
	t.Logf("yes for 300 ms: %d bytes kept, truncated %v", len(resp.Stdout), resp.StdoutTruncated)
}
