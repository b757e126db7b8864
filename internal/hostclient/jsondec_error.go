package hostclient

import (
	"encoding/json"
	"fmt"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
)

// errorMember decodes a response's error member in either dialect: an
// ErrorDetail object (W's, or H's {code, message}), null, or the string of
// a host-level error, which is recorded in lvl (the response's message and
// code members complete it; see hostLevel).
func (r *reader) errorMember(lvl *hostLevel) (*entities.ErrorDetail, error) {
	switch r.peek() {
	case 'n':
		if r.null() {
			return nil, nil
		}
	case '"':
		s, err := r.rawString()
		if err != nil {
			return nil, err
		}
		lvl.kind = string(s)
		return nil, nil
	}
	d, err := r.errorObject()
	if err != nil {
		return nil, fmt.Errorf("error member: %v", err)
	}
	return d, nil
}

// errorObject decodes an ErrorDetail object without reflection. code may
// be a string or, from a host that numbers its codes, an integer (kept as
// its decimal text). details, free-form and rare, goes through
// encoding/json.
func (r *reader) errorObject() (*entities.ErrorDetail, error) {
	if r.peek() != '{' {
		return nil, r.fail("an error object or string")
	}
	d := &entities.ErrorDetail{}
	err := r.object(func(k []byte) (err error) {
		switch string(k) {
		case "message":
			d.Message, err = r.str()
		case "type":
			d.Type, err = r.str()
		case "code":
			d.Code, err = r.codeText()
		case "details":
			var raw []byte
			if raw, err = r.rawValue(); err == nil && string(raw) != "null" {
				err = json.Unmarshal(raw, &d.Details)
			}
		case "wrapped":
			if !r.null() {
				d.Wrapped, err = r.errorObject()
			}
		case "stack":
			d.Stack, err = r.base64()
		case "is_timeout":
			d.IsTimeout, err = r.boolean()
		case "is_not_found":
			d.IsNotFound, err = r.boolean()
		default:
			err = r.skip()
		}
		return err
	})
	return d, err
}

// codeText decodes a code given as a string or an integer.
func (r *reader) codeText() (string, error) {
	switch c := r.peek(); {
	case c == '"' || c == 'n':
		return r.str()
	case c == '-' || ('0' <= c && c <= '9'):
		n, err := r.number()
		return string(n), err
	}
	return "", r.fail("a string or integer code")
}

// hostLevelMember records the message and code members, which only a
// host-level error response has: they are decoded only when their type
// fits, and skipped otherwise.
func (r *reader) hostLevelMember(key string, lvl *hostLevel) (err error) {
	switch c := r.peek(); {
	case key == "message" && c == '"':
		lvl.msg, err = r.str()
		lvl.hasMsg = true
	case key == "code" && (c == '-' || ('0' <= c && c <= '9')):
		lvl.status, err = r.integer(-1<<31, 1<<31-1)
	default:
		err = r.skip()
	}
	return err
}
