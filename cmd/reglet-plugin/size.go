package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// cmdSize prints how many bytes of a plugin's code each Go package takes,
// read from the module's code section and its "name" custom section (which
// the Go toolchain emits unless -ldflags=-s). Binary size is a cost every
// plugin pays in download, compile and start-up time; this shows where it
// goes.
func cmdSize(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("size", "[-n 25] plugin.wasm", stderr)
	top := fs.Int("n", 25, "show the `n` largest packages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	path, err := onePlugin(fs)
	if err != nil {
		return err
	}
	wasm, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rep, err := sizeReport(wasm)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d bytes (code %d, data %d, other %d)\n", path, len(wasm), rep.code, rep.data, len(wasm)-rep.code-rep.data)
	type row struct {
		pkg  string
		size int
	}
	var rows []row
	for p, s := range rep.byPackage {
		rows = append(rows, row{p, s})
	}
	sort.Slice(rows, func(i, j int) bool {
		return rows[i].size > rows[j].size || rows[i].size == rows[j].size && rows[i].pkg < rows[j].pkg
	})
	rest := 0
	for i, r := range rows {
		if i >= *top {
			rest += r.size
			continue
		}
		fmt.Fprintf(stdout, "%10d  %5.1f%%  %s\n", r.size, 100*float64(r.size)/float64(rep.code), r.pkg)
	}
	if rest > 0 {
		fmt.Fprintf(stdout, "%10d  %5.1f%%  (%d more packages)\n", rest, 100*float64(rest)/float64(rep.code), len(rows)-*top)
	}
	return nil
}

type sizes struct {
	code, data int
	byPackage  map[string]int
}

// sizeReport parses just enough of the wasm binary format: the import
// section (to number functions), the code section (body sizes), the data
// section (size) and the name section (function names).
func sizeReport(wasm []byte) (*sizes, error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	r := &reader{b: wasm[8:]}
	var imported uint32
	var bodies []int
	names := map[uint32]string{}
	rep := &sizes{byPackage: map[string]int{}}
	for r.more() {
		id := r.byte()
		size := r.u32()
		sec := &reader{b: r.bytes(int(size))}
		switch id {
		case 2: // imports
			for n := sec.u32(); n > 0; n-- {
				sec.name()
				sec.name()
				switch sec.byte() {
				case 0:
					sec.u32()
					imported++
				case 1:
					sec.byte()
					sec.limits()
				case 2:
					sec.limits()
				case 3:
					sec.byte()
					sec.byte()
				}
			}
		case 10: // code
			for n := sec.u32(); n > 0; n-- {
				sz := int(sec.u32())
				sec.bytes(sz)
				bodies = append(bodies, sz)
				rep.code += sz
			}
		case 11: // data
			rep.data += int(size)
		case 0: // custom
			if sec.name() != "name" {
				continue
			}
			for sec.more() {
				sub := sec.byte()
				content := &reader{b: sec.bytes(int(sec.u32()))}
				if sub != 1 {
					continue
				}
				for n := content.u32(); n > 0; n-- {
					idx := content.u32()
					names[idx] = content.name()
				}
			}
		}
		if r.err != nil || sec.err != nil {
			return nil, errors.Join(r.err, sec.err)
		}
	}
	if len(names) == 0 {
		return nil, errors.New("the module has no name section (built with -ldflags=-s?)")
	}
	for i, sz := range bodies {
		rep.byPackage[packageOf(names[imported+uint32(i)])] += sz
	}
	return rep, nil
}

// packageOf returns the Go package of a function name as the Go linker
// writes it in a wasm name section, where "/" (and "-") become "_":
// "encoding_json.Unmarshal" is encoding/json, and
// "github.com_reglet_dev_reglet_plugin_sdk_application_plugin.ObserveJSON"
// is a module package (left mangled, since "_" is ambiguous there).
func packageOf(sym string) string {
	if sym == "" {
		return "(unnamed)"
	}
	rest, prefix := sym, ""
	if i, j := strings.Index(sym, "."), strings.Index(sym, "_"); i > 0 && (j < 0 || i < j) && strings.Contains(sym[i+1:], ".") {
		// A module path starting with a domain, like github.com_...: its
		// first dot is not the package separator.
		if k := strings.Index(sym[i+1:], "_"); k > 0 && k < strings.Index(sym[i+1:], ".") {
			prefix, rest = sym[:i+1], sym[i+1:]
		}
	}
	dot := strings.Index(rest, ".")
	if dot < 0 {
		return sym
	}
	pkg := prefix + rest[:dot]
	if prefix == "" {
		pkg = strings.ReplaceAll(pkg, "_", "/")
	}
	return pkg
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) more() bool { return r.err == nil && len(r.b) > 0 }

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.err = errors.New("truncated module")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) u32() uint32 {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		c := r.byte()
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
	r.err = errors.New("bad LEB128")
	return 0
}

func (r *reader) bytes(n int) []byte {
	if n > len(r.b) || n < 0 {
		r.err = errors.New("truncated module")
		n = len(r.b)
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func (r *reader) name() string { return string(r.bytes(int(r.u32()))) }

func (r *reader) limits() {
	if r.byte()&1 == 1 {
		r.u32()
	}
	r.u32()
}
