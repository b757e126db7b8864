package host

import (
	"context"
	"crypto/x509"
	"io"
	"log/slog"
	"net"
	"os"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// HostFunc serves one reglet_host import. It receives the request JSON the
// guest sent and returns the response JSON to write back (nil for
// log_message, whose import has no result). Returning nil from a function
// that has a result makes the import return 0, "the host could not answer".
type HostFunc func(ctx context.Context, req []byte) []byte

// Option configures how one Plugin is run. Given to Load it applies to
// that plugin and overrides the Host's; given to New it is the default for
// every plugin the Host loads.
type Option func(*config)

// HostOption configures a Host; only New takes it. Every Option is a
// HostOption (a default for the Host's plugins); the runtime options,
// WithMemoryLimitPages and WithCompilationCacheDir, are HostOptions only,
// because they shape the wazero runtimes all of the Host's plugins share
// and so cannot change per Load. (wazero draws the same line between its
// RuntimeConfig and ModuleConfig.)
type HostOption interface{ applyHost(*config) }

func (o Option) applyHost(c *config) { o(c) }

// runtimeOption is a HostOption that is not an Option.
type runtimeOption func(*config)

func (o runtimeOption) applyHost(c *config) { o(c) }

type config struct {
	memoryLimitPages uint32
	cacheDir         string
	grants           entities.GrantSet
	freshInstances   bool
	noDeallocate     bool
	stdout, stderr   io.Writer
	logger           *slog.Logger
	hostFuncs        map[string]HostFunc
	maxIdle          int
	noInterrupt      bool
	rootCAs          *x509.CertPool
	extraCAs         []*x509.Certificate
	resolver         *net.Resolver
	dialect          Dialect
	// optErr is the first mistake an option found (WithClients); New and
	// Load report it.
	optErr error
}

func defaultConfig() config {
	return config{
		memoryLimitPages: DefaultMemoryLimitPages,
		stdout:           os.Stderr,
		stderr:           os.Stderr,
		logger:           slog.Default(),
		maxIdle:          4,
	}
}

// DefaultMemoryLimitPages is the default cap on a plugin's linear memory:
// 2048 pages of 64 KiB, 128 MiB. The SDK's own 100 MB allocation limit fits
// under it.
const DefaultMemoryLimitPages = 2048

// WithMemoryLimitPages caps each instance's linear memory at pages of 64 KiB
// (at most 65536). A guest that grows past it fails that call; the instance
// is discarded and the next call gets a fresh one.
func WithMemoryLimitPages(pages uint32) HostOption {
	return runtimeOption(func(c *config) { c.memoryLimitPages = pages })
}

// WithCompilationCacheDir keeps compiled modules in dir, so a later process
// skips compilation. Without it compiled code is cached in memory for the
// life of the process.
func WithCompilationCacheDir(dir string) HostOption {
	return runtimeOption(func(c *config) { c.cacheDir = dir })
}

// WithGrants sets the capabilities the operator allows the plugin; host
// functions, environment variables and files are limited to them. The zero
// GrantSet (the default) allows nothing.
func WithGrants(g entities.GrantSet) Option {
	return func(c *config) { c.grants = g }
}

// WithFreshInstances makes every call instantiate the module anew (and close
// it after), instead of reusing warm instances.
func WithFreshInstances() Option {
	return func(c *config) { c.freshInstances = true }
}

// WithoutDeallocate makes the host never call the guest's deallocate, as
// some Reglet hosts do. By default the host frees the config block and every
// Manifest or Result block once it has copied them.
func WithoutDeallocate() Option {
	return func(c *config) { c.noDeallocate = true }
}

// WithStdout and WithStderr set where the plugin's WASI stdout and stderr
// go. Both default to os.Stderr, so plugin output never mixes with a
// program's own stdout.
func WithStdout(w io.Writer) Option { return func(c *config) { c.stdout = w } }

// WithStderr: see WithStdout.
func WithStderr(w io.Writer) Option { return func(c *config) { c.stderr = w } }

// WithLogger sets where log_message records go (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// Names of the reglet_host imports (docs/WIRE.md, "Host imports"), for
// WithHostFunc. ImportModule is the module they are imported from.
const (
	ImportModule      = wire.Module
	ImportHTTPRequest = wire.HTTPRequestFn
	ImportDNSLookup   = wire.DNSLookupFn
	ImportTCPConnect  = wire.TCPConnectFn
	ImportSMTPConnect = wire.SMTPConnectFn
	ImportExecCommand = wire.ExecCommandFn
	ImportLogMessage  = wire.LogMessageFn
)

// WithHostFunc replaces the host's implementation of one reglet_host import
// (name is one of the Import* constants, e.g. ImportHTTPRequest). Tests and
// benchmarks use it to script the host's answers.
func WithHostFunc(name string, fn HostFunc) Option {
	return func(c *config) {
		m := make(map[string]HostFunc, len(c.hostFuncs)+1)
		for k, v := range c.hostFuncs {
			m[k] = v
		}
		m[name] = fn
		c.hostFuncs = m
	}
}

// WithMaxIdleInstances sets how many warm instances a Plugin keeps between
// calls (default 4).
func WithMaxIdleInstances(n int) Option {
	return func(c *config) { c.maxIdle = n }
}

// WithoutInterrupts runs every call on code compiled without wazero's
// termination checks, even calls whose context has a deadline: the deadline
// then no longer stops a guest that is running (it still stops one that
// calls the host). Calls with a deadline become about 4x faster (36.6 µs
// against 9.3 µs for a trivial plugin, BENCHMARKS.md); use it only for
// trusted plugins.
func WithoutInterrupts() Option {
	return func(c *config) { c.noInterrupt = true }
}

// WithRootCAs sets the certificate authorities the host trusts for TLS in
// http_request, tcp_connect and smtp_connect (default: the system roots).
// Tests use it to trust a test CA.
func WithRootCAs(pool *x509.CertPool) Option {
	return func(c *config) { c.rootCAs = pool }
}

// WithExtraRootCAs makes the host trust certs as certificate authorities
// for TLS (http_request, tcp_connect, smtp_connect) in addition to the
// system roots (or to the pool given with WithRootCAs). Use it to check a
// server whose certificate a private or test CA signed; the CLI's -ca flag
// does the same with PEM files. Repeated options add up.
func WithExtraRootCAs(certs ...*x509.Certificate) Option {
	return func(c *config) {
		c.extraCAs = append(append([]*x509.Certificate(nil), c.extraCAs...), certs...)
	}
}

// trustedRoots is the pool TLS verifies against: nil (the system roots)
// unless WithRootCAs or WithExtraRootCAs says otherwise. With extra CAs it
// is built per call (a clone of the system pool, which Go loads once):
// cheap next to the handshake it serves.
func (c *config) trustedRoots() *x509.CertPool {
	if len(c.extraCAs) == 0 {
		return c.rootCAs
	}
	var pool *x509.CertPool
	if c.rootCAs != nil {
		pool = c.rootCAs.Clone()
	} else if sys, err := x509.SystemCertPool(); err == nil {
		pool = sys
	} else {
		pool = x509.NewCertPool() // no system roots here: trust only the extra CAs
	}
	for _, cert := range c.extraCAs {
		pool.AddCert(cert)
	}
	return pool
}

// WithResolver sets the resolver the host uses to resolve names it dials and
// for dns_lookup requests without a nameserver (default: the system's).
// Every address it returns is still checked against the grants at dial time.
func WithResolver(r *net.Resolver) Option {
	return func(c *config) { c.resolver = r }
}
