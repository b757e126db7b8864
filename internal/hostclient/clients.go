package hostclient

// All returns one host-backed client per port, using Default.
func All() []any {
	return []any{httpClient{}, DNSResolver{}, tcpDialer{}, smtpClient{}, commandRunner{}}
}
