package ir

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecode: any bytes either decode to a program or are refused with a *DecodeError (docs/security.md,
// "Fuzzing"); no panic, no allocation from a count the bytes do not back, and a decoded program re-encodes to the
// same bytes (the encoding is canonical, so the circuit hash names one program). Seeds: the golden IR files shared
// with the Java decoder, a one-multiplication program, and testdata/fuzz/FuzzDecode (past findings).
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("../../../circuits/src/test/resources/ir/*.zkir")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	small := NewBuilder("f", 1, 1)
	small.Output(small.Mul(0, 1), "y")
	if enc, _, err := small.Build(); err == nil {
		f.Add(enc)
	}
	f.Add([]byte("ZKIR"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(b)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("refused with %T, not a *DecodeError: %v", err, err)
			}
			return
		}
		if !bytes.Equal(Encode(p), b) {
			t.Fatalf("decoded IR does not re-encode to the same bytes")
		}
	})
}
