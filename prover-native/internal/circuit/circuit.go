// Package circuit turns an IR program into a gnark circuit: Define interprets the ops into frontend.API calls.
package circuit

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/hash/poseidon2"
	"github.com/consensys/gnark/std/lookup/logderivlookup"
	"github.com/consensys/gnark/std/math/bits"
	"github.com/consensys/gnark/std/rangecheck"

	"zkinfer.io/prover-native/internal/ir"
)

// Circuit is the generic gnark circuit of an IR program. Public = public inputs ‖ outputs, Secret = private inputs.
type Circuit struct {
	Public []frontend.Variable `gnark:",public"`
	Secret []frontend.Variable `gnark:",secret"`

	prog         *ir.Program `gnark:"-"`
	noCommitment bool        `gnark:"-"`
}

// New returns the circuit of prog with its slices sized for compilation. With noCommitment, range checks use
// binary decompositions and lookups one-hot selections (lookup_nocommit.go), so that gnark adds no BSB22 commitment
// (docs/ir.md, COMPILE_NO_COMMITMENT).
func New(prog *ir.Program, noCommitment bool) (*Circuit, error) {
	return &Circuit{
		Public:       make([]frontend.Variable, prog.NPublic+len(prog.Outputs)),
		Secret:       make([]frontend.Variable, prog.NPrivate),
		prog:         prog,
		noCommitment: noCommitment,
	}, nil
}

// interp holds the state of one Define run.
type interp struct {
	api    frontend.API
	rc     frontend.Rangechecker
	tables []logderivlookup.Table
	wires  []frontend.Variable
	prog   *ir.Program
	// noCommitment: lookups by one-hot selection instead of logderivlookup (which commits)
	noCommitment bool
}

// binaryChecker range-checks by binary decomposition (no commitment).
type binaryChecker struct{ api frontend.API }

func (b binaryChecker) Check(v frontend.Variable, nbBits int) {
	bits.ToBinary(b.api, v, bits.WithNbDigits(nbBits))
}

// Define implements frontend.Circuit.
func (c *Circuit) Define(api frontend.API) error {
	p := c.prog
	if p == nil {
		return fmt.Errorf("circuit has no program")
	}
	in := &interp{api: api, prog: p, tables: make([]logderivlookup.Table, len(p.Tables)), noCommitment: c.noCommitment}
	if c.noCommitment {
		in.rc = binaryChecker{api}
	} else {
		in.rc = rangecheck.New(api)
	}
	in.wires = make([]frontend.Variable, 0, p.NWires)
	in.wires = append(in.wires, c.Public[:p.NPublic]...)
	in.wires = append(in.wires, c.Secret...)
	for i := range p.Ops {
		if err := in.op(&p.Ops[i]); err != nil {
			return fmt.Errorf("op %d (%s): %w", i, p.Ops[i].Code, err)
		}
	}
	for i, o := range p.Outputs {
		api.AssertIsEqual(c.Public[p.NPublic+i], in.wires[o.Wire])
	}
	return nil
}

func constant(v *big.Int) frontend.Variable { return new(big.Int).Set(v) }

func pow2(n int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(n)) }

func (in *interp) op(op *ir.Op) error {
	api := in.api
	w := func(k int) frontend.Variable { return in.wires[op.In[k]] }
	var out frontend.Variable
	switch op.Code {
	case ir.OpConst:
		out = constant(in.prog.Constants[op.Const])
	case ir.OpAdd:
		out = api.Add(w(0), w(1))
	case ir.OpSub:
		out = api.Sub(w(0), w(1))
	case ir.OpMul:
		out = api.Mul(w(0), w(1))
	case ir.OpLincomb:
		// Products by constants and sums are linear: no multiplication constraint.
		terms := make([]frontend.Variable, 0, len(op.In)+1)
		terms = append(terms, constant(in.prog.Constants[op.Bias]))
		for k := range op.In {
			terms = append(terms, api.Mul(constant(in.prog.Constants[op.Coefs[k]]), w(k)))
		}
		if len(terms) == 1 {
			out = terms[0]
		} else {
			out = api.Add(terms[0], terms[1], terms[2:]...)
		}
	case ir.OpAssertEq:
		api.AssertIsEqual(w(0), w(1))
	case ir.OpAssertBool:
		api.AssertIsBoolean(w(0))
	case ir.OpSelect:
		api.AssertIsBoolean(w(0)) // gnark's Select asserts it too; explicit here, it is the op's contract
		out = api.Select(w(0), w(1), w(2))
	case ir.OpRangeCheck:
		in.rc.Check(w(0), op.Bits)
	case ir.OpRescale:
		q, err := in.rescale(w(0), op.Shift, op.Bits)
		if err != nil {
			return err
		}
		out = q
	case ir.OpLess:
		c, err := in.less(w(0), w(1), op.Bits)
		if err != nil {
			return err
		}
		out = c
	case ir.OpMax:
		c, err := in.less(w(0), w(1), op.Bits)
		if err != nil {
			return err
		}
		out = api.Select(c, w(1), w(0))
	case ir.OpRelu:
		c, err := in.less(w(0), 0, op.Bits)
		if err != nil {
			return err
		}
		out = api.Select(c, 0, w(0))
	case ir.OpLookup:
		key := api.Sub(w(0), ir.Field(in.prog.Tables[op.Table].MinKey))
		if in.noCommitment {
			out = selectFromTable(api, in.prog.Tables[op.Table].Values, key)
			break
		}
		out = in.table(op.Table).Lookup(key)[0]
	case ir.OpPoseidon2:
		h, err := poseidon2.New(api)
		if err != nil {
			return err
		}
		for k := range op.In {
			h.Write(w(k))
		}
		out = h.Sum()
	case ir.OpIsZero:
		out = api.IsZero(w(0))
	case ir.OpEddsa:
		if err := in.eddsaVerify(w(0), w(1), w(2), w(3), w(4), w(5)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unsupported opcode 0x%02x", byte(op.Code))
	}
	if op.Out >= 0 {
		if out == nil {
			return fmt.Errorf("op produced no value")
		}
		in.wires = append(in.wires, out)
	}
	return nil
}

// rescale returns q = floor(a / 2^shift) for signed a ∈ [-2^(bits-1), 2^(bits-1)). The hint's q and rem are
// pinned by a = q·2^shift + rem, rem ∈ [0, 2^shift), q + 2^(bits-1-shift) ∈ [0, 2^(bits-shift)).
func (in *interp) rescale(a frontend.Variable, shift, nbBits int) (frontend.Variable, error) {
	api := in.api
	res, err := api.Compiler().NewHint(RescaleHint, 2, a, shift)
	if err != nil {
		return nil, err
	}
	q, rem := res[0], res[1]
	api.AssertIsEqual(a, api.Add(api.Mul(q, pow2(shift)), rem))
	in.rc.Check(rem, shift)
	in.rc.Check(api.Add(q, pow2(nbBits-1-shift)), nbBits-shift)
	return q, nil
}

// less returns c = (a < b) for signed a - b ∈ [-2^bits, 2^bits): c is boolean and
// t = c·(b - a - 1) + (1 - c)·(a - b) = d - c·(2d + 1) with d = a - b is range-checked to bits bits.
func (in *interp) less(a, b frontend.Variable, nbBits int) (frontend.Variable, error) {
	api := in.api
	res, err := api.Compiler().NewHint(LessHint, 1, a, b)
	if err != nil {
		return nil, err
	}
	c := res[0]
	api.AssertIsBoolean(c)
	d := api.Sub(a, b)
	t := api.Sub(d, api.Mul(c, api.Add(api.Mul(d, 2), 1)))
	in.rc.Check(t, nbBits)
	return c, nil
}

func (in *interp) table(i int) logderivlookup.Table {
	if in.tables[i] == nil {
		t := logderivlookup.New(in.api)
		for _, v := range in.prog.Tables[i].Values {
			t.Insert(constant(v))
		}
		in.tables[i] = t
	}
	return in.tables[i]
}
