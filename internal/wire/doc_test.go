package wire

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWireDocCitations keeps the citations honest: every `docs/WIRE.md,
// "Heading"` (or `docs/WIRE.md ("Heading")`) written in the repository's Go
// files and Markdown names a heading that exists in docs/WIRE.md.
func TestWireDocCitations(t *testing.T) {
	root := filepath.Join("..", "..")
	doc, err := os.ReadFile(filepath.Join(root, "docs", "WIRE.md"))
	if err != nil {
		t.Fatal(err)
	}
	headings := map[string]bool{}
	for _, line := range strings.Split(string(doc), "\n") {
		if h, ok := strings.CutPrefix(line, "## "); ok {
			headings[h] = true
		}
	}
	cite := regexp.MustCompile(`docs/WIRE\.md,? \(?"([^"]+)"`)
	found := 0
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == ".git" || name == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".md") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Join comment lines so a citation broken over two lines is seen.
		text := strings.NewReplacer("\n//", "", "\n\t//", "").Replace(string(b))
		text = strings.Join(strings.Fields(text), " ")
		for _, m := range cite.FindAllStringSubmatch(text, -1) {
			found++
			if !headings[m[1]] && m[1] != "Heading" {
				t.Errorf("%s cites docs/WIRE.md section %q, which does not exist", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 5 {
		t.Errorf("found %d citations of docs/WIRE.md; the scan is broken", found)
	}
}
