package entities

import "encoding/json"

// Manifest is a plugin's description of itself: what it is, what config it
// takes, what it needs from the host and which operations it offers.
type Manifest struct {
	Name           string                 `json:"name"`
	Version        string                 `json:"version"`
	Description    string                 `json:"description"`
	SDKVersion     string                 `json:"sdk_version"`
	MinHostVersion string                 `json:"min_host_version,omitempty"`
	ConfigSchema   json.RawMessage        `json:"config_schema"`
	Capabilities   GrantSet               `json:"capabilities"`
	Services       map[string]ServiceInfo `json:"services"`
}

// ServiceInfo groups related operations under one name.
type ServiceInfo struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Operations  []OperationInfo `json:"operations"`
}

// OperationInfo describes one typed operation: its name (snake_case), the
// input's JSON field names and schemas, and worked examples.
type OperationInfo struct {
	Name         string          `json:"name"`
	Description  string          `json:"description"`
	InputFields  []string        `json:"input_fields,omitempty"`
	InputSchema  json.RawMessage `json:"input_schema,omitempty"`
	OutputSchema json.RawMessage `json:"output_schema,omitempty"`
	Examples     []ExampleInfo   `json:"examples,omitempty"`
}

// ExampleInfo is one worked example of an operation, as JSON.
type ExampleInfo struct {
	Name           string          `json:"name"`
	Description    string          `json:"description,omitempty"`
	Input          json.RawMessage `json:"input"`
	ExpectedOutput json.RawMessage `json:"expected_output,omitempty"`
	ExpectedError  string          `json:"expected_error,omitempty"`
}

// MarshalJSON writes an empty schema as {} and a nil Services as {}, which is
// what the wire contract requires of a plugin without a config type or
// without typed operations.
func (m Manifest) MarshalJSON() ([]byte, error) {
	type plain Manifest
	p := plain(m)
	if len(p.ConfigSchema) == 0 {
		p.ConfigSchema = json.RawMessage(`{}`)
	}
	if p.Services == nil {
		p.Services = map[string]ServiceInfo{}
	}
	return json.Marshal(p)
}
