package sha256

import (
	stdsha "crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

// Known answers (FIPS 180-4 examples) and every length around the block
// and padding boundaries, compared with crypto/sha256, whole and written
// in random pieces.
func TestSum256(t *testing.T) {
	for in, want := range map[string]string{
		"":    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq": "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	} {
		if got := Sum256([]byte(in)); hex.EncodeToString(got[:]) != want {
			t.Errorf("Sum256(%q) = %x, want %s", in, got, want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(r.IntN(256))
		}
		want := stdsha.Sum256(data)
		if got := Sum256(data); got != want {
			t.Fatalf("len %d: %x, want %x", n, got, want)
		}
		d := New()
		for rest := data; len(rest) > 0; {
			c := 1 + r.IntN(len(rest))
			d.Write(rest[:c])
			rest = rest[c:]
		}
		if got := d.Sum(); got != want {
			t.Fatalf("len %d in pieces: %x, want %x", n, got, want)
		}
	}
}
