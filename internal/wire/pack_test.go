package wire

import "testing"

func TestPackRoundTrip(t *testing.T) {
	for _, tc := range []struct{ ptr, n uint32 }{
		{0, 0}, {1, 0}, {0, 1}, {0x10000, 42}, {0xFFFFFFFF, 0xFFFFFFFF}, {0x80000000, 0x7FFFFFFF},
	} {
		packed := Pack(tc.ptr, tc.n)
		if want := uint64(tc.ptr)<<32 | uint64(tc.n); packed != want {
			t.Errorf("Pack(%#x, %#x) = %#x, want %#x", tc.ptr, tc.n, packed, want)
		}
		p, n := Unpack(packed)
		if p != tc.ptr || n != tc.n {
			t.Errorf("Unpack(Pack(%#x, %#x)) = %#x, %#x", tc.ptr, tc.n, p, n)
		}
	}
}
