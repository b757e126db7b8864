package schema

import (
	"errors"

	"github.com/reglet-dev/reglet-plugin-sdk/internal/jsonscan"
)

// This file holds the rules between the members of one object that a
// field's tag can state beside its own keywords:
//
//	Run     string   `json:"run,omitempty" jsonschema:"requiredWithout=command,excludes=command"`
//	Command string   `json:"command,omitempty"`
//	Args    []string `json:"args,omitempty" jsonschema:"excludes=run"`
//
// requiredWithout=b: the field must be given unless b is (repeat the
// keyword for several alternatives: one of them all must be given);
// excludes=b: the field and b are never both given; requires=b: when the
// field is given, b must be given too.
//
// "Given" means what a handler sees as set in the decoded Go value: the
// member is present and not null, and, for a non-pointer field, not its
// type's zero or empty value ("", 0, false, [] or {}). A pointer field is
// given whenever it is present and not null. Rules judge the config as it
// arrives: a default filled in for an absent member does not make it given.
//
// Without these, a plugin that needs "exactly one of run and command"
// checks it in its handler, and the config_schema a host pre-validates
// against accepts configs the plugin then refuses (issue 11). With them the
// decoder enforces each rule and the schema states it, as an allOf of
// anyOf / not / if-then over the same "given" tests.

// ruleKind is the relation a rule states between field a and the others.
type ruleKind uint8

const (
	ruleRequiredWithout ruleKind = iota // a, or one of others, is given
	ruleExcludes                        // a and others[0] are not both given
	ruleRequires                        // a given means others[0] given
)

// ruleKeywords are the tag keywords of rules, by kind.
var ruleKeywords = [...]string{
	ruleRequiredWithout: "requiredWithout",
	ruleExcludes:        "excludes",
	ruleRequires:        "requires",
}

// rule is one rule of an object node.
type rule struct {
	kind   ruleKind
	a      *field
	others []*field
}

// ruleTag is a rule keyword of a field's tag, resolved once every field
// of the object is known.
type ruleTag struct {
	kind  ruleKind
	other string
}

// ruleKindOf returns the rule kind of tag keyword key.
func ruleKindOf(key string) (ruleKind, bool) {
	for k, kw := range ruleKeywords {
		if kw == key {
			return ruleKind(k), true
		}
	}
	return 0, false
}

// ruleable reports whether a rule can say when f is given: its decoded Go
// value must be nil or zero exactly when the JSON member is absent, null or
// empty. That rules out non-pointer structs, Go arrays, times, and values
// that decode themselves.
func ruleable(f *field) bool {
	if f.ptr {
		return true
	}
	switch f.n.kind {
	case kString, kBytes, kBool, kInt, kUint, kFloat, kMap:
		return true
	case kArray:
		return f.n.fixedLen < 0
	}
	return false
}

// resolveRules turns the rule keywords of n's fields into n.rules, naming
// the Go field (where) of a keyword that names no member, names the field
// itself, or involves a field no rule can judge.
func resolveRules(n *node, where string) error {
	var errs []error
	for _, f := range n.fields {
		var without *rule
		for _, t := range f.ruleTags {
			o := n.index[t.other]
			var msg string
			switch {
			case o == nil:
				msg = "no member " + quote(t.other) + " in " + where
				if s := suggest(t.other, n.fields); s != "" {
					msg += "; did you mean " + quote(s) + "?"
				}
			case o == f:
				msg = "a field cannot name itself"
			case !ruleable(f):
				msg = "no rule can tell when " + quote(f.name) + " (" + kindName(f.n) + ") is given; make it a pointer"
			case !ruleable(o):
				msg = "no rule can tell when " + quote(o.name) + " (" + kindName(o.n) + ") is given; make it a pointer"
			}
			if msg != "" {
				errs = append(errs, errors.New(where+"."+f.goName+": jsonschema tag: "+ruleKeywords[t.kind]+"="+t.other+": "+msg))
				continue
			}
			switch {
			case t.kind == ruleRequiredWithout && without != nil:
				without.others = append(without.others, o)
			case t.kind == ruleRequiredWithout:
				n.rules = append(n.rules, rule{kind: ruleRequiredWithout, a: f, others: []*field{o}})
				without = &n.rules[len(n.rules)-1]
			case t.kind == ruleExcludes && excluded(n.rules, o, f):
				// The other field's tag states the same pair.
			default:
				n.rules = append(n.rules, rule{kind: t.kind, a: f, others: []*field{o}})
			}
		}
		f.ruleTags = nil
	}
	return errors.Join(errs...)
}

// quote is s as a JSON string, which for member names reads as Go's %q.
func quote(s string) string { return string(appendString(nil, s)) }

// excluded reports whether rules already hold "a excludes b".
func excluded(rules []rule, a, b *field) bool {
	for _, r := range rules {
		if r.kind == ruleExcludes && r.a == a && r.others[0] == b {
			return true
		}
	}
	return false
}

// givenRaw reports whether raw, the JSON member of field f (nil when
// absent), counts as given (see the top of this file).
func givenRaw(f *field, raw []byte) bool {
	if len(raw) == 0 || isNull(raw) {
		return false
	}
	if f.ptr {
		return true
	}
	switch f.n.kind {
	case kString, kBytes:
		// No escape spells the empty string: only `""` is empty.
		return string(raw) != `""`
	case kBool:
		return string(raw) != "false"
	case kInt, kUint, kFloat:
		return !zeroNumber(raw)
	case kArray, kMap:
		j := jsonscan.SkipSpace(raw, 1)
		return j < len(raw) && raw[j] != ']' && raw[j] != '}'
	}
	return true
}

// zeroNumber reports whether the JSON number raw is zero: no digit of its
// mantissa is other than 0 (the exponent does not matter).
func zeroNumber(raw []byte) bool {
	for _, c := range raw {
		switch {
		case c == 'e' || c == 'E':
			return true
		case c >= '1' && c <= '9':
			return false
		case c == '0' || c == '-' || c == '+' || c == '.':
		default:
			return false // not a number: the type check reports it
		}
	}
	return true
}

// checkRules adds a problem for each rule of object n its members break;
// given tells, by field position, which members are given.
func (v *validator) checkRules(path string, n *node, given []bool) {
	for _, r := range n.rules {
		a, o := given[r.a.at], r.others[0]
		var msg string
		switch r.kind {
		case ruleRequiredWithout:
			if a {
				continue
			}
			msg = "required unless "
			for i, o := range r.others {
				if given[o.at] {
					a = true
					break
				}
				if i > 0 {
					msg += " or "
				}
				msg += quote(o.name)
			}
			if !a {
				msg += " is given"
			} else {
				msg = ""
			}
		case ruleExcludes:
			if a && given[o.at] {
				msg = "not allowed together with " + quote(o.name)
			}
		case ruleRequires:
			if a && !given[o.at] {
				msg = "needs " + quote(o.name) + " as well"
			}
		}
		if msg != "" {
			v.probs = append(v.probs, Problem{Path: join(path, r.a.name), Message: msg})
		}
	}
}

// ruleSyntax is, by rule kind, how its schema wraps the "given" schemas of
// its fields: before the first, between two, after the last.
var ruleSyntax = [...][3]string{
	ruleRequiredWithout: {`{"anyOf":[`, `,`, `]}`},
	ruleExcludes:        {`{"not":{"allOf":[`, `,`, `]}}`},
	ruleRequires:        {`{"if":`, `,"then":`, `}`},
}

// rulesSchema writes "allOf" with the schema of each rule in rules.
func (e *emitter) rulesSchema(m *members, rules []rule) {
	if len(rules) == 0 {
		return
	}
	m.key("allOf")
	e.buf = append(e.buf, '[')
	for i, r := range rules {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		syn := &ruleSyntax[r.kind]
		e.buf = append(e.buf, syn[0]...)
		e.given(r.a)
		for _, o := range r.others {
			e.buf = append(e.buf, syn[1]...)
			e.given(o)
		}
		e.buf = append(e.buf, syn[2]...)
	}
	e.buf = append(e.buf, ']')
}

// givenValue is, by node kind, the schema of a member's value that counts
// as given (see the top of this file); a pointer's is givenPointer.
var givenValue = [...]string{
	kString: `{"type":"string","minLength":1}`,
	kBytes:  `{"type":"string","minLength":1}`,
	kBool:   `{"const":true}`,
	kInt:    `{"type":"number","not":{"const":0}}`,
	kUint:   `{"type":"number","not":{"const":0}}`,
	kFloat:  `{"type":"number","not":{"const":0}}`,
	kArray:  `{"type":"array","minItems":1}`,
	kMap:    `{"type":"object","minProperties":1}`,
	kObject: "",
}

const givenPointer = `{"not":{"type":"null"}}`

// given writes the schema of an object whose member f is given.
func (e *emitter) given(f *field) {
	val := givenPointer
	if !f.ptr {
		val = givenValue[f.n.kind]
	}
	e.buf = append(e.buf, `{"required":[`...)
	e.buf = appendString(e.buf, f.name)
	e.buf = append(e.buf, `],"properties":{`...)
	e.buf = appendString(e.buf, f.name)
	e.buf = append(e.buf, ':')
	e.buf = append(e.buf, val...)
	e.buf = append(e.buf, "}}"...)
}
