package entities

import "time"

// Status is the outcome of one observation.
type Status string

const (
	// StatusSuccess: the check ran and the target met it.
	StatusSuccess Status = "success"
	// StatusFailure: the check ran and the target did not meet it.
	StatusFailure Status = "failure"
	// StatusError: the check could not run (bad config, denied capability,
	// network error, panic).
	StatusError Status = "error"
)

// Result is what a plugin returns for one observation.
type Result struct {
	Timestamp time.Time      `json:"timestamp"`
	Status    Status         `json:"status"`
	Message   string         `json:"message,omitempty"`
	Data      map[string]any `json:"data,omitempty"`
	Error     *ErrorDetail   `json:"error,omitempty"`
	Metadata  *RunMetadata   `json:"metadata,omitempty"`
}

// RunMetadata records when and by what an observation ran. The SDK fills it
// in around every Check call.
type RunMetadata struct {
	StartTime  time.Time `json:"start_time"`
	EndTime    time.Time `json:"end_time"`
	SDKVersion string    `json:"sdk_version,omitempty"`
	PluginID   string    `json:"plugin_id,omitempty"`
	DurationNs int64     `json:"duration_ns"`
}

// ResultSuccess reports a check that ran and passed.
func ResultSuccess(message string, data map[string]any) *Result {
	return &Result{Timestamp: time.Now().UTC(), Status: StatusSuccess, Message: message, Data: data}
}

// ResultFailure reports a check that ran and whose target did not meet it.
func ResultFailure(message string, data map[string]any) *Result {
	return &Result{Timestamp: time.Now().UTC(), Status: StatusFailure, Message: message, Data: data}
}

// ResultError reports a check that could not run. The Result's message is the
// error's message.
func ResultError(err *ErrorDetail) *Result {
	r := &Result{Timestamp: time.Now().UTC(), Status: StatusError, Error: err}
	if err != nil {
		r.Message = err.Message
	}
	return r
}
