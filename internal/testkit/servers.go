package testkit

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// PortOf returns the port of a host:port address.
func PortOf(t testing.TB, addr string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// StartHTTP serves EchoHandler on 127.0.0.1, with TLS when cfg is set,
// until the test ends.
func StartHTTP(t testing.TB, cfg *tls.Config) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(EchoHandler())
	if cfg != nil {
		srv.TLS = cfg
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return srv
}

// EchoHandler serves /echo (answers 201 with the request body and the
// method and X-Test header echoed as X-Method and X-Got-Header), /slow
// (3 s or until the client gives up), /big (11 MiB), /loop (redirects to
// itself) and /ok.
func EchoHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Method", r.Method)
		w.Header().Set("X-Got-Header", r.Header.Get("X-Test"))
		w.WriteHeader(http.StatusCreated)
		w.Write(body)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
		w.Write([]byte("late"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for i := 0; i < 11; i++ {
			w.Write(chunk)
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	return mux
}

// Serve accepts TCP connections on 127.0.0.1 until the test ends and runs
// handle for each on its own goroutine, with a 5 s deadline on the
// connection, closing it when handle returns. It is the accept loop of
// every TCP server here; hostile-peer tests pass their own handle.
func Serve(t testing.TB, handle func(c net.Conn)) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				handle(c)
			}()
		}
	}()
	return ln
}

// StartTCP accepts connections on 127.0.0.1 (with TLS when cfg is set) and
// completes the handshake before closing them.
func StartTCP(t testing.TB, cfg *tls.Config) (net.Listener, string) {
	t.Helper()
	ln := Serve(t, func(c net.Conn) {
		if cfg != nil {
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			c = tc
		}
		buf := make([]byte, 1)
		c.Read(buf) // until the client closes
	})
	return ln, PortOf(t, ln.Addr().String())
}

// SMTPServer is a tiny SMTP server: a (multi-line) 220 banner, EHLO
// advertising STARTTLS when it can, STARTTLS, QUIT.
type SMTPServer struct {
	// TLS is the server's TLS config; nil means no STARTTLS.
	TLS *tls.Config
	// Implicit makes it speak TLS from the first byte.
	Implicit bool
	// NoStartTLS hides STARTTLS from EHLO even with TLS set.
	NoStartTLS bool
	// Banner replaces the default greeting (without the final CRLF).
	Banner string
}

// Start serves on 127.0.0.1 until the test ends and returns the port.
func (s SMTPServer) Start(t testing.TB) string {
	t.Helper()
	return PortOf(t, Serve(t, s.serve).Addr().String())
}

func (s SMTPServer) serve(c net.Conn) {
	if s.Implicit {
		tc := tls.Server(c, s.TLS)
		if tc.Handshake() != nil {
			return
		}
		c = tc
	}
	banner := s.Banner
	if banner == "" {
		banner = "220-mx.test ESMTP ready\r\n220 no UCE"
	}
	fmt.Fprintf(c, "%s\r\n", banner)
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			if s.NoStartTLS || s.TLS == nil {
				fmt.Fprintf(c, "250-mx.test\r\n250 8BITMIME\r\n")
			} else {
				fmt.Fprintf(c, "250-mx.test\r\n250-8BITMIME\r\n250 STARTTLS\r\n")
			}
		case cmd == "STARTTLS":
			fmt.Fprintf(c, "220 go ahead\r\n")
			tc := tls.Server(c, s.TLS)
			if tc.Handshake() != nil {
				return
			}
			c = tc
			r = bufio.NewReader(c)
		case cmd == "QUIT":
			fmt.Fprintf(c, "221 bye\r\n")
			return
		default:
			fmt.Fprintf(c, "502 unknown\r\n")
		}
	}
}
