//go:build !unix && !wasip1

package files

import (
	"fmt"
	"io/fs"
)

// modeOwner reports the permission bits; owners are not reported here.
func modeOwner(st fs.FileInfo) (mode, owner string) {
	return fmt.Sprintf("%04o", uint32(st.Mode().Perm())), Unknown
}
