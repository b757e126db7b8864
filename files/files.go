// Package files provides a ready-made file check, the engine of
// examples/file (the Reglet file plugin's fields): whether a path exists,
// what it is (directory, symlink and its target), its size, modification
// time and, when asked, its content and SHA-256.
//
// It never reports a fact WASI cannot carry. WASI preview 1 has no
// permission bits, owners or groups: in a wasip1 plugin Go's os.Stat
// synthesizes a mode (0600, 0700) and uid/gid 0, which describe nothing on
// the host. The check reports mode and owner as "unknown" there (Unknown);
// compiled natively it reports the real ones.
//
// Paths reach the plugin through the operator's fs grants (the local host's
// rules are in host/GRANTS.md): a path outside them is a capability error,
// a granted path that does not exist is exists: false.
package files

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/reglet-dev/reglet-plugin-sdk/domain/entities"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/checkcfg"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/sha256"
	"github.com/reglet-dev/reglet-plugin-sdk/internal/wire"
)

// Unknown is the value of a fact the platform cannot tell (mode and owner
// under WASI preview 1).
const Unknown = "unknown"

// MaxContentBytes is the most of a file's content the check returns in
// content_b64 (content_truncated says when it stopped short).
const MaxContentBytes = 1 << 20

// Config is the config of the file check.
type Config struct {
	Path        string `json:"path" jsonschema:"required,minLength=1,description=Absolute path of the file or directory"`
	ReadContent bool   `json:"read_content,omitempty" jsonschema:"description=Return the content (base64; at most 1 MiB)"`
	Hash        bool   `json:"hash,omitempty" jsonschema:"description=Return the SHA-256 of the content"`
}

// Result is what the file check observed. For a symlink, is_symlink and
// symlink_target describe the link, the other facts its target (when the
// target can be reached through the grants; else readable is false and
// they describe the link itself).
type Result struct {
	Path             string `json:"path"`
	Exists           bool   `json:"exists"`
	Readable         bool   `json:"readable"`
	IsDir            bool   `json:"is_dir"`
	IsSymlink        bool   `json:"is_symlink"`
	SymlinkTarget    string `json:"symlink_target,omitempty"`
	Size             int64  `json:"size"`
	ModTime          string `json:"mod_time,omitempty"`
	Mode             string `json:"mode"`
	Owner            string `json:"owner"`
	ContentB64       string `json:"content_b64,omitempty"`
	ContentTruncated bool   `json:"content_truncated,omitempty"`
	SHA256           string `json:"sha256,omitempty"`
}

// Check looks at in.Path. A path that does not exist is a Result with
// exists false, not an error; a path the plugin may not see (outside its
// grants: EPERM) is an error of type capability, and so is a path under no
// directory the host mounted at all (EBADF).
func Check(_ context.Context, in *Config) (*Result, error) {
	if in == nil || in.Path == "" {
		return nil, configError(errors.New("path: required field is missing"))
	}
	out := &Result{Path: in.Path, Mode: Unknown, Owner: Unknown}
	lst, err := os.Lstat(in.Path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return out, nil
	case errors.Is(err, syscall.EPERM):
		return nil, &entities.ErrorDetail{Type: entities.ErrorTypeCapability, Code: wire.CodeCapabilityDenied,
			Message: fmt.Sprintf("permission denied: %s is outside the plugin's file grants; grant it with an fs read rule", in.Path)}
	case errors.Is(err, syscall.EBADF):
		// WASI answers EBADF for a path under no preopened directory: the
		// host mounted nothing that holds it (reglet-host-sdk's executor
		// mounts no directory at all). Whether the file exists is unknown.
		return nil, &entities.ErrorDetail{Type: entities.ErrorTypeCapability, Code: wire.CodeCapabilityDenied,
			Message: fmt.Sprintf("no file system: the host mounted no directory that holds %s, so the plugin cannot look at it (%v)", in.Path, err)}
	case err != nil:
		return nil, &entities.ErrorDetail{Type: entities.ErrorTypeExecution, Message: err.Error()}
	}
	out.Exists = true
	st := lst
	if lst.Mode()&fs.ModeSymlink != 0 {
		out.IsSymlink = true
		if target, err := os.Readlink(in.Path); err == nil {
			out.SymlinkTarget = target
		}
		if fst, err := os.Stat(in.Path); err == nil {
			st = fst
		} else {
			// A dangling link, or one leading outside the grants.
			fillStat(out, lst)
			return out, nil
		}
	}
	fillStat(out, st)
	f, err := os.Open(in.Path)
	if err != nil {
		return out, nil
	}
	defer f.Close()
	out.Readable = true
	if st.IsDir() || (!in.ReadContent && !in.Hash) {
		return out, nil
	}
	h := sha256.New()
	var content []byte
	buf := make([]byte, 32<<10)
	for {
		n, rerr := f.Read(buf)
		if n > 0 {
			h.Write(buf[:n])
			if in.ReadContent {
				room := MaxContentBytes - len(content)
				if n > room {
					out.ContentTruncated = true
					content = append(content, buf[:room]...)
				} else {
					content = append(content, buf[:n]...)
				}
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			out.Readable = false
			return out, nil
		}
	}
	if in.ReadContent {
		out.ContentB64 = base64.StdEncoding.EncodeToString(content)
	}
	if in.Hash {
		sum := h.Sum()
		out.SHA256 = hex.EncodeToString(sum[:])
	}
	return out, nil
}

// fillStat copies the facts of st, and the mode and owner only where the
// platform carries them (see meta_*.go).
func fillStat(out *Result, st fs.FileInfo) {
	out.IsDir = st.IsDir()
	out.Size = st.Size()
	if !st.ModTime().IsZero() {
		out.ModTime = st.ModTime().UTC().Format(time.RFC3339Nano)
	}
	out.Mode, out.Owner = modeOwner(st)
}

// RunFileCheck is Check for a config map (the keys of Config, validated
// against its schema): a success Result with Result as data, or an error.
func RunFileCheck(ctx context.Context, cfg map[string]any) (*entities.Result, error) {
	in, err := checkcfg.Decode[Config](cfg, nil)
	if err != nil {
		return nil, err
	}
	out, err := Check(ctx, in)
	if err != nil {
		return nil, err
	}
	data, err := checkcfg.Data(out)
	if err != nil {
		return nil, err
	}
	msg := in.Path + " does not exist"
	if out.Exists {
		msg = in.Path + " exists"
	}
	return entities.ResultSuccess(msg, data), nil
}

func configError(err error) error { return checkcfg.Error(err) }
