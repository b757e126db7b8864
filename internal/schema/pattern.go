package schema

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds a small regular-expression matcher for the pattern
// keyword. Linking the standard library's regexp adds about 510 KB to every
// plugin .wasm (measured with Go 1.26, wasip1, c-shared, with or without
// -s -w); patterns in configs are short and simple, so a Thompson NFA over a
// subset of RE2 syntax serves them for about 53 KB. Matching takes time
// linear in the input, as with regexp. Within the subset, matching agrees
// with regexp's MatchString (tests check it differentially); anything
// outside it is rejected when the schema is built, never silently misread.
//
// Supported: literals and escaped punctuation; . (any character but
// newline); character classes [a-z0-9_] and [^...]; \d \D \w \W \s \S
// inside and outside classes; \t \n \r \f \v \xHH \x{H...}; anchors ^ $ \A
// \z (whole text, no multi-line mode); groups (...), (?:...),
// (?P<name>...), (?<name>...); alternation |; repetition * + ? {n} {n,}
// {n,m} (greedy or lazy, which is the same for matching).
// Not supported: flags such as (?i), \b and \B, Unicode classes \p{..},
// POSIX classes [[:alpha:]], \Q...\E, backreferences, lookaround.

const (
	maxRepeat = 1000  // as in RE2
	maxProg   = 10000 // instructions of one compiled pattern
)

// Regular-expression syntax tree operators.
const (
	rEmpty  = iota
	rClass  // one character from ranges (or not from them, when neg)
	rAny    // any character but newline
	rBegin  // beginning of text
	rEnd    // end of text
	rConcat // subs in sequence
	rAlt    // one of subs
	rRepeat // sub[0] repeated min..max times (max -1: unbounded)
)

type rnode struct {
	op       uint8
	neg      bool
	ranges   []rune // lo, hi pairs
	subs     []*rnode
	min, max int
}

type rparser struct {
	s     string
	pos   int
	depth int
}

func (p *rparser) fail(msg string) error {
	return errors.New(msg + " at offset " + strconv.Itoa(p.pos))
}

func (p *rparser) more() bool { return p.pos < len(p.s) }

func (p *rparser) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *rparser) next() rune {
	r, n := utf8.DecodeRuneInString(p.s[p.pos:])
	p.pos += n
	return r
}

// matcher is a compiled pattern.
type matcher struct {
	prog []inst
}

// Program instructions.
const (
	iClass = iota
	iAny
	iBegin
	iEnd
	iSplit
	iJmp
	iMatch
)

type inst struct {
	op     uint8
	neg    bool
	ranges []rune
	x, y   int
}

// compilePattern parses and compiles pattern.
func compilePattern(pattern string) (*matcher, error) {
	p := &rparser{s: pattern}
	tree, err := p.alt()
	if err == nil && p.more() {
		err = p.fail("unexpected )")
	}
	if err != nil {
		return nil, err
	}
	c := &compiler{}
	if err := c.emit(tree); err != nil {
		return nil, err
	}
	c.add(inst{op: iMatch})
	if len(c.prog) > maxProg {
		return nil, errors.New("pattern too large")
	}
	return &matcher{prog: c.prog}, nil
}

func (p *rparser) alt() (*rnode, error) {
	p.depth++
	if p.depth > 100 {
		return nil, p.fail("nesting too deep")
	}
	defer func() { p.depth-- }()
	var alts []*rnode
	for {
		c, err := p.concat()
		if err != nil {
			return nil, err
		}
		alts = append(alts, c)
		if p.peek() != '|' {
			break
		}
		p.pos++
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &rnode{op: rAlt, subs: alts}, nil
}

func (p *rparser) concat() (*rnode, error) {
	var seq []*rnode
	for p.more() && p.peek() != '|' && p.peek() != ')' {
		a, err := p.atom()
		if err != nil {
			return nil, err
		}
		repeated := false
		for p.more() {
			lo, hi, ok, err := p.repeatOp()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			if repeated {
				return nil, p.fail("nested repetition operator")
			}
			repeated = true
			a = &rnode{op: rRepeat, subs: []*rnode{a}, min: lo, max: hi}
			if p.peek() == '?' { // lazy: the same for a yes/no match
				p.pos++
			}
		}
		seq = append(seq, a)
	}
	switch len(seq) {
	case 0:
		return &rnode{op: rEmpty}, nil
	case 1:
		return seq[0], nil
	}
	return &rnode{op: rConcat, subs: seq}, nil
}

// repeatOp reads a repetition operator, if one is next.
func (p *rparser) repeatOp() (lo, hi int, ok bool, err error) {
	switch p.peek() {
	case '*':
		p.pos++
		return 0, -1, true, nil
	case '+':
		p.pos++
		return 1, -1, true, nil
	case '?':
		p.pos++
		return 0, 1, true, nil
	case '{':
		start := p.pos
		p.pos++
		lo, okLo := p.number()
		hi = lo
		if okLo && p.peek() == ',' {
			p.pos++
			hi = -1
			if p.peek() != '}' {
				var okHi bool
				if hi, okHi = p.number(); !okHi {
					p.pos = start
					return 0, 0, false, nil
				}
			}
		}
		if !okLo || p.peek() != '}' {
			p.pos = start // not a repetition: a literal '{'
			return 0, 0, false, nil
		}
		p.pos++
		if lo > maxRepeat || hi > maxRepeat || (hi >= 0 && hi < lo) {
			p.pos = start
			return 0, 0, false, p.fail("invalid repeat count")
		}
		return lo, hi, true, nil
	}
	return 0, 0, false, nil
}

func (p *rparser) number() (int, bool) {
	start := p.pos
	for p.more() && p.peek() >= '0' && p.peek() <= '9' {
		p.pos++
	}
	if p.pos == start || p.pos-start > 8 {
		return 0, false
	}
	n, _ := strconv.Atoi(p.s[start:p.pos])
	return n, true
}

func (p *rparser) atom() (*rnode, error) {
	switch c := p.peek(); c {
	case '(':
		p.pos++
		if p.peek() == '?' {
			switch {
			case hasPrefixAt(p.s, p.pos, "?:"):
				p.pos += 2
			case hasPrefixAt(p.s, p.pos, "?P<"), hasPrefixAt(p.s, p.pos, "?<"):
				p.pos = strings.IndexByte(p.s[p.pos:], '<') + p.pos + 1
				start := p.pos
				for p.more() && isWordByte(p.peek()) {
					p.pos++
				}
				if p.pos == start || p.peek() != '>' {
					return nil, p.fail("invalid or unsupported group syntax")
				}
				p.pos++
			default:
				return nil, p.fail("unsupported group or flag syntax (?")
			}
		}
		sub, err := p.alt()
		if err != nil {
			return nil, err
		}
		if p.peek() != ')' {
			return nil, p.fail("missing )")
		}
		p.pos++
		return sub, nil
	case '*', '+', '?':
		return nil, p.fail("missing argument to repetition operator")
	case '{':
		if _, _, ok, err := p.repeatOp(); ok || err != nil {
			return nil, p.fail("missing argument to repetition operator")
		}
		p.pos++
		return literalNode('{'), nil
	case '.':
		p.pos++
		return &rnode{op: rAny}, nil
	case '^':
		p.pos++
		return &rnode{op: rBegin}, nil
	case '$':
		p.pos++
		return &rnode{op: rEnd}, nil
	case '[':
		return p.class()
	case '\\':
		p.pos++
		switch p.peek() {
		case 'A':
			p.pos++
			return &rnode{op: rBegin}, nil
		case 'z':
			p.pos++
			return &rnode{op: rEnd}, nil
		}
		ranges, neg, err := p.escape()
		if err != nil {
			return nil, err
		}
		return &rnode{op: rClass, ranges: ranges, neg: neg}, nil
	}
	return literalNode(p.next()), nil
}

func hasPrefixAt(s string, i int, prefix string) bool {
	return len(s)-i >= len(prefix) && s[i:i+len(prefix)] == prefix
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func literalNode(r rune) *rnode {
	return &rnode{op: rClass, ranges: []rune{r, r}}
}

var (
	digitRanges = []rune{'0', '9'}
	wordRanges  = []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
	spaceRanges = []rune{'\t', '\n', '\f', '\r', ' ', ' '}
)

// escape reads the escape after a backslash: a class (\d, \W, ...) or one
// character, as ranges.
func (p *rparser) escape() (ranges []rune, neg bool, err error) {
	if !p.more() {
		return nil, false, p.fail("trailing backslash")
	}
	c := p.next()
	switch c {
	case 'd', 'D':
		return digitRanges, c == 'D', nil
	case 'w', 'W':
		return wordRanges, c == 'W', nil
	case 's', 'S':
		return spaceRanges, c == 'S', nil
	case 't':
		c = '\t'
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 'f':
		c = '\f'
	case 'v':
		c = '\v'
	case 'a':
		c = '\a'
	case 'x':
		v, err := p.hex()
		if err != nil {
			return nil, false, err
		}
		c = v
	default:
		if c >= utf8.RuneSelf || c != '_' && isWordByte(byte(c)) {
			return nil, false, p.fail("unsupported escape \\" + string(c))
		}
	}
	return []rune{c, c}, false, nil
}

func (p *rparser) hex() (rune, error) {
	var digits string
	if p.peek() == '{' {
		end := p.pos + 1
		for end < len(p.s) && p.s[end] != '}' {
			end++
		}
		if end == len(p.s) {
			return 0, p.fail("invalid escape \\x")
		}
		digits = p.s[p.pos+1 : end]
		p.pos = end + 1
	} else {
		if len(p.s)-p.pos < 2 {
			return 0, p.fail("invalid escape \\x")
		}
		digits = p.s[p.pos : p.pos+2]
		p.pos += 2
	}
	v, err := strconv.ParseUint(digits, 16, 32)
	if err != nil || digits == "" || v > utf8.MaxRune {
		return 0, p.fail("invalid escape \\x")
	}
	return rune(v), nil
}

// class reads a bracketed character class.
func (p *rparser) class() (*rnode, error) {
	p.pos++ // [
	n := &rnode{op: rClass}
	if p.peek() == '^' {
		n.neg = true
		p.pos++
	}
	first := true
	for {
		if !p.more() {
			return nil, p.fail("missing ]")
		}
		c := p.peek()
		if c == ']' && !first {
			p.pos++
			break
		}
		first = false
		if c == '[' && hasPrefixAt(p.s, p.pos, "[:") {
			return nil, p.fail("unsupported POSIX class")
		}
		lo, isClass, err := p.classChar(n)
		if err != nil {
			return nil, err
		}
		if isClass {
			continue
		}
		hi := lo
		if p.peek() == '-' && p.pos+1 < len(p.s) && p.s[p.pos+1] != ']' {
			p.pos++
			var hiClass bool
			if hi, hiClass, err = p.classChar(nil); err != nil {
				return nil, err
			}
			if hiClass || hi < lo {
				return nil, p.fail("invalid character class range")
			}
		}
		n.ranges = append(n.ranges, lo, hi)
	}
	return n, nil
}

// classChar reads one member of a class: a character, or an escaped class
// such as \d, whose ranges it adds to n (n nil: not allowed here).
func (p *rparser) classChar(n *rnode) (r rune, isClass bool, err error) {
	if p.peek() != '\\' {
		return p.next(), false, nil
	}
	p.pos++
	ranges, neg, err := p.escape()
	if err != nil {
		return 0, false, err
	}
	if len(ranges) == 2 && ranges[0] == ranges[1] && !neg {
		return ranges[0], false, nil
	}
	if n == nil {
		return 0, false, p.fail("invalid character class range")
	}
	if neg {
		ranges = negate(ranges)
	}
	n.ranges = append(n.ranges, ranges...)
	return 0, true, nil
}

// negate returns the complement of sorted, disjoint ranges.
func negate(ranges []rune) []rune {
	var out []rune
	next := rune(0)
	for i := 0; i < len(ranges); i += 2 {
		if ranges[i] > next {
			out = append(out, next, ranges[i]-1)
		}
		next = ranges[i+1] + 1
	}
	if next <= utf8.MaxRune {
		out = append(out, next, utf8.MaxRune)
	}
	return out
}

type compiler struct {
	prog []inst
}

func (c *compiler) add(i inst) int {
	c.prog = append(c.prog, i)
	return len(c.prog) - 1
}

// emit compiles n so that it falls through to the next instruction.
func (c *compiler) emit(n *rnode) error {
	if len(c.prog) > maxProg {
		return errors.New("pattern too large")
	}
	switch n.op {
	case rClass:
		c.add(inst{op: iClass, ranges: n.ranges, neg: n.neg})
	case rAny:
		c.add(inst{op: iAny})
	case rBegin:
		c.add(inst{op: iBegin})
	case rEnd:
		c.add(inst{op: iEnd})
	case rConcat:
		for _, s := range n.subs {
			if err := c.emit(s); err != nil {
				return err
			}
		}
	case rAlt:
		var jumps []int
		for i, s := range n.subs {
			if i < len(n.subs)-1 {
				split := c.add(inst{op: iSplit})
				c.prog[split].x = len(c.prog)
				if err := c.emit(s); err != nil {
					return err
				}
				jumps = append(jumps, c.add(inst{op: iJmp}))
				c.prog[split].y = len(c.prog)
			} else if err := c.emit(s); err != nil {
				return err
			}
		}
		for _, j := range jumps {
			c.prog[j].x = len(c.prog)
		}
	case rRepeat:
		sub := n.subs[0]
		for i := 0; i < n.min; i++ {
			if err := c.emit(sub); err != nil {
				return err
			}
		}
		if n.max < 0 { // star
			split := c.add(inst{op: iSplit})
			c.prog[split].x = len(c.prog)
			if err := c.emit(sub); err != nil {
				return err
			}
			c.add(inst{op: iJmp, x: split})
			c.prog[split].y = len(c.prog)
			return nil
		}
		var splits []int
		for i := n.min; i < n.max; i++ { // optional copies
			split := c.add(inst{op: iSplit})
			c.prog[split].x = len(c.prog)
			splits = append(splits, split)
			if err := c.emit(sub); err != nil {
				return err
			}
		}
		for _, s := range splits {
			c.prog[s].y = len(c.prog)
		}
	}
	return nil
}

// MatchString reports whether s contains a match of the pattern.
func (m *matcher) MatchString(s string) bool {
	n := len(m.prog)
	cur := make([]int, 0, n)
	nxt := make([]int, 0, n)
	onList := make([]int, n) // step+1 at which a pc was last added
	stack := make([]int, 0, 8)
	step := 0
	// add follows empty-width instructions from pc at text position pos.
	add := func(list []int, pc, pos int) ([]int, bool) {
		stack = append(stack[:0], pc)
		for len(stack) > 0 {
			pc := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if onList[pc] == step+1 {
				continue
			}
			onList[pc] = step + 1
			switch in := &m.prog[pc]; in.op {
			case iMatch:
				return list, true
			case iJmp:
				stack = append(stack, in.x)
			case iSplit:
				stack = append(stack, in.y, in.x)
			case iBegin:
				if pos == 0 {
					stack = append(stack, pc+1)
				}
			case iEnd:
				if pos == len(s) {
					stack = append(stack, pc+1)
				}
			default:
				list = append(list, pc)
			}
		}
		return list, false
	}
	var matched bool
	for pos := 0; ; {
		// A new attempt starts at every position: the search is unanchored.
		if cur, matched = add(cur, 0, pos); matched {
			return true
		}
		if pos >= len(s) {
			return false
		}
		r, size := utf8.DecodeRuneInString(s[pos:])
		pos += size
		step++
		nxt = nxt[:0]
		for _, pc := range cur {
			in := &m.prog[pc]
			ok := false
			if in.op == iAny {
				ok = r != '\n'
			} else {
				ok = inRanges(in.ranges, r) != in.neg
			}
			if ok {
				if nxt, matched = add(nxt, pc+1, pos); matched {
					return true
				}
			}
		}
		cur, nxt = nxt, cur
	}
}

func inRanges(ranges []rune, r rune) bool {
	for i := 0; i < len(ranges); i += 2 {
		if r >= ranges[i] && r <= ranges[i+1] {
			return true
		}
	}
	return false
}
