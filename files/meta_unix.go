//go:build unix && !wasip1

package files

import (
	"fmt"
	"io/fs"
	"syscall"
)

// modeOwner reports the permission bits (octal, with setuid, setgid and
// sticky) and the owner as uid:gid.
func modeOwner(st fs.FileInfo) (mode, owner string) {
	m := st.Mode()
	bits := uint32(m.Perm())
	if m&fs.ModeSetuid != 0 {
		bits |= 0o4000
	}
	if m&fs.ModeSetgid != 0 {
		bits |= 0o2000
	}
	if m&fs.ModeSticky != 0 {
		bits |= 0o1000
	}
	mode, owner = fmt.Sprintf("%04o", bits), Unknown
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		owner = fmt.Sprintf("%d:%d", s.Uid, s.Gid)
	}
	return mode, owner
}
