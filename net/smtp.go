package net

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// SMTPConfig is the config of the SMTP check: the Reglet smtp plugin's
// fields, plus expected_banner_contains.
type SMTPConfig struct {
	Host                   string `json:"host" jsonschema:"required,minLength=1,description=Mail server host name or IP address"`
	Port                   int    `json:"port,omitempty" jsonschema:"minimum=1,maximum=65535,default=25,description=SMTP port"`
	TimeoutMs              int    `json:"timeout_ms,omitempty" jsonschema:"minimum=1,maximum=600000,default=10000,description=Milliseconds for the whole exchange"`
	TLS                    bool   `json:"tls,omitempty" jsonschema:"excludes=starttls,description=Implicit TLS from the first byte (port 465 style); not with starttls"`
	StartTLS               bool   `json:"starttls,omitempty" jsonschema:"description=Upgrade the connection with STARTTLS after EHLO"`
	ExpectedBannerContains string `json:"expected_banner_contains,omitempty" jsonschema:"description=Text the banner must contain"`
}

// SMTPResult is what the SMTP check observed.
type SMTPResult struct {
	Connected          bool   `json:"connected"`
	Address            string `json:"address"`
	Banner             string `json:"banner"`
	ResponseTimeMs     int64  `json:"response_time_ms"`
	TLS                bool   `json:"tls"`
	StartTLSNotOffered bool   `json:"starttls_not_offered,omitempty"`
	TLSFacts
}

// CheckSMTP connects to the mail server, reads its banner and, when asked,
// makes TLS (implicit or STARTTLS). A STARTTLS the server does not offer,
// a certificate that fails verification and a banner without
// expected_banner_contains are failures reported with the banner; a
// connection that cannot be made is the host's error, returned as is.
func CheckSMTP(ctx context.Context, in *SMTPConfig, opts ...Option) (*SMTPResult, error) {
	o := apply(opts)
	if in == nil || in.Host == "" {
		return nil, configError(fmt.Errorf("host: required field is missing"))
	}
	if in.TLS && in.StartTLS {
		return nil, configError(fmt.Errorf("tls and starttls exclude each other"))
	}
	port := in.Port
	if port == 0 {
		port = 25
	}
	if port < 1 || port > 65535 {
		return nil, configError(fmt.Errorf("port: must be from 1 to 65535, got %d", in.Port))
	}
	timeout := time.Duration(in.TimeoutMs) * time.Millisecond
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	c, err := client(ctx, o.smtp, "net.WithSMTPClient")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	p := strconv.Itoa(port)
	conn, err := c.Connect(ctx, ports.SMTPRequest{Host: in.Host, Port: p, Timeout: timeout, TLS: in.TLS, StartTLS: in.StartTLS})
	if err != nil {
		return nil, err
	}
	out := &SMTPResult{Connected: conn.Connected, Address: conn.Address, Banner: conn.Banner, ResponseTimeMs: ms(conn.ResponseTime),
		TLS: conn.TLS, StartTLSNotOffered: conn.StartTLSNotOffered}
	if conn.TLS || conn.TLSVerifyError != "" {
		out.TLSFacts = TLSFacts{TLSVersion: conn.TLSVersion, TLSCipherSuite: conn.TLSCipherSuite, TLSServerName: conn.TLSServerName,
			TLSVerifyError: conn.TLSVerifyError}
		out.certFacts(conn.TLSCertSubject, conn.TLSCertIssuer, conn.TLSCertNotAfter, time.Now())
	}
	where := "SMTP " + in.Host + ":" + p
	switch {
	case conn.TLSVerifyError != "":
		return out, plugin.Failf("%s: TLS certificate not valid: %s", where, conn.TLSVerifyError)
	case conn.StartTLSNotOffered:
		return out, plugin.Failf("%s does not offer STARTTLS", where)
	case !conn.Connected:
		return out, plugin.Failf("%s did not answer", where)
	case (in.TLS || in.StartTLS) && !conn.TLS:
		return out, plugin.Failf("%s did not negotiate TLS", where)
	case in.ExpectedBannerContains != "" && !strings.Contains(conn.Banner, in.ExpectedBannerContains):
		return out, plugin.Failf("%s banner %q does not contain %q", where, conn.Banner, in.ExpectedBannerContains)
	}
	return out, nil
}

// RunSMTPCheck is CheckSMTP for a config map (the keys of SMTPConfig,
// validated against its schema; a port may also be a decimal string).
func RunSMTPCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	in, err := decode[SMTPConfig](cfg)
	if err != nil {
		return nil, err
	}
	out, err := CheckSMTP(ctx, in, opts...)
	if out == nil {
		return nil, err
	}
	return result(out, fmt.Sprintf("SMTP %s: %s", out.Address, out.Banner), err)
}
