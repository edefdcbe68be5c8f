package ir

import (
	"bytes"
	"errors"
	"math/big"
	"strings"
	"testing"
)

func sample(t *testing.T) ([]byte, *Program) {
	t.Helper()
	b := NewBuilder("demo", 1, 2)
	m := b.Mul(b.Private(0), b.Private(1))
	r := b.Rescale(m, 8, 32)
	b.RangeCheck(r, 16)
	tb := b.Table("sq", -2, []*big.Int{big.NewInt(4), big.NewInt(1), big.NewInt(0)})
	l := b.Lookup(tb, b.Public(0))
	lc := b.Lincomb([]*big.Int{big.NewInt(3), Field(-1)}, []int{r, l}, big.NewInt(5))
	h := b.Poseidon2(lc, l)
	b.Output(h, "h")
	b.Output(r, "r")
	enc, p, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return enc, p
}

func TestRoundTrip(t *testing.T) {
	enc, p := sample(t)
	if p.NWires != 3+5 || len(p.Ops) != 6 || p.Outputs[1].Wire != 4 || p.Tables[0].MinKey != -2 {
		t.Fatalf("unexpected program %+v", p)
	}
	if !bytes.Equal(Encode(p), enc) {
		t.Fatal("re-encoding differs")
	}
	if p.HashHex() != "" && len(p.HashHex()) != 64 {
		t.Fatal("bad hash")
	}
}

// hand-written encoding: "ZKIR" v1, name "", 0 public inputs, 1 private input "a" (10 bytes), then the rest:
// nConstants at offset 10, nTables at 11, nOps at 12, the first op at 13.
func prog(rest ...byte) []byte {
	return append([]byte("ZKIR\x01\x00\x00\x01\x01a"), rest...)
}

func TestDecodeRejects(t *testing.T) {
	r := Modulus().Bytes()
	rMinus1 := new(big.Int).Sub(Modulus(), big.NewInt(1)).Bytes()
	valid := prog(0, 0, 1, 0x02, 0, 0, 1, 1, 1, 'y') // add(w0, w0) -> w1; output w1 "y"
	if _, err := Decode(valid); err != nil {
		t.Fatalf("valid program rejected: %v", err)
	}
	ok1 := prog(1, 32)
	ok1 = append(ok1, rMinus1...)
	ok1 = append(ok1, 0, 0, 0)
	if _, err := Decode(ok1); err != nil {
		t.Fatalf("r-1 constant rejected: %v", err)
	}
	lc0 := prog(1, 1, 7, 0, 1, 0x05, 0, 0, 1, 1, 1, 'y') // lincomb with no terms
	if _, err := Decode(lc0); err != nil {
		t.Fatalf("lincomb n=0 rejected: %v", err)
	}
	withConst := func(field ...byte) []byte { return append(prog(append([]byte{1}, field...)...), 0, 0, 0) }
	cases := []struct {
		name   string
		in     []byte
		offset int
		msg    string
	}{
		{"empty", nil, 0, "magic"},
		{"magic", []byte("ZKIS\x01"), 0, "magic"},
		{"version", []byte("ZKIR\x02\x00\x00\x00"), 4, "version 2"},
		{"truncated varint", []byte("ZKIR\x81"), 4, "truncated varint"},
		{"over-long varint", []byte("ZKIR\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"), 4, "over-long"},
		{"non-minimal varint", []byte("ZKIR\x81\x00"), 4, "non-minimal"},
		{"truncated name", []byte("ZKIR\x01\x05ab"), 5, "truncated"},
		{"bad utf8 name", []byte("ZKIR\x01\x01\xff\x00\x00\x00\x00\x00\x00"), 5, "UTF-8"},
		{"empty input name", []byte("ZKIR\x01\x00\x01\x00\x00\x00\x00\x00\x00"), 7, "empty name"},
		{"duplicate input name", []byte("ZKIR\x01\x00\x01\x01a\x01\x01a\x00\x00\x00\x00"), 10, "name \"a\" of public input 0"},
		{"output named like input", prog(0, 0, 0, 1, 0, 1, 'a'), 15, "name \"a\" of private input 0"},
		{"duplicate output name", prog(0, 0, 0, 2, 0, 1, 'y', 0, 1, 'y'), 18, "name \"y\" of output 0"},
		{"empty output name", prog(0, 0, 0, 1, 0, 0), 15, "empty name"},
		{"constant >= r", withConst(append([]byte{32}, r...)...), 11, "not below the field modulus"},
		{"constant leading zero", withConst(2, 0, 1), 11, "leading zero"},
		{"constant too long", withConst(33), 11, "at most 32"},
		{"unknown opcode", prog(0, 0, 1, 0x11), 13, "unknown opcode 0x11"},
		{"eddsa wire out of range", prog(0, 0, 1, 0x20, 0, 0, 0, 0, 0, 1), 19, "wire 1 out of range"},
		{"wire out of range", prog(0, 0, 1, 0x02, 0, 1), 15, "wire 1 out of range"},
		{"forward reference", prog(0, 0, 2, 0x02, 0, 0, 0x02, 2, 0), 17, "wire 2 out of range"},
		{"const index", prog(0, 0, 1, 0x01, 0), 14, "constant index 0 out of range"},
		{"table index", prog(0, 0, 1, 0x0E, 0, 0), 14, "table index 0 out of range"},
		{"lincomb coef index", prog(0, 0, 1, 0x05, 1, 0), 15, "coefficient index 0 out of range"},
		{"bits 0", prog(0, 0, 1, 0x09, 0, 0), 15, "bits 0 outside"},
		{"bits 241", prog(0, 0, 1, 0x09, 0, 0xF1, 0x01), 15, "bits 241 outside"},
		{"shift >= bits", prog(0, 0, 1, 0x0A, 0, 8, 8), 15, "shift 8 outside"},
		{"shift 0", prog(0, 0, 1, 0x0A, 0, 0, 8), 15, "shift 0 outside"},
		{"less bits", prog(0, 0, 1, 0x0B, 0, 0, 0), 16, "bits 0 outside"},
		{"zero-length table", prog(0, 1, 1, 't', 0, 0), 15, "length 0"},
		{"empty table name", prog(0, 1, 0, 0, 1, 0), 12, "empty name"},
		{"duplicate table name", prog(0, 2, 1, 't', 0, 1, 0, 1, 't', 0, 1, 0), 17, "name \"t\" of table 0"},
		{"poseidon2 no inputs", prog(0, 0, 1, 0x0F, 0), 14, "no inputs"},
		{"output wire", prog(0, 0, 0, 1, 1, 1, 'y'), 14, "output 0 wire 1 out of range"},
		{"trailing bytes", append(append([]byte{}, valid...), 0), len(valid), "trailing"},
		{"truncated ops", prog(0, 0, 2, 0x02, 0, 0), 16, "op 1 missing"},
		{"huge count", prog(0x80, 0x80, 0x80, 0x80, 0x08), 10, "too large"},
		{"count beyond input", prog(0x7f), 10, "exceeds"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.in)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("want DecodeError, got %v", err)
			}
			if de.Offset != c.offset || !strings.Contains(de.Msg, c.msg) {
				t.Fatalf("got offset %d %q, want offset %d containing %q", de.Offset, de.Msg, c.offset, c.msg)
			}
		})
	}
}

// Every strict prefix of a valid program is rejected (never a panic, never accepted).
func TestDecodeTruncations(t *testing.T) {
	enc, _ := sample(t)
	for i := 0; i < len(enc); i++ {
		if _, err := Decode(enc[:i]); err == nil {
			t.Fatalf("prefix of %d/%d bytes accepted", i, len(enc))
		}
	}
}
