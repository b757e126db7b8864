package entities

// Is lets errors.Is match an ErrorDetail against error classes such as
// ports.ErrCapabilityDenied or ports.ErrTimeout. A class is any error value
// with the method
//
//	MatchesErrorDetail(errType, code string, isTimeout, isNotFound bool) bool
//
// which receives this detail's wire fields. (entities imports nothing of the
// SDK, so classes defined elsewhere are recognised by that method alone.)
// Wrapped details are matched by errors.Is itself through Unwrap.
func (e *ErrorDetail) Is(target error) bool {
	if e == nil {
		return false
	}
	c, ok := target.(interface {
		MatchesErrorDetail(errType, code string, isTimeout, isNotFound bool) bool
	})
	return ok && c.MatchesErrorDetail(e.Type, e.Code, e.IsTimeout, e.IsNotFound)
}
