package host

import (
	"math/rand"
	"net"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
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
	s := &hostileServer{port: portOf(t, ln.Addr().String()), done: make(chan struct{})}
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
		return doSMTP(t, netGrant(rule("127.0.0.1", port)), wire.SMTPRequest{Host: "127.0.0.1", Port: port, StartTLS: starttls, TimeoutMs: timeoutMs})
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
		wantNoError(t, resp.Error)
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
			wantNoError(t, resp.Error)
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
