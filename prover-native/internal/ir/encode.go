package ir

import (
	"encoding/binary"
	"fmt"
	"math/big"
)

// Encode writes p in the IR v1 binary encoding. It does not validate; Decode(Encode(p)) does.
func Encode(p *Program) []byte {
	var w encoder
	w.raw([]byte("ZKIR"))
	w.uv(Version)
	w.str(p.Name)
	w.uv(uint64(p.NPublic))
	for i := 0; i < p.NPublic; i++ {
		w.str(p.InputNames[i])
	}
	w.uv(uint64(p.NPrivate))
	for i := p.NPublic; i < p.NPublic+p.NPrivate; i++ {
		w.str(p.InputNames[i])
	}
	w.uv(uint64(len(p.Constants)))
	for _, c := range p.Constants {
		w.field(c)
	}
	w.uv(uint64(len(p.Tables)))
	for _, t := range p.Tables {
		w.str(t.Name)
		w.uv(uint64(t.MinKey<<1) ^ uint64(t.MinKey>>63))
		w.uv(uint64(len(t.Values)))
		for _, v := range t.Values {
			w.field(v)
		}
	}
	w.uv(uint64(len(p.Ops)))
	for _, op := range p.Ops {
		w.raw([]byte{byte(op.Code)})
		switch op.Code {
		case OpConst:
			w.uv(uint64(op.Const))
		case OpLincomb:
			w.uv(uint64(len(op.In)))
			for k := range op.In {
				w.uv(uint64(op.Coefs[k]))
				w.uv(uint64(op.In[k]))
			}
			w.uv(uint64(op.Bias))
		case OpPoseidon2:
			w.uv(uint64(len(op.In)))
			w.wires(op.In)
		case OpLookup:
			w.uv(uint64(op.Table))
			w.wires(op.In)
		case OpRangeCheck, OpLess, OpMax, OpRelu:
			w.wires(op.In)
			w.uv(uint64(op.Bits))
		case OpRescale:
			w.wires(op.In)
			w.uv(uint64(op.Shift))
			w.uv(uint64(op.Bits))
		default:
			w.wires(op.In)
		}
	}
	w.uv(uint64(len(p.Outputs)))
	for _, o := range p.Outputs {
		w.uv(uint64(o.Wire))
		w.str(o.Name)
	}
	return w.b
}

type encoder struct{ b []byte }

func (w *encoder) raw(b []byte) { w.b = append(w.b, b...) }
func (w *encoder) uv(v uint64)  { w.b = binary.AppendUvarint(w.b, v) }
func (w *encoder) str(s string) { w.uv(uint64(len(s))); w.raw([]byte(s)) }
func (w *encoder) wires(ws []int) {
	for _, x := range ws {
		w.uv(uint64(x))
	}
}
func (w *encoder) field(v *big.Int) {
	bs := v.Bytes()
	w.uv(uint64(len(bs)))
	w.raw(bs)
}

// Field returns the field element representing the signed integer v (v mod r).
func Field(v int64) *big.Int { return new(big.Int).Mod(big.NewInt(v), modulus) }

// Builder assembles a Program op by op; wires are returned as ints. Inputs are fixed at construction:
// public input i is wire i, private input i is wire nPublic+i.
type Builder struct {
	p      Program
	consts map[string]int
}

// NewBuilder starts a program with the given inputs, named x0, x1, ... (public) and w0, w1, ... (private).
func NewBuilder(name string, nPublic, nPrivate int) *Builder {
	b := &Builder{consts: map[string]int{}}
	b.p.Name, b.p.NPublic, b.p.NPrivate = name, nPublic, nPrivate
	b.p.NWires = nPublic + nPrivate
	for i := 0; i < nPublic; i++ {
		b.p.InputNames = append(b.p.InputNames, fmt.Sprintf("x%d", i))
	}
	for i := 0; i < nPrivate; i++ {
		b.p.InputNames = append(b.p.InputNames, fmt.Sprintf("w%d", i))
	}
	return b
}

// Public returns the wire of public input i.
func (b *Builder) Public(i int) int { return i }

// Private returns the wire of private input i.
func (b *Builder) Private(i int) int { return b.p.NPublic + i }

// ConstIndex interns a constant (reduced mod r) and returns its index.
func (b *Builder) ConstIndex(v *big.Int) int {
	m := new(big.Int).Mod(v, modulus)
	k := m.String()
	if i, ok := b.consts[k]; ok {
		return i
	}
	b.p.Constants = append(b.p.Constants, m)
	b.consts[k] = len(b.p.Constants) - 1
	return len(b.p.Constants) - 1
}

func (b *Builder) emit(op Op) int {
	op.Out = -1
	if op.Code.NbResults() == 1 {
		op.Out = b.p.NWires
		b.p.NWires++
	}
	b.p.Ops = append(b.p.Ops, op)
	return op.Out
}

func (b *Builder) Const(v *big.Int) int { return b.emit(Op{Code: OpConst, Const: b.ConstIndex(v)}) }
func (b *Builder) ConstInt(v int64) int { return b.Const(Field(v)) }
func (b *Builder) Add(x, y int) int     { return b.emit(Op{Code: OpAdd, In: []int{x, y}}) }
func (b *Builder) Sub(x, y int) int     { return b.emit(Op{Code: OpSub, In: []int{x, y}}) }
func (b *Builder) Mul(x, y int) int     { return b.emit(Op{Code: OpMul, In: []int{x, y}}) }
func (b *Builder) AssertEq(x, y int)    { b.emit(Op{Code: OpAssertEq, In: []int{x, y}}) }
func (b *Builder) AssertBool(x int)     { b.emit(Op{Code: OpAssertBool, In: []int{x}}) }
func (b *Builder) Select(c, x, y int) int {
	return b.emit(Op{Code: OpSelect, In: []int{c, x, y}})
}
func (b *Builder) RangeCheck(x, bits int) { b.emit(Op{Code: OpRangeCheck, In: []int{x}, Bits: bits}) }
func (b *Builder) Rescale(x, shift, bits int) int {
	return b.emit(Op{Code: OpRescale, In: []int{x}, Shift: shift, Bits: bits})
}
func (b *Builder) Less(x, y, bits int) int {
	return b.emit(Op{Code: OpLess, In: []int{x, y}, Bits: bits})
}
func (b *Builder) Max(x, y, bits int) int {
	return b.emit(Op{Code: OpMax, In: []int{x, y}, Bits: bits})
}
func (b *Builder) Relu(x, bits int) int { return b.emit(Op{Code: OpRelu, In: []int{x}, Bits: bits}) }
func (b *Builder) Lookup(table, x int) int {
	return b.emit(Op{Code: OpLookup, In: []int{x}, Table: table})
}
func (b *Builder) IsZero(x int) int { return b.emit(Op{Code: OpIsZero, In: []int{x}}) }
func (b *Builder) Poseidon2(xs ...int) int {
	return b.emit(Op{Code: OpPoseidon2, In: append([]int(nil), xs...)})
}

// Lincomb emits Σ coefs[i]·wires[i] + bias.
func (b *Builder) Lincomb(coefs []*big.Int, wires []int, bias *big.Int) int {
	if len(coefs) != len(wires) {
		panic(fmt.Sprintf("lincomb: %d coefficients for %d wires", len(coefs), len(wires)))
	}
	op := Op{Code: OpLincomb, In: append([]int(nil), wires...), Coefs: make([]int, len(coefs)), Bias: b.ConstIndex(bias)}
	for i, c := range coefs {
		op.Coefs[i] = b.ConstIndex(c)
	}
	return b.emit(op)
}

// Table adds a lookup table and returns its index.
func (b *Builder) Table(name string, minKey int64, values []*big.Int) int {
	vs := make([]*big.Int, len(values))
	for i, v := range values {
		vs[i] = new(big.Int).Mod(v, modulus)
	}
	b.p.Tables = append(b.p.Tables, Table{Name: name, MinKey: minKey, Values: vs})
	return len(b.p.Tables) - 1
}

// Output declares wire as a public output.
func (b *Builder) Output(wire int, name string) {
	b.p.Outputs = append(b.p.Outputs, Output{Wire: wire, Name: name})
}

// Build encodes the program and decodes it back, so that whatever it returns passed the decoder's validation.
func (b *Builder) Build() ([]byte, *Program, error) {
	enc := Encode(&b.p)
	p, err := Decode(enc)
	if err != nil {
		return nil, nil, err
	}
	return enc, p, nil
}

// EddsaVerify asserts an EdDSA signature (R, s) by public key (pkX, pkY) over msg.
func (b *Builder) EddsaVerify(pkX, pkY, rX, rY, s, msg int) {
	b.emit(Op{Code: OpEddsa, In: []int{pkX, pkY, rX, rY, s, msg}})
}
