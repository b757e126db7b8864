package hostclient

// All returns one host-backed client per port, using Default.
func All() []any {
	return []any{HTTPClient{}, DNSResolver{}, TCPDialer{}, SMTPClient{}, CommandRunner{}}
}
