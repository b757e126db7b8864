package testkit

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/loopback"
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

// Started fails the test when a loopback server did not start, and stops
// it when the test ends.
func Started(t testing.TB) func(*loopback.Server, error) *loopback.Server {
	return func(s *loopback.Server, err error) *loopback.Server {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
}

// Serve is loopback.Serve for the test: it accepts TCP connections on
// 127.0.0.1 until the test ends and runs handle for each (5 s deadline,
// closed when handle returns). Hostile-peer tests pass their own handle.
func Serve(t testing.TB, handle func(c net.Conn)) *loopback.Server {
	t.Helper()
	return Started(t)(loopback.Serve(handle))
}

// StartTCP accepts connections on 127.0.0.1 (with TLS when cfg is set),
// completes the handshake and holds each until the client closes it. It
// returns the server (Close it to refuse connections) and its port.
func StartTCP(t testing.TB, cfg *tls.Config) (*loopback.Server, string) {
	t.Helper()
	s := Started(t)(loopback.TCP(cfg))
	return s, s.Port
}

// SMTPServer is loopback.SMTP with the tests' defaults: a two-line 220
// banner, EHLO advertising STARTTLS when it can, STARTTLS, QUIT.
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
	banner := s.Banner
	if banner == "" {
		banner = "220-mx.test ESMTP ready\r\n220 no UCE"
	}
	m := loopback.SMTP{Banner: banner, TLS: s.TLS, Implicit: s.Implicit, NoStartTLS: s.NoStartTLS}
	return Started(t)(m.Start()).Port
}
