package net

import (
	"math"
	"time"
)

// TLSFacts describes a TLS handshake a TCP or SMTP check made: the
// negotiated version and cipher suite, the name (or IP) the certificate was
// checked against, the leaf certificate, and, when the certificate failed
// verification, why (the local host reports the certificate all the same).
type TLSFacts struct {
	TLSVersion           string `json:"tls_version,omitempty"`
	TLSCipherSuite       string `json:"tls_cipher_suite,omitempty"`
	TLSServerName        string `json:"tls_server_name,omitempty"`
	TLSCertSubject       string `json:"tls_cert_subject,omitempty"`
	TLSCertIssuer        string `json:"tls_cert_issuer,omitempty"`
	TLSCertNotAfter      string `json:"tls_cert_not_after,omitempty"`
	TLSCertDaysRemaining *int   `json:"tls_cert_days_remaining,omitempty"`
	TLSVerifyError       string `json:"tls_verify_error,omitempty"`
}

// certFacts fills the certificate fields: not_after in RFC 3339 and the
// whole days remaining until it (negative once expired).
func (f *TLSFacts) certFacts(subject, issuer string, notAfter time.Time, now time.Time) {
	f.TLSCertSubject, f.TLSCertIssuer = subject, issuer
	if notAfter.IsZero() {
		return
	}
	f.TLSCertNotAfter = notAfter.UTC().Format(time.RFC3339)
	days := int(math.Floor(notAfter.Sub(now).Hours() / 24))
	f.TLSCertDaysRemaining = &days
}
