package main

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// grantFlags are the flags that say what the operator allows.
type grantFlags struct {
	file     string
	declared bool
	net      listFlag
	exec     listFlag
	env      listFlag
	read     listFlag
	write    listFlag
	ca       listFlag // PEM files of extra trusted CAs (not a grant: a trust setting)
}

func (g *grantFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.file, "grants", "", "`file` holding a GrantSet as JSON (the shape of a manifest's capabilities)")
	fs.BoolVar(&g.declared, "grant-declared", false, "grant exactly what the plugin's manifest declares")
	fs.Var(&g.net, "net", "allow network `host:port` (globs, port ranges and * allowed); repeatable")
	fs.Var(&g.exec, "exec", "allow running the command at `path` (glob); repeatable")
	fs.Var(&g.env, "env", "make environment variable `NAME` visible (NAME, PREFIX_*, *); repeatable")
	fs.Var(&g.read, "read", "preopen `path` read-only; repeatable")
	fs.Var(&g.write, "write", "preopen `path` read-write; repeatable")
	fs.Var(&g.ca, "ca", "trust the CA certificates in PEM `file` for TLS, besides the system roots; repeatable")
}

// caCerts reads the -ca files: each must hold at least one PEM certificate.
func (g *grantFlags) caCerts() ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for _, f := range g.ca {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("-ca: %w", err)
		}
		n := 0
		for {
			var blk *pem.Block
			blk, b = pem.Decode(b)
			if blk == nil {
				break
			}
			if blk.Type != "CERTIFICATE" {
				continue
			}
			c, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				return nil, fmt.Errorf("-ca %s: %w", f, err)
			}
			certs, n = append(certs, c), n+1
		}
		if n == 0 {
			return nil, fmt.Errorf("-ca %s: no PEM certificate in the file", f)
		}
	}
	return certs, nil
}

// build returns the GrantSet the flags describe; declared is the plugin's
// own request, used with -grant-declared.
func (g *grantFlags) build(declared entities.GrantSet) (entities.GrantSet, error) {
	var set entities.GrantSet
	if g.declared {
		set = declared
	}
	if g.file != "" {
		b, err := os.ReadFile(g.file)
		if err != nil {
			return set, err
		}
		var fromFile entities.GrantSet
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&fromFile); err != nil {
			return set, fmt.Errorf("%s: %w", g.file, err)
		}
		set = merge(set, fromFile)
	}
	var extra entities.GrantSet
	for _, hp := range g.net {
		i := strings.LastIndex(hp, ":")
		if i <= 0 || i == len(hp)-1 {
			return set, fmt.Errorf("-net %q: want host:port, e.g. api.example.com:443 or *.example.com:*", hp)
		}
		host := strings.TrimSuffix(strings.TrimPrefix(hp[:i], "["), "]")
		extra.Network = &entities.NetworkCapability{Rules: append(rules(extra.Network), entities.NetworkRule{Hosts: []string{host}, Ports: []string{hp[i+1:]}})}
	}
	if len(g.exec) > 0 {
		extra.Exec = &entities.ExecCapability{Commands: g.exec}
	}
	if len(g.env) > 0 {
		extra.Env = &entities.EnvCapability{Vars: g.env}
	}
	if len(g.read) > 0 || len(g.write) > 0 {
		extra.FS = &entities.FileSystemCapability{Rules: []entities.FileSystemRule{{Read: g.read, Write: g.write}}}
	}
	return merge(set, extra), nil
}

func rules(n *entities.NetworkCapability) []entities.NetworkRule {
	if n == nil {
		return nil
	}
	return n.Rules
}

// merge returns the union of two grant sets.
func merge(a, b entities.GrantSet) entities.GrantSet {
	if b.Network != nil {
		a.Network = &entities.NetworkCapability{Rules: append(append([]entities.NetworkRule{}, rules(a.Network)...), b.Network.Rules...)}
	}
	if b.FS != nil {
		var r []entities.FileSystemRule
		if a.FS != nil {
			r = append(r, a.FS.Rules...)
		}
		a.FS = &entities.FileSystemCapability{Rules: append(r, b.FS.Rules...)}
	}
	if b.Env != nil {
		var v []string
		if a.Env != nil {
			v = append(v, a.Env.Vars...)
		}
		a.Env = &entities.EnvCapability{Vars: append(v, b.Env.Vars...)}
	}
	if b.Exec != nil {
		var c []string
		if a.Exec != nil {
			c = append(c, a.Exec.Commands...)
		}
		a.Exec = &entities.ExecCapability{Commands: append(c, b.Exec.Commands...)}
	}
	if b.KV != nil {
		var r []entities.KVRule
		if a.KV != nil {
			r = append(r, a.KV.Rules...)
		}
		a.KV = &entities.KVCapability{Rules: append(r, b.KV.Rules...)}
	}
	return a
}
