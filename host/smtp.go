package host

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// newSMTPReader buffers a connection for smtpReply: the buffer is the
// longest line the host accepts, so a line that does not fit is refused
// without reading further.
func newSMTPReader(r io.Reader) *bufio.Reader {
	return bufio.NewReaderSize(r, MaxSMTPLineBytes)
}

// smtpReply reads one (possibly multi-line) SMTP reply and returns its code
// and its raw lines ("220 mx.example.com ESMTP"). It reads at most
// MaxSMTPReplyBytes in at most MaxSMTPReplyLines lines of at most
// MaxSMTPLineBytes each; r must come from newSMTPReader.
func smtpReply(r *bufio.Reader) (int, []string, error) {
	var lines []string
	total := 0
	for {
		raw, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return 0, lines, tooLarge("SMTP reply line longer than the host's limit of %d bytes", MaxSMTPLineBytes)
		}
		if err != nil {
			return 0, lines, err
		}
		if total += len(raw); total > MaxSMTPReplyBytes {
			return 0, lines, tooLarge("SMTP reply longer than the host's limit of %d bytes", MaxSMTPReplyBytes)
		}
		line := strings.TrimRight(string(raw), "\r\n")
		lines = append(lines, line)
		if len(line) < 3 {
			return 0, lines, fmt.Errorf("malformed SMTP reply %q", line)
		}
		var code int
		if _, err := fmt.Sscanf(line[:3], "%d", &code); err != nil {
			return 0, lines, fmt.Errorf("malformed SMTP reply %q", line)
		}
		if len(line) == 3 || line[3] != '-' {
			return code, lines, nil
		}
		if len(lines) >= MaxSMTPReplyLines {
			return 0, lines, tooLarge("SMTP reply longer than the host's limit of %d lines", MaxSMTPReplyLines)
		}
	}
}

func serveSMTP(ctx context.Context, hc *hostCall, req *wire.SMTPRequest) any {
	resp := &wire.SMTPResponse{}
	if resp.Error = checkEndpoint("smtp_connect", req.Host, req.Port); resp.Error != nil {
		return resp
	}
	if req.TLS && req.StartTLS {
		resp.Error = validationErr("smtp_connect: tls (implicit TLS) and starttls are exclusive")
		return resp
	}
	host := normHost(req.Host)
	resp.Address = net.JoinHostPort(host, req.Port)
	ctx, cancel := callContext(ctx, req.Context, req.TimeoutMs)
	defer cancel()
	start := time.Now()
	fail := func(what string, err error) any {
		resp.ResponseTimeMs = time.Since(start).Milliseconds()
		resp.Error = classifyErr(ctx, "smtp_connect "+resp.Address+": "+what, err)
		return resp
	}
	conn, err := dialChecked(ctx, hc, host, req.Port)
	if err != nil {
		return fail("connect", err)
	}
	defer conn.Close()
	resp.Connected = true
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	// Closing the connection when ctx ends unblocks reads on cancellation.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	handshake := func(c net.Conn) (net.Conn, error) {
		tc, f, err := hc.tlsProbe(ctx, c, host)
		if err != nil {
			return nil, err
		}
		resp.TLS = true
		resp.TLSVersion, resp.TLSCipherSuite, resp.TLSServerName = f.version, f.cipher, f.serverName
		resp.TLSCertSubject, resp.TLSCertIssuer, resp.TLSCertNotAfter = f.subject, f.issuer, f.notAfter
		resp.TLSVerifyError = f.verifyErr
		return tc, nil
	}
	var rw net.Conn = conn
	if req.TLS {
		tc, err := handshake(conn)
		if err != nil {
			return fail("TLS handshake", err)
		}
		rw = tc
	}
	br := newSMTPReader(rw)
	code, lines, err := smtpReply(br)
	if err != nil {
		return fail("reading the banner", err)
	}
	resp.Banner = strings.Join(lines, "\n")
	if code != 220 {
		resp.ResponseTimeMs = time.Since(start).Milliseconds()
		resp.Error = &entities.ErrorDetail{Type: entities.ErrorTypeNetwork, Code: wire.CodeSMTPNotReady, Message: fmt.Sprintf("smtp_connect %s: server greeted with %d, not 220", resp.Address, code)}
		return resp
	}
	if req.StartTLS {
		if _, err := fmt.Fprintf(rw, "EHLO %s\r\n", ehloName); err != nil {
			return fail("EHLO", err)
		}
		code, lines, err := smtpReply(br)
		if err != nil || code != 250 {
			return fail("EHLO", replyErr(code, lines, err))
		}
		if !advertises(lines, "STARTTLS") {
			// A finding, not an error: the banner stays, tls stays false.
			resp.StartTLSNotOffered = true
			resp.ResponseTimeMs = time.Since(start).Milliseconds()
			if _, err := fmt.Fprintf(rw, "QUIT\r\n"); err == nil {
				rw.SetReadDeadline(time.Now().Add(SMTPQuitTimeout))
				smtpReply(br)
			}
			return resp
		}
		if _, err := fmt.Fprintf(rw, "STARTTLS\r\n"); err != nil {
			return fail("STARTTLS", err)
		}
		code, lines, err = smtpReply(br)
		if err != nil || code != 220 {
			return fail("STARTTLS", replyErr(code, lines, err))
		}
		tc, err := handshake(conn)
		if err != nil {
			return fail("STARTTLS handshake", err)
		}
		rw = tc
		br = newSMTPReader(rw)
	}
	if resp.TLSVerifyError != "" {
		// The certificate failed verification: reported, not connected.
		resp.Connected = false
	}
	resp.ResponseTimeMs = time.Since(start).Milliseconds()
	// Say goodbye politely; the answer does not matter.
	if _, err := fmt.Fprintf(rw, "QUIT\r\n"); err == nil {
		rw.SetReadDeadline(time.Now().Add(SMTPQuitTimeout))
		smtpReply(br)
	}
	return resp
}

// ehloName is the name the host introduces itself with.
const ehloName = "reglet.localhost"

func advertises(lines []string, ext string) bool {
	for _, l := range lines[1:] {
		if len(l) > 4 && strings.EqualFold(strings.Fields(l[4:] + " x")[0], ext) {
			return true
		}
	}
	return false
}

func replyErr(code int, lines []string, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("unexpected reply %d: %s", code, strings.Join(lines, " / "))
}
