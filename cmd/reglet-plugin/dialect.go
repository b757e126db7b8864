package main

import (
	"flag"

	"github.com/reglet-dev/reglet-plugin-sdk/host"
)

// dialectFlag is the -dialect flag: which Reglet host the local host
// answers as (host.ParseDialect).
type dialectFlag struct{ d host.Dialect }

func (f *dialectFlag) String() string { return f.d.String() }

func (f *dialectFlag) Set(s string) error {
	d, err := host.ParseDialect(s)
	if err == nil {
		f.d = d
	}
	return err
}

func (f *dialectFlag) register(fs *flag.FlagSet) {
	fs.Var(f, "dialect", "answer as the Reglet host speaking `dialect`: w (the Reglet CLI, WIRE.md) or h (reglet-host-sdk v0.1.5: its JSON, errors and fake clock)")
}
