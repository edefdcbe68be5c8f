package ir

import (
	"fmt"
	"math"
	"math/big"
	"unicode/utf8"
)

// DecodeError is a malformed-IR error at a byte offset of the input.
type DecodeError struct {
	Offset int
	Msg    string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("invalid IR at byte offset %d: %s", e.Offset, e.Msg)
}

// maxCount bounds every count and index so that int arithmetic cannot overflow.
const maxCount = math.MaxInt32

type reader struct {
	b   []byte
	pos int
}

func (r *reader) fail(at int, format string, args ...any) error {
	return &DecodeError{Offset: at, Msg: fmt.Sprintf(format, args...)}
}

// uvarint reads a minimal unsigned LEB128 varint of at most 64 bits.
func (r *reader) uvarint(what string) (uint64, error) {
	start := r.pos
	var v uint64
	for i := 0; ; i++ {
		if r.pos >= len(r.b) {
			return 0, r.fail(start, "truncated varint (%s)", what)
		}
		c := r.b[r.pos]
		r.pos++
		if i == 9 && c > 1 {
			return 0, r.fail(start, "over-long varint (%s): more than 64 bits", what)
		}
		v |= uint64(c&0x7f) << (7 * uint(i))
		if c < 0x80 {
			if c == 0 && i > 0 {
				return 0, r.fail(start, "over-long varint (%s): non-minimal encoding", what)
			}
			return v, nil
		}
	}
}

func (r *reader) svarint(what string) (int64, error) {
	u, err := r.uvarint(what)
	if err != nil {
		return 0, err
	}
	return int64(u>>1) ^ -int64(u&1), nil
}

// count reads a uvarint that is a count or an index; it must fit maxCount.
func (r *reader) count(what string) (int, error) {
	start := r.pos
	u, err := r.uvarint(what)
	if err != nil {
		return 0, err
	}
	if u > maxCount {
		return 0, r.fail(start, "%s %d is too large", what, u)
	}
	return int(u), nil
}

// bounded reads a count that must be at most the number of bytes left (each element takes at least one byte),
// so that a hostile count cannot make the decoder allocate.
func (r *reader) bounded(what string) (int, error) {
	start := r.pos
	n, err := r.count(what)
	if err != nil {
		return 0, err
	}
	if n > len(r.b)-r.pos {
		return 0, r.fail(start, "%s %d exceeds the %d remaining bytes (truncated input)", what, n, len(r.b)-r.pos)
	}
	return n, nil
}

func (r *reader) str(what string) (string, error) {
	start := r.pos
	n, err := r.bounded(what + " length")
	if err != nil {
		return "", err
	}
	s := r.b[r.pos : r.pos+n]
	if !utf8.Valid(s) {
		return "", r.fail(start, "%s is not valid UTF-8", what)
	}
	r.pos += n
	return string(s), nil
}

func (r *reader) field(what string) (*big.Int, error) {
	start := r.pos
	n, err := r.count(what + " length")
	if err != nil {
		return nil, err
	}
	if n > 32 {
		return nil, r.fail(start, "%s has length %d, at most 32 bytes allowed", what, n)
	}
	if n > len(r.b)-r.pos {
		return nil, r.fail(start, "truncated %s: needs %d bytes, %d left", what, n, len(r.b)-r.pos)
	}
	bs := r.b[r.pos : r.pos+n]
	if n > 0 && bs[0] == 0 {
		return nil, r.fail(start, "non-canonical %s: leading zero byte", what)
	}
	v := new(big.Int).SetBytes(bs)
	if v.Cmp(modulus) >= 0 {
		return nil, r.fail(start, "non-canonical %s: not below the field modulus r", what)
	}
	r.pos += n
	return v, nil
}

// index reads an index that must be below limit.
func (r *reader) index(what string, limit int) (int, error) {
	start := r.pos
	u, err := r.uvarint(what)
	if err != nil {
		return 0, err
	}
	if u >= uint64(limit) {
		return 0, r.fail(start, "%s %d out of range (%d available)", what, u, limit)
	}
	return int(u), nil
}

// bits reads a bit width in [lo, MaxBits].
func (r *reader) bits(what string, lo int) (int, error) {
	start := r.pos
	u, err := r.uvarint(what)
	if err != nil {
		return 0, err
	}
	if u < uint64(lo) || u > MaxBits {
		return 0, r.fail(start, "%s %d outside [%d, %d]", what, u, lo, MaxBits)
	}
	return int(u), nil
}

// Decode parses and validates IR v1 bytes (docs/ir.md, "Binary encoding").
func Decode(b []byte) (*Program, error) {
	r := &reader{b: b}
	if len(b) < 4 || string(b[:4]) != "ZKIR" {
		return nil, r.fail(0, "wrong magic: expected \"ZKIR\"")
	}
	r.pos = 4
	vStart := r.pos
	v, err := r.uvarint("version")
	if err != nil {
		return nil, err
	}
	if v != Version {
		return nil, r.fail(vStart, "unsupported IR version %d (this decoder supports version %d)", v, Version)
	}
	p := &Program{}
	if p.Name, err = r.str("circuit name"); err != nil {
		return nil, err
	}
	names := map[string]string{} // input and output names, unique together
	if p.NPublic, err = r.bounded("nPublicInputs"); err != nil {
		return nil, err
	}
	for i := 0; i < p.NPublic; i++ {
		if err := r.name(&p.InputNames, names, fmt.Sprintf("public input %d", i)); err != nil {
			return nil, err
		}
	}
	if p.NPrivate, err = r.bounded("nPrivateInputs"); err != nil {
		return nil, err
	}
	for i := 0; i < p.NPrivate; i++ {
		if err := r.name(&p.InputNames, names, fmt.Sprintf("private input %d", i)); err != nil {
			return nil, err
		}
	}
	nConst, err := r.bounded("nConstants")
	if err != nil {
		return nil, err
	}
	p.Constants = make([]*big.Int, nConst)
	for i := range p.Constants {
		if p.Constants[i], err = r.field(fmt.Sprintf("constant %d", i)); err != nil {
			return nil, err
		}
	}
	nTables, err := r.bounded("nTables")
	if err != nil {
		return nil, err
	}
	p.Tables = make([]Table, nTables)
	tableNames := map[string]string{}
	for i := range p.Tables {
		if err := r.table(&p.Tables[i], i, tableNames); err != nil {
			return nil, err
		}
	}
	nOps, err := r.bounded("nOps")
	if err != nil {
		return nil, err
	}
	p.Ops = make([]Op, nOps)
	p.NWires = p.NPublic + p.NPrivate
	for i := range p.Ops {
		if err := r.op(p, &p.Ops[i], i); err != nil {
			return nil, err
		}
	}
	nOut, err := r.bounded("nOutputs")
	if err != nil {
		return nil, err
	}
	p.Outputs = make([]Output, nOut)
	for i := range p.Outputs {
		if p.Outputs[i].Wire, err = r.index(fmt.Sprintf("output %d wire", i), p.NWires); err != nil {
			return nil, err
		}
		var outNames []string
		if err := r.name(&outNames, names, fmt.Sprintf("output %d", i)); err != nil {
			return nil, err
		}
		p.Outputs[i].Name = outNames[0]
	}
	if r.pos != len(b) {
		return nil, r.fail(r.pos, "%d trailing bytes after the last output", len(b)-r.pos)
	}
	p.Hash = HashOf(b)
	return p, nil
}

// name reads a non-empty name that must be unique in seen (which maps names to who holds them).
func (r *reader) name(dst *[]string, seen map[string]string, who string) error {
	start := r.pos
	s, err := r.str(who + " name")
	if err != nil {
		return err
	}
	if s == "" {
		return r.fail(start, "%s has an empty name", who)
	}
	if prev, dup := seen[s]; dup {
		return r.fail(start, "%s has the name %q of %s", who, s, prev)
	}
	seen[s] = who
	*dst = append(*dst, s)
	return nil
}

func (r *reader) table(t *Table, i int, seen map[string]string) error {
	var names []string
	if err := r.name(&names, seen, fmt.Sprintf("table %d", i)); err != nil {
		return err
	}
	t.Name = names[0]
	var err error
	if t.MinKey, err = r.svarint(fmt.Sprintf("table %d minKey", i)); err != nil {
		return err
	}
	lStart := r.pos
	n, err := r.bounded(fmt.Sprintf("table %d length", i))
	if err != nil {
		return err
	}
	if n == 0 {
		return r.fail(lStart, "table %d (%q) has length 0", i, t.Name)
	}
	if t.MinKey > math.MaxInt64-int64(n) {
		return r.fail(lStart, "table %d keys overflow: minKey %d + length %d", i, t.MinKey, n)
	}
	t.Values = make([]*big.Int, n)
	for j := range t.Values {
		if t.Values[j], err = r.field(fmt.Sprintf("table %d value %d", i, j)); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) op(p *Program, op *Op, i int) error {
	start := r.pos
	if r.pos >= len(r.b) {
		return r.fail(start, "truncated: op %d missing", i)
	}
	op.Code = Opcode(r.b[r.pos])
	r.pos++
	name := fmt.Sprintf("op %d (%s)", i, op.Code)
	wire := func() (int, error) { return r.index(name+" wire", p.NWires) }
	var err error
	switch op.Code {
	case OpConst:
		op.Const, err = r.index(name+" constant index", len(p.Constants))
	case OpAdd, OpSub, OpMul, OpAssertEq:
		op.In = make([]int, 2)
		if op.In[0], err = wire(); err == nil {
			op.In[1], err = wire()
		}
	case OpAssertBool, OpIsZero:
		op.In = make([]int, 1)
		op.In[0], err = wire()
	case OpSelect:
		op.In = make([]int, 3)
		for k := 0; k < 3 && err == nil; k++ {
			op.In[k], err = wire()
		}
	case OpLincomb:
		var n int
		if n, err = r.bounded(name + " term count"); err != nil {
			return err
		}
		op.In = make([]int, n)
		op.Coefs = make([]int, n)
		for k := 0; k < n && err == nil; k++ {
			if op.Coefs[k], err = r.index(name+" coefficient index", len(p.Constants)); err == nil {
				op.In[k], err = wire()
			}
		}
		if err == nil {
			op.Bias, err = r.index(name+" bias index", len(p.Constants))
		}
	case OpRangeCheck, OpRelu:
		op.In = make([]int, 1)
		if op.In[0], err = wire(); err == nil {
			op.Bits, err = r.bits(name+" bits", 1)
		}
	case OpRescale:
		op.In = make([]int, 1)
		if op.In[0], err = wire(); err != nil {
			return err
		}
		sStart := r.pos
		var shift uint64
		if shift, err = r.uvarint(name + " shift"); err != nil {
			return err
		}
		if op.Bits, err = r.bits(name+" bits", 2); err != nil {
			return err
		}
		if shift < 1 || shift >= uint64(op.Bits) {
			return r.fail(sStart, "%s shift %d outside [1, bits=%d)", name, shift, op.Bits)
		}
		op.Shift = int(shift)
	case OpLess, OpMax:
		op.In = make([]int, 2)
		if op.In[0], err = wire(); err == nil {
			if op.In[1], err = wire(); err == nil {
				op.Bits, err = r.bits(name+" bits", 1)
			}
		}
	case OpLookup:
		op.In = make([]int, 1)
		if op.Table, err = r.index(name+" table index", len(p.Tables)); err == nil {
			op.In[0], err = wire()
		}
	case OpPoseidon2:
		nStart := r.pos
		var n int
		if n, err = r.bounded(name + " input count"); err != nil {
			return err
		}
		if n == 0 {
			return r.fail(nStart, "%s has no inputs", name)
		}
		op.In = make([]int, n)
		for k := 0; k < n && err == nil; k++ {
			op.In[k], err = wire()
		}
	case OpEddsa: // pkX pkY rX rY s msg
		op.In = make([]int, 6)
		for k := 0; k < 6 && err == nil; k++ {
			op.In[k], err = wire()
		}
	default:
		return r.fail(start, "op %d: unknown opcode 0x%02x", i, byte(op.Code))
	}
	if err != nil {
		return err
	}
	op.Out = -1
	if op.Code.NbResults() == 1 {
		if p.NWires >= maxCount {
			return r.fail(start, "too many wires")
		}
		op.Out = p.NWires
		p.NWires++
	}
	return nil
}
