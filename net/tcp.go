package net

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/application/plugin"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// TCPConfig is the config of the TCP check: the Reglet tcp plugin's fields,
// plus min_days_valid.
type TCPConfig struct {
	Host               string `json:"host" jsonschema:"required,minLength=1,description=Host name or IP address"`
	Port               int    `json:"port" jsonschema:"required,minimum=1,maximum=65535,description=TCP port"`
	TimeoutMs          int    `json:"timeout_ms,omitempty" jsonschema:"minimum=1,maximum=600000,default=10000,description=Milliseconds before the connection attempt is abandoned"`
	TLS                bool   `json:"tls,omitempty" jsonschema:"description=Make a TLS handshake and report the certificate"`
	ExpectedTLSVersion string `json:"expected_tls_version,omitempty" jsonschema:"description=TLS version the handshake must negotiate (TLS 1.2 or TLS 1.3)"`
	MinDaysValid       int    `json:"min_days_valid,omitempty" jsonschema:"minimum=0,description=With tls: fail when the certificate expires in fewer days"`
}

// TCPResult is what the TCP check observed.
type TCPResult struct {
	Connected      bool   `json:"connected"`
	Address        string `json:"address"`
	RemoteAddr     string `json:"remote_addr,omitempty"`
	LocalAddr      string `json:"local_addr,omitempty"`
	ResponseTimeMs int64  `json:"response_time_ms"`
	TLS            bool   `json:"tls"`
	TLSFacts
}

// CheckTCP connects to in.Host:in.Port, with a TLS handshake when in.TLS.
// A certificate that fails verification, a TLS version other than
// expected_tls_version and a certificate expiring within min_days_valid
// are failures, reported with the certificate; a connection that cannot be
// made (refused, timed out, denied) is the host's error, returned as is.
func CheckTCP(ctx context.Context, in *TCPConfig, opts ...Option) (*TCPResult, error) {
	o := apply(opts)
	if in == nil || in.Host == "" {
		return nil, configError(fmt.Errorf("host: required field is missing"))
	}
	if in.Port < 1 || in.Port > 65535 {
		return nil, configError(fmt.Errorf("port: must be from 1 to 65535, got %d", in.Port))
	}
	timeout := time.Duration(in.TimeoutMs) * time.Millisecond
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	d, err := client(ctx, o.tcp, "net.WithTCPDialer")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	port := strconv.Itoa(in.Port)
	var conn *ports.TCPConnection
	if in.TLS {
		conn, err = d.DialSecure(ctx, in.Host, port, timeout)
	} else {
		conn, err = d.DialWithTimeout(ctx, in.Host, port, timeout)
	}
	if err != nil {
		return nil, err
	}
	out := &TCPResult{Connected: conn.Connected, Address: conn.Address, RemoteAddr: conn.RemoteAddr, LocalAddr: conn.LocalAddr,
		ResponseTimeMs: ms(conn.ResponseTime), TLS: conn.TLS}
	where := in.Host + ":" + port
	if in.TLS {
		out.TLSFacts = TLSFacts{TLSVersion: conn.TLSVersion, TLSCipherSuite: conn.TLSCipherSuite, TLSServerName: conn.TLSServerName,
			TLSVerifyError: conn.TLSVerifyError}
		out.certFacts(conn.TLSCertSubject, conn.TLSCertIssuer, conn.TLSCertNotAfter, time.Now())
	}
	switch {
	case conn.TLSVerifyError != "":
		return out, plugin.Failf("%s: TLS certificate not valid: %s", where, conn.TLSVerifyError)
	case !conn.Connected:
		return out, plugin.Failf("%s did not accept the connection", where)
	case in.TLS && in.ExpectedTLSVersion != "" && conn.TLSVersion != in.ExpectedTLSVersion:
		return out, plugin.Failf("%s negotiated %s, want %s", where, conn.TLSVersion, in.ExpectedTLSVersion)
	case in.TLS && in.MinDaysValid > 0 && out.TLSCertDaysRemaining != nil && *out.TLSCertDaysRemaining < in.MinDaysValid:
		return out, plugin.Failf("%s certificate expires in %d days, want at least %d", where, *out.TLSCertDaysRemaining, in.MinDaysValid)
	}
	return out, nil
}

// RunTCPCheck is CheckTCP for a config map (the keys of TCPConfig,
// validated against its schema; a port may also be a decimal string).
func RunTCPCheck(ctx context.Context, cfg map[string]any, opts ...Option) (*entities.Result, error) {
	in, err := decode[TCPConfig](cfg)
	if err != nil {
		return nil, err
	}
	out, err := CheckTCP(ctx, in, opts...)
	if out == nil {
		return nil, err
	}
	msg := fmt.Sprintf("%s:%d accepts connections", in.Host, in.Port)
	if in.TLS {
		msg = fmt.Sprintf("%s:%d accepts TLS (%s)", in.Host, in.Port, out.TLSVersion)
	}
	return result(out, msg, err)
}
