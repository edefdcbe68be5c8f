package ceremony

import (
	"math/big"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/consensys/gnark-crypto/ecc"
	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	gcmpc "github.com/consensys/gnark-crypto/ecc/bn254/mpcsetup"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	"github.com/consensys/gnark/constraint"
	cs "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/zk"
)

// initialize is gnark v0.16.3's Phase2.Initialize (backend/groth16/bn254/mpcsetup/phase2.go) computed from given
// Lagrange bases (a prepared .ptau's, checked by zk.Phase1WithLagrangeFromPtau) instead of FFTs over curve points,
// and with the per-wire sums in Jacobian coordinates (one batch inversion per chunk of wires instead of one inversion
// per affine addition), in parallel over wires. The result is the same group elements, hence the same bytes:
// TestInitializeMatchesGnark compares both on circuits with public inputs and commitments. Without bases (an
// unprepared .ptau) it is gnark's Initialize itself.
func initialize(r *cs.R1CS, commons *mpcsetup.SrsCommons, lag *zk.LagrangeBases) (*mpcsetup.Phase2, mpcsetup.Phase2Evaluations) {
	var p mpcsetup.Phase2
	if lag == nil {
		evals := p.Initialize(r, commons)
		return &p, evals
	}
	n := len(commons.G1.AlphaTau)
	if n < r.GetNbConstraints() || len(lag.G1Tau) != n || len(lag.G2Tau) != n || len(lag.G1AlphaTau) != n || len(lag.G1BetaTau) != n {
		panic("Number of constraints is larger than expected") // gnark's Initialize panics the same way
	}
	nbInternal, nbSecret, nbPublic := r.GetNbVariables()
	nWires := nbInternal + nbSecret + nbPublic
	terms := wireTerms(r, nWires)
	coeffs := scalarsOf(r.Coefficients)

	var evals mpcsetup.Phase2Evaluations
	commitments := r.CommitmentInfo.(constraint.Groth16Commitments)
	evals.PublicAndCommitmentCommitted = commitments.GetPublicAndCommitmentCommitted(commitments.CommitmentIndexes(), nbPublic)
	evals.G1.A = make([]curve.G1Affine, nWires)
	evals.G1.B = make([]curve.G1Affine, nWires)
	evals.G2.B = make([]curve.G2Affine, nWires)
	// K[j] = [βAⱼ(τ) + αBⱼ(τ) + Cⱼ(τ)]₁: gnark keeps βA, αB and C apart and adds them at the end; the sum is the same.
	K := make([]curve.G1Affine, nWires)

	// A wire in very many constraints (the constant-one wire, a shared input) is one multi-exponentiation per sum
	// (itself parallel); the other wires are summed term by term, in parallel chunks of wires.
	heavy := heavyWireTerms
	isHeavy := func(j int) bool {
		return terms.L.count(j) > heavy || terms.R.count(j) > heavy || terms.O.count(j) > heavy
	}
	for j := 0; j < nWires; j++ {
		if !isHeavy(j) {
			continue
		}
		var a, b, k curve.G1Jac
		var b2 curve.G2Jac
		msmG1(&a, terms.L.of(j), lag.G1Tau, r.Coefficients)
		msmG1(&k, terms.L.of(j), lag.G1BetaTau, r.Coefficients)
		msmG1(&b, terms.R.of(j), lag.G1Tau, r.Coefficients)
		msmG2(&b2, terms.R.of(j), lag.G2Tau, r.Coefficients)
		var t curve.G1Jac
		msmG1(&t, terms.R.of(j), lag.G1AlphaTau, r.Coefficients)
		k.AddAssign(&t)
		msmG1(&t, terms.O.of(j), lag.G1Tau, r.Coefficients)
		k.AddAssign(&t)
		evals.G1.A[j].FromJacobian(&a)
		evals.G1.B[j].FromJacobian(&b)
		evals.G2.B[j].FromJacobian(&b2)
		K[j].FromJacobian(&k)
	}
	const chunk = 1 << 11
	parallelDynamic((nWires+chunk-1)/chunk, func(c int) {
		lo, hi := c*chunk, min(c*chunk+chunk, nWires)
		a := make([]curve.G1Jac, hi-lo)
		b := make([]curve.G1Jac, hi-lo)
		k := make([]curve.G1Jac, hi-lo)
		b2 := make([]curve.G2Jac, hi-lo)
		for j := lo; j < hi; j++ {
			if isHeavy(j) {
				continue // done above; the zero Jacobian point (Z = 0) is infinity and is not written back
			}
			x := j - lo
			for _, t := range terms.L.of(j) {
				addTermG1(&a[x], &coeffs[t.coeff], &lag.G1Tau[t.row])
				addTermG1(&k[x], &coeffs[t.coeff], &lag.G1BetaTau[t.row])
			}
			for _, t := range terms.R.of(j) {
				addTermG1(&b[x], &coeffs[t.coeff], &lag.G1Tau[t.row])
				addTermG2(&b2[x], &coeffs[t.coeff], &lag.G2Tau[t.row])
				addTermG1(&k[x], &coeffs[t.coeff], &lag.G1AlphaTau[t.row])
			}
			for _, t := range terms.O.of(j) {
				addTermG1(&k[x], &coeffs[t.coeff], &lag.G1Tau[t.row])
			}
		}
		toAffineG1(evals.G1.A[lo:hi], a, func(j int) bool { return !isHeavy(lo + j) })
		toAffineG1(evals.G1.B[lo:hi], b, func(j int) bool { return !isHeavy(lo + j) })
		toAffineG1(K[lo:hi], k, func(j int) bool { return !isHeavy(lo + j) })
		toAffineG2(evals.G2.B[lo:hi], b2, func(j int) bool { return !isHeavy(lo + j) })
	})

	_, _, g1, g2 := curve.Generators()
	p.Parameters.G1.Delta = g1
	p.Parameters.G2.Delta = g2

	// Z[i] = [τⁱ(τⁿ - 1)]₁ = [τ⁽ⁱ⁺ⁿ⁾]₁ - [τⁱ]₁ for i ≤ n-2, then gnark's bit reversal over n entries (the last one
	// the point at infinity) and truncation to n-1.
	p.Parameters.G1.Z = make([]curve.G1Affine, n)
	parallelDynamic((n-1+chunk-1)/chunk, func(c int) {
		lo, hi := c*chunk, min(c*chunk+chunk, n-1)
		z := make([]curve.G1Jac, hi-lo)
		for i := lo; i < hi; i++ {
			var neg curve.G1Affine
			neg.Neg(&commons.G1.Tau[i])
			z[i-lo].FromAffine(&commons.G1.Tau[i+n])
			z[i-lo].AddMixed(&neg)
		}
		toAffineG1(p.Parameters.G1.Z[lo:hi], z, nil)
	})
	bitReverse(p.Parameters.G1.Z)
	p.Parameters.G1.Z = p.Parameters.G1.Z[:n-1]

	evals.G1.CKK = make([][]curve.G1Affine, len(commitments))
	p.Sigmas = make([]gcmpc.UpdateProof, len(commitments))
	p.Parameters.G1.SigmaCKK = make([][]curve.G1Affine, len(commitments))
	p.Parameters.G2.Sigma = make([]curve.G2Affine, len(commitments))
	for j := range commitments {
		evals.G1.CKK[j] = make([]curve.G1Affine, 0, len(commitments[j].PrivateCommitted))
		p.Parameters.G2.Sigma[j] = g2
	}
	privateCommitted := commitments.GetPrivateCommitted()
	nbCommitted := 0
	for _, s := range privateCommitted {
		nbCommitted += len(s)
	}
	// the same split as gnark's: committed private wires to their commitment's basis, public wires and commitment
	// wires to the verifying key, the rest to the proving key
	p.Parameters.G1.PKK = make([]curve.G1Affine, 0, nbInternal+nbSecret-nbCommitted-len(commitments))
	evals.G1.VKK = make([]curve.G1Affine, 0, nbPublic+len(commitments))
	committed := newMergeIterator(privateCommitted)
	nbCommitmentsSeen := 0
	for j := 0; j < nWires; j++ {
		commitmentIndex := committed.indexIfNext(j)
		isCommitment := nbCommitmentsSeen < len(commitments) && commitments[nbCommitmentsSeen].CommitmentIndex == j
		if commitmentIndex != -1 {
			evals.G1.CKK[commitmentIndex] = append(evals.G1.CKK[commitmentIndex], K[j])
		} else if j < nbPublic || isCommitment {
			evals.G1.VKK = append(evals.G1.VKK, K[j])
		} else {
			p.Parameters.G1.PKK = append(p.Parameters.G1.PKK, K[j])
		}
		if isCommitment {
			nbCommitmentsSeen++
		}
	}
	for j := range commitments {
		p.Parameters.G1.SigmaCKK[j] = slices.Clone(evals.G1.CKK[j])
	}
	p.Challenge = nil
	return &p, evals
}

// heavyWireTerms: a wire with more terms than this in L, R or O is summed by multi-exponentiation (a variable so
// that the test can send small circuits down both paths).
var heavyWireTerms = 1 << 10

// ---------------------------------------------------------------------------------------------- the R1CS by wire

// term is one coefficient·wire of one constraint (row), seen from the wire.
type term struct{ row, coeff uint32 }

// byWire holds, for each wire, the terms it appears in (compressed sparse rows: wire j's are at[off[j]:off[j+1]]),
// in constraint order.
type byWire struct {
	off []int
	at  []term
}

func (b *byWire) count(j int) int { return b.off[j+1] - b.off[j] }
func (b *byWire) of(j int) []term { return b.at[b.off[j]:b.off[j+1]] }

type allTerms struct{ L, R, O byWire }

// wireTerms transposes the R1CS (constraints of terms) into terms by wire, for L, R and O: two passes over the
// constraints, one counting and one filling.
func wireTerms(r *cs.R1CS, nWires int) *allTerms {
	t := &allTerms{}
	lists := []*byWire{&t.L, &t.R, &t.O}
	for _, l := range lists {
		l.off = make([]int, nWires+1)
	}
	it := r.GetR1CIterator()
	for c := it.Next(); c != nil; c = it.Next() {
		for k, le := range []constraint.LinearExpression{c.L, c.R, c.O} {
			for _, x := range le {
				lists[k].off[x.WireID()+1]++
			}
		}
	}
	for _, l := range lists {
		for j := 0; j < nWires; j++ {
			l.off[j+1] += l.off[j]
		}
		l.at = make([]term, l.off[nWires])
	}
	fill := [3][]int{}
	for k, l := range lists {
		fill[k] = slices.Clone(l.off[:nWires])
	}
	it = r.GetR1CIterator()
	row := uint32(0)
	for c := it.Next(); c != nil; c = it.Next() {
		for k, le := range []constraint.LinearExpression{c.L, c.R, c.O} {
			for _, x := range le {
				w := x.WireID()
				lists[k].at[fill[k][w]] = term{row: row, coeff: x.CID}
				fill[k][w]++
			}
		}
		row++
	}
	return t
}

// ---------------------------------------------------------------------------------------------- group arithmetic

// scalar is a coefficient ready for multiplying points: gnark's small IDs for 0, ±1, 2, else the value, or its
// negation when that is much shorter (-3 as 3 then a negation: gnark multiplies scalars of fewer than ~143 bits by
// a short double-and-add instead of GLV).
type scalar struct {
	kind int // one of the constraint.CoeffId* below, or general
	s    big.Int
	neg  bool
}

const general = -1

func scalarsOf(coefficients []fr.Element) []scalar {
	out := make([]scalar, len(coefficients))
	modulus := fr.Modulus()
	for i := range coefficients {
		c := &out[i]
		switch i {
		case constraint.CoeffIdZero, constraint.CoeffIdOne, constraint.CoeffIdMinusOne, constraint.CoeffIdTwo:
			c.kind = i
			continue
		}
		c.kind = general
		coefficients[i].BigInt(&c.s)
		var negated big.Int
		negated.Sub(modulus, &c.s)
		if negated.BitLen() < c.s.BitLen() {
			c.s.Set(&negated)
			c.neg = true
		}
	}
	return out
}

// addTermG1 adds c·p to acc: gnark's accumulateG1, in Jacobian coordinates.
func addTermG1(acc *curve.G1Jac, c *scalar, p *curve.G1Affine) {
	switch c.kind {
	case constraint.CoeffIdZero:
	case constraint.CoeffIdOne:
		acc.AddMixed(p)
	case constraint.CoeffIdMinusOne:
		var q curve.G1Affine
		q.Neg(p)
		acc.AddMixed(&q)
	case constraint.CoeffIdTwo:
		acc.AddMixed(p)
		acc.AddMixed(p)
	default:
		var q curve.G1Jac
		q.FromAffine(p)
		q.ScalarMultiplication(&q, &c.s)
		if c.neg {
			q.Neg(&q)
		}
		acc.AddAssign(&q)
	}
}

// addTermG2 is addTermG1 in G2.
func addTermG2(acc *curve.G2Jac, c *scalar, p *curve.G2Affine) {
	switch c.kind {
	case constraint.CoeffIdZero:
	case constraint.CoeffIdOne:
		acc.AddMixed(p)
	case constraint.CoeffIdMinusOne:
		var q curve.G2Affine
		q.Neg(p)
		acc.AddMixed(&q)
	case constraint.CoeffIdTwo:
		acc.AddMixed(p)
		acc.AddMixed(p)
	default:
		var q curve.G2Jac
		q.FromAffine(p)
		q.ScalarMultiplication(&q, &c.s)
		if c.neg {
			q.Neg(&q)
		}
		acc.AddAssign(&q)
	}
}

// msmG1 sets acc to Σ coefficient·bases[row] over the terms (gnark's coefficient 0 included: it adds nothing).
func msmG1(acc *curve.G1Jac, ts []term, bases []curve.G1Affine, coefficients []fr.Element) {
	points := make([]curve.G1Affine, len(ts))
	scalars := make([]fr.Element, len(ts))
	for i, t := range ts {
		points[i], scalars[i] = bases[t.row], coefficients[t.coeff]
	}
	acc.Set(&curve.G1Jac{}) // infinity, for an empty list
	if len(ts) == 0 {
		return
	}
	if _, err := acc.MultiExp(points, scalars, ecc.MultiExpConfig{}); err != nil {
		panic(err) // only for mismatched lengths or a bad config
	}
}

func msmG2(acc *curve.G2Jac, ts []term, bases []curve.G2Affine, coefficients []fr.Element) {
	points := make([]curve.G2Affine, len(ts))
	scalars := make([]fr.Element, len(ts))
	for i, t := range ts {
		points[i], scalars[i] = bases[t.row], coefficients[t.coeff]
	}
	acc.Set(&curve.G2Jac{})
	if len(ts) == 0 {
		return
	}
	if _, err := acc.MultiExp(points, scalars, ecc.MultiExpConfig{}); err != nil {
		panic(err)
	}
}

// toAffineG1 writes the Jacobian points (those for which keep says so; all when keep is nil) to out in affine
// coordinates with one field inversion for all (Montgomery's trick). Infinity becomes gnark's (0, 0).
func toAffineG1(out []curve.G1Affine, jac []curve.G1Jac, keep func(int) bool) {
	prefix := make([]fp.Element, len(jac)) // prefix[i] = product of the non-zero Z before i
	acc := fp.One()
	for i := range jac {
		prefix[i] = acc
		if !jac[i].Z.IsZero() {
			acc.Mul(&acc, &jac[i].Z)
		}
	}
	var inv fp.Element
	inv.Inverse(&acc)
	for i := len(jac) - 1; i >= 0; i-- {
		z := &jac[i].Z
		if z.IsZero() {
			if keep == nil || keep(i) {
				out[i] = curve.G1Affine{}
			}
			continue
		}
		var zInv, zInv2 fp.Element
		zInv.Mul(&inv, &prefix[i])
		inv.Mul(&inv, z)
		if keep != nil && !keep(i) {
			continue
		}
		zInv2.Square(&zInv)
		out[i].X.Mul(&jac[i].X, &zInv2)
		out[i].Y.Mul(&jac[i].Y, &zInv2).Mul(&out[i].Y, &zInv)
	}
}

// toAffineG2 is toAffineG1 in G2.
func toAffineG2(out []curve.G2Affine, jac []curve.G2Jac, keep func(int) bool) {
	prefix := make([]curve.E2, len(jac))
	var acc curve.E2
	acc.SetOne()
	for i := range jac {
		prefix[i] = acc
		if !jac[i].Z.IsZero() {
			acc.Mul(&acc, &jac[i].Z)
		}
	}
	var inv curve.E2
	inv.Inverse(&acc)
	for i := len(jac) - 1; i >= 0; i-- {
		z := &jac[i].Z
		if z.IsZero() {
			if keep == nil || keep(i) {
				out[i] = curve.G2Affine{}
			}
			continue
		}
		var zInv, zInv2 curve.E2
		zInv.Mul(&inv, &prefix[i])
		inv.Mul(&inv, z)
		if keep != nil && !keep(i) {
			continue
		}
		zInv2.Square(&zInv)
		out[i].X.Mul(&jac[i].X, &zInv2)
		out[i].Y.Mul(&jac[i].Y, &zInv2).Mul(&out[i].Y, &zInv)
	}
}

// ---------------------------------------------------------------------------------------------- small helpers

// bitReverse is gnark's mpcsetup bitReverse (unexported there).
func bitReverse[T any](a []T) {
	n := uint64(len(a))
	nn := uint64(64 - bits.TrailingZeros64(n))
	for i := uint64(0); i < n; i++ {
		irev := bits.Reverse64(i) >> nn
		if irev > i {
			a[i], a[irev] = a[irev], a[i]
		}
	}
}

// mergeIterator walks several sorted lists of wire indices in increasing order (gnark's internal MergeIterator).
type mergeIterator struct {
	lists [][]int
	least int // the list holding the smallest head, -1 when all are empty
}

func newMergeIterator(lists [][]int) *mergeIterator {
	m := &mergeIterator{lists: slices.Clone(lists)}
	m.findLeast()
	return m
}

func (m *mergeIterator) findLeast() {
	m.least = -1
	for j, l := range m.lists {
		if len(l) > 0 && (m.least == -1 || l[0] < m.lists[m.least][0]) {
			m.least = j
		}
	}
}

// indexIfNext returns the list whose head is value and advances past it, or -1 if value is not the smallest head.
func (m *mergeIterator) indexIfNext(value int) int {
	if m.least == -1 || m.lists[m.least][0] != value {
		return -1
	}
	index := m.least
	m.lists[index] = m.lists[index][1:]
	m.findLeast()
	return index
}

// parallelDynamic runs fn(0..tasks-1) on all CPUs, handing out tasks one at a time (chunks of wires cost unevenly).
func parallelDynamic(tasks int, fn func(task int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), tasks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t := int(next.Add(1) - 1)
				if t >= tasks {
					return
				}
				fn(t)
			}
		}()
	}
	wg.Wait()
}
