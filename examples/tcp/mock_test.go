package main

import (
	"context"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/ports"
)

// mockConn is a ports.TCPDialer whose every dial reports these facts.
type mockConn struct {
	Connected   bool
	Address     string
	TLS         bool
	TLSVersion  string
	CertSubject string
	NotAfter    time.Time
	VerifyError string
}

func (m *mockConn) conn() *ports.TCPConnection {
	return &ports.TCPConnection{Connected: m.Connected, Address: m.Address, TLS: m.TLS, TLSVersion: m.TLSVersion,
		TLSCertSubject: m.CertSubject, TLSCertNotAfter: m.NotAfter, TLSVerifyError: m.VerifyError}
}

func (m *mockConn) Dial(context.Context, string, string) (*ports.TCPConnection, error) {
	return m.conn(), nil
}
func (m *mockConn) DialWithTimeout(context.Context, string, string, time.Duration) (*ports.TCPConnection, error) {
	return m.conn(), nil
}
func (m *mockConn) DialSecure(context.Context, string, string, time.Duration) (*ports.TCPConnection, error) {
	return m.conn(), nil
}
