package entities

// GrantSet lists capabilities: in a Manifest, what a plugin asks for; on a
// host, what the operator allows. A nil member means none of that kind.
type GrantSet struct {
	Network *NetworkCapability    `json:"network,omitempty"`
	FS      *FileSystemCapability `json:"fs,omitempty"`
	Env     *EnvCapability        `json:"env,omitempty"`
	Exec    *ExecCapability       `json:"exec,omitempty"`
	KV      *KVCapability         `json:"kv,omitempty"`
}

// IsEmpty reports whether the set grants nothing.
func (g GrantSet) IsEmpty() bool {
	return g.Network == nil && g.FS == nil && g.Env == nil && g.Exec == nil && g.KV == nil
}

// NetworkCapability allows outbound connections matching any of its rules.
type NetworkCapability struct {
	Rules []NetworkRule `json:"rules"`
}

// NetworkRule allows connections to any of Hosts on any of Ports. A host may
// be a glob such as "*.example.com" or "*"; a port is "443", a range
// "8000-9000" or "*".
type NetworkRule struct {
	Hosts []string `json:"hosts"`
	Ports []string `json:"ports"`
}

// FileSystemCapability allows access to paths matching its rules.
type FileSystemCapability struct {
	Rules []FileSystemRule `json:"rules"`
}

// FileSystemRule lists paths (which may use ** globs) to read, or to read and
// write.
type FileSystemRule struct {
	Read  []string `json:"read,omitempty"`
	Write []string `json:"write,omitempty"`
}

// EnvCapability makes environment variables visible: an exact NAME, a prefix
// PREFIX_* or *.
type EnvCapability struct {
	Vars []string `json:"vars"`
}

// ExecCapability allows running commands whose cleaned absolute path matches
// one of Commands (paths or globs).
type ExecCapability struct {
	Commands []string `json:"commands"`
}

// KVCapability allows access to key-value entries matching its rules.
type KVCapability struct {
	Rules []KVRule `json:"rules"`
}

// KVRule allows Op ("read", "write" or "read-write") on keys matching Keys.
type KVRule struct {
	Op   string   `json:"op"`
	Keys []string `json:"keys"`
}
