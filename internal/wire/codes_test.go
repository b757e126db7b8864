package wire

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCodesSpelledOnce keeps the error codes in one home: no non-test Go
// file outside this package writes a code's value as a string literal
// ("CAPABILITY_DENIED" instead of wire.CodeCapabilityDenied). A second
// spelling is how a renamed code silently stops matching on one side.
func TestCodesSpelledOnce(t *testing.T) {
	codes := map[string]string{} // value -> constant name
	fset := token.NewFileSet()
	for _, name := range []string{"codes.go", "dialect_h.go"} {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Values) != len(vs.Names) {
				return true
			}
			for i, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(vs.Names[i].Name, "Code") {
					s, _ := strconv.Unquote(lit.Value)
					codes[s] = vs.Names[i].Name
				}
			}
			return true
		})
	}
	if len(codes) < 30 {
		t.Fatalf("found only %d codes in codes.go and dialect_h.go; the parse is broken", len(codes))
	}
	root := filepath.Join("..", "..")
	here, _ := filepath.Abs(".")
	scanned := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			abs, _ := filepath.Abs(path)
			if name := d.Name(); name == ".git" || name == "testdata" || abs == here {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		scanned++
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, _ := strconv.Unquote(lit.Value); codes[s] != "" {
				t.Errorf("%s: %s spelled as a literal; use wire.%s", fset.Position(lit.Pos()), lit.Value, codes[s])
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 50 {
		t.Fatalf("scanned only %d Go files; the walk is broken", scanned)
	}
}
