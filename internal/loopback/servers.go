package loopback

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// connDeadline bounds every connection a server serves.
const connDeadline = 5 * time.Second

// Server is a running loopback server.
type Server struct {
	// Addr is its address, 127.0.0.1:port.
	Addr string
	// Port is the port alone.
	Port   string
	closer func() error
	wg     sync.WaitGroup
}

// Close stops the server and waits for its connections to end.
func (s *Server) Close() error {
	err := s.closer()
	s.wg.Wait()
	return err
}

// Serve listens on 127.0.0.1 and serves each connection with handle, on
// its own goroutine, with a deadline on the connection, closing it when
// handle returns. It is the accept loop of every TCP server here and of the
// tests' own (internal/testkit.Serve).
func Serve(handle func(net.Conn)) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("loopback: %w", err)
	}
	s := &Server{Addr: ln.Addr().String(), closer: ln.Close}
	_, s.Port, _ = net.SplitHostPort(s.Addr)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(connDeadline))
				handle(c)
			}()
		}
	}()
	return s, nil
}

// TCP serves a port that accepts connections, with TLS when cfg is not nil
// (a failed handshake just ends the connection), and holds each until the
// client closes it.
func TCP(cfg *tls.Config) (*Server, error) {
	return Serve(func(c net.Conn) {
		if cfg != nil {
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			c = tc
		}
		buf := make([]byte, 512)
		for {
			if _, err := c.Read(buf); err != nil {
				return
			}
		}
	})
}

// SMTP describes a mail server.
type SMTP struct {
	// Banner is the greeting, default "220 mx.loopback.test ESMTP ready".
	Banner string
	// TLS is the server's certificate config: offered with STARTTLS, or
	// from the first byte with Implicit. Nil: no TLS, STARTTLS not offered.
	TLS      *tls.Config
	Implicit bool
	// NoStartTLS keeps STARTTLS out of the EHLO answer even with TLS set.
	NoStartTLS bool
}

// Start runs the mail server. It speaks just enough SMTP for a probe: the
// banner, EHLO (offering STARTTLS when it has TLS), STARTTLS and QUIT.
func (m SMTP) Start() (*Server, error) {
	banner := m.Banner
	if banner == "" {
		banner = "220 mx.loopback.test ESMTP ready"
	}
	return Serve(func(c net.Conn) {
		if m.Implicit && m.TLS != nil {
			tc := tls.Server(c, m.TLS)
			if tc.Handshake() != nil {
				return
			}
			c = tc
		}
		fmt.Fprintf(c, "%s\r\n", banner)
		r := bufio.NewReader(c)
		for n := 0; n < 20; n++ {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				if m.TLS != nil && !m.Implicit && !m.NoStartTLS {
					fmt.Fprintf(c, "250-mx.loopback.test\r\n250-8BITMIME\r\n250 STARTTLS\r\n")
				} else {
					fmt.Fprintf(c, "250-mx.loopback.test\r\n250 8BITMIME\r\n")
				}
			case cmd == "STARTTLS" && m.TLS != nil && !m.Implicit && !m.NoStartTLS:
				fmt.Fprintf(c, "220 go ahead\r\n")
				tc := tls.Server(c, m.TLS)
				if tc.Handshake() != nil {
					return
				}
				c, r = tc, bufio.NewReader(tc)
			case cmd == "QUIT":
				fmt.Fprintf(c, "221 bye\r\n")
				return
			default:
				fmt.Fprintf(c, "502 command not implemented\r\n")
			}
		}
	})
}
