// Command ceremonybench measures the Groth16 ceremony steps (init, contribute, verify, finish) on a synthetic
// circuit of 2^log - 1 R1CS constraints (domain 2^log), one step per process so that each step's peak RSS is its
// own (getrusage ru_maxrss, which includes building the R1CS; that part is timed separately as compileMs).
//
// Phase 1 for the benchmark comes from gen-ptau: a snarkjs-format .ptau written from a KNOWN τ, α, β (never use
// it for anything but benchmarks; do not commit it: 2^16 is 25 MB, 2^20 400 MB).
//
//	go run ./cmd/ceremonybench gen-ptau -log 16 -o /tmp/bench16.ptau
//	go run ./cmd/ceremonybench init -log 16 -ptau /tmp/bench16.ptau -dir /tmp/c16
//	go run ./cmd/ceremonybench contribute -dir /tmp/c16          # run it once per participant
//	go run ./cmd/ceremonybench verify -log 16 -ptau /tmp/bench16.ptau -dir /tmp/c16
//	go run ./cmd/ceremonybench finish -log 16 -ptau /tmp/bench16.ptau -dir /tmp/c16
//
// Output: one JSON line {"step":..,"log2":..,"constraints":..,"ms":..,"compileMs":..,"maxRssMiB":..,"cpuS":..,
// "gomaxprocs":..}; cpuS is the whole process's user + system CPU time (compiling the circuit included).
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	curve "github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark-crypto/ecc/bn254/fp"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/fft"
	cs "github.com/consensys/gnark/constraint/bn254"

	"zkinfer.io/prover-native/internal/ceremony"
	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/zk"
)

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ceremonybench: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 2 {
		fail("usage: ceremonybench gen-ptau|init|contribute|verify|finish [flags]")
	}
	step := os.Args[1]
	fs := flag.NewFlagSet(step, flag.ExitOnError)
	logN := fs.Int("log", 16, "log2 of the domain")
	ptau := fs.String("ptau", "", ".ptau file")
	dir := fs.String("dir", "", "ceremony folder")
	out := fs.String("o", "", "output .ptau (gen-ptau)")
	noLagrange := fs.Bool("no-lagrange", false, "gen-ptau: leave out the Lagrange sections 12-15 (an unprepared file: "+
		"init, verify and finish then compute the bases by gnark's FFTs over curve points)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the step (go tool pprof)")
	fs.Parse(os.Args[2:])
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			fail("%v", err)
		}
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}

	res := map[string]any{"step": step, "log2": *logN, "gomaxprocs": runtime.GOMAXPROCS(0), "numCPU": runtime.NumCPU()}
	var circuit ceremony.Circuit
	if step == "init" || step == "verify" || step == "finish" {
		t0 := time.Now()
		circuit = chain((1 << *logN) - 2)
		res["compileMs"] = ms(time.Since(t0))
		res["constraints"] = circuit.R1CS.GetNbConstraints()
	}
	t0 := time.Now()
	var err error
	switch step {
	case "gen-ptau":
		err = genPtau(*out, *logN, !*noLagrange)
	case "init":
		_, err = ceremony.Init(circuit, *ptau, *dir, "")
	case "contribute":
		var c *ceremony.Contribution
		if c, err = ceremony.Contribute(*dir, nil); err == nil {
			res["index"] = c.Index
		}
	case "verify":
		var r *ceremony.Report
		if r, err = ceremony.Verify(circuit, *ptau, *dir); err == nil {
			res["contributions"] = len(r.Contributions)
		}
	case "finish":
		beacon := make([]byte, 32)
		_, _, _, err = ceremony.Finish(circuit, *ptau, *dir, beacon)
	default:
		fail("unknown step %q", step)
	}
	if err != nil {
		fail("%s: %v", step, err)
	}
	res["ms"] = ms(time.Since(t0))
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	res["maxRssMiB"] = float64(ru.Maxrss) / 1024
	// CPU time of the whole process (user + system, all threads): on a shared machine it says more than wall time
	res["cpuS"] = float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	b, _ := json.Marshal(res)
	fmt.Println(string(b))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// chain is gobench's synthetic circuit: per step t = y·x, y = 3t + 5x + 7, one R1CS constraint per step.
func chain(steps int) ceremony.Circuit {
	b := ir.NewBuilder(fmt.Sprintf("synthetic-chain-%d", steps), 1, 1)
	x, y := b.Public(0), b.Private(0)
	for i := 0; i < steps; i++ {
		t := b.Mul(y, x)
		y = b.Lincomb([]*big.Int{big.NewInt(3), big.NewInt(5)}, []int{t, x}, big.NewInt(7))
	}
	b.Output(y, "y")
	_, prog, err := b.Build()
	if err != nil {
		fail("building the circuit: %v", err)
	}
	sys, err := zk.Compile(prog, zk.Groth16, 0)
	if err != nil {
		fail("compiling: %v", err)
	}
	return ceremony.Circuit{R1CS: sys.(*cs.R1CS), Hash: prog.HashHex()}
}

// genPtau writes sections 1-6 of a snarkjs .ptau of power p from fixed, PUBLIC τ, α, β, and the Lagrange sections
// 12-15 of a prepared file (like Hermez's powersOfTau28_hez_final_*.ptau) unless told not to.
func genPtau(path string, p int, lagrange bool) error {
	n := 1 << p
	var tau, alpha, beta fr.Element
	tau.SetUint64(0x7a75) // known: benchmark only
	alpha.SetUint64(11)
	beta.SetUint64(13)
	pows := make([]fr.Element, 2*n-1)
	pows[0].SetOne()
	for i := 1; i < len(pows); i++ {
		pows[i].Mul(&pows[i-1], &tau)
	}
	_, _, g1, g2 := curve.Generators()
	tauG1 := combG1(&g1, pows)
	tauG2 := combG2(&g2, pows[:n])
	scaled := func(k *fr.Element) []curve.G1Affine {
		s := make([]fr.Element, n)
		for i := range s {
			s[i].Mul(&pows[i], k)
		}
		return combG1(&g1, s)
	}
	alphaG1, betaG1 := scaled(&alpha), scaled(&beta)
	var bb big.Int
	var betaG2 curve.G2Affine
	betaG2.ScalarMultiplication(&g2, beta.BigInt(&bb))

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	u32 := func(v uint32) { binary.Write(w, binary.LittleEndian, v) }
	u64 := func(v uint64) { binary.Write(w, binary.LittleEndian, v) }
	coord := func(e *fp.Element) { // Montgomery form, little-endian words
		for _, word := range e {
			binary.Write(w, binary.LittleEndian, word)
		}
	}
	g1s := func(ps []curve.G1Affine) {
		for i := range ps {
			coord(&ps[i].X)
			coord(&ps[i].Y)
		}
	}
	g2s := func(ps []curve.G2Affine) {
		for i := range ps {
			coord(&ps[i].X.A0)
			coord(&ps[i].X.A1)
			coord(&ps[i].Y.A0)
			coord(&ps[i].Y.A1)
		}
	}
	w.WriteString("ptau")
	u32(1)
	if lagrange {
		u32(10)
	} else {
		u32(6)
	}
	// section 1: n8, q (little-endian), power, ceremonyPower
	u32(1)
	u64(4 + 32 + 4 + 4)
	u32(32)
	q := fp.Modulus().Bytes()
	for i := len(q) - 1; i >= 0; i-- {
		w.WriteByte(q[i])
	}
	for i := len(q); i < 32; i++ {
		w.WriteByte(0)
	}
	u32(uint32(p))
	u32(uint32(p))
	u32(2)
	u64(uint64(64 * len(tauG1)))
	g1s(tauG1)
	u32(3)
	u64(uint64(128 * n))
	g2s(tauG2)
	u32(4)
	u64(uint64(64 * n))
	g1s(alphaG1)
	u32(5)
	u64(uint64(64 * n))
	g1s(betaG1)
	u32(6)
	u64(128)
	g2s([]curve.G2Affine{betaG2})
	if !lagrange {
		return w.Flush()
	}
	// sections 12-15 as snarkjs "powersoftau prepare phase2" writes them: the Lagrange bases of every domain 2^k
	// (k = 0..p+1 for section 12, 0..p for the others), concatenated, each in natural order
	lagrangeScalars := func(maxLog int, k *fr.Element) []fr.Element {
		var out []fr.Element
		for l := 0; l <= maxLog; l++ {
			out = append(out, lagrangeAt(&tau, l, k)...)
		}
		return out
	}
	var one fr.Element
	one.SetOne()
	section := func(id uint32, ps []curve.G1Affine) {
		u32(id)
		u64(uint64(64 * len(ps)))
		g1s(ps)
	}
	section(12, combG1(&g1, lagrangeScalars(p+1, &one)))
	l2 := combG2(&g2, lagrangeScalars(p, &one))
	u32(13)
	u64(uint64(128 * len(l2)))
	g2s(l2)
	l2 = nil
	section(14, combG1(&g1, lagrangeScalars(p, &alpha)))
	section(15, combG1(&g1, lagrangeScalars(p, &beta)))
	return w.Flush()
}

// lagrangeAt returns k·Lᵢ(τ) for the domain of size m = 2^log (gnark's ω): Lᵢ(τ) = ωⁱ(τᵐ - 1) / (m(τ - ωⁱ)).
func lagrangeAt(tau *fr.Element, log int, k *fr.Element) []fr.Element {
	m := 1 << log
	out := make([]fr.Element, m)
	if m == 1 {
		out[0] = *k
		return out
	}
	d := fft.NewDomain(uint64(m))
	omegaI := make([]fr.Element, m)
	omegaI[0].SetOne()
	for i := 1; i < m; i++ {
		omegaI[i].Mul(&omegaI[i-1], &d.Generator)
	}
	den := make([]fr.Element, m)
	for i := range den {
		den[i].Sub(tau, &omegaI[i])
	}
	den = fr.BatchInvert(den)
	var num fr.Element
	num.Exp(*tau, big.NewInt(int64(m)))
	num.Sub(&num, new(fr.Element).SetOne())
	num.Mul(&num, &d.CardinalityInv)
	num.Mul(&num, k)
	for i := range out {
		out[i].Mul(&omegaI[i], &den[i]).Mul(&out[i], &num)
	}
	return out
}

// combG1 returns [sᵢ]g for every scalar by a fixed-base comb: 16 tables of the 2^16 multiples of [2^(16w)]g, so
// each point costs 16 additions (gnark-crypto's BatchScalarMultiplicationG1 doubles 254 times per point: 15× slower,
// which made gen-ptau of power 20 take over an hour on a loaded 2-CPU machine).
// The tables are built once per base (always the generator here).
var (
	g1Tables [][]curve.G1Affine
	g2Tables [][]curve.G2Affine
)

func combG1(g *curve.G1Affine, scalars []fr.Element) []curve.G1Affine {
	const w, windows = 16, 16
	if g1Tables == nil {
		g1Tables = combTablesG1(g)
	}
	tables := g1Tables
	out := make([]curve.G1Jac, len(scalars))
	zk.Parallel(len(scalars), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			words := scalars[i].Bits() // regular form, little-endian 64-bit words
			for k := 0; k < windows; k++ {
				if d := (words[k/4] >> (w * (k % 4))) & (1<<w - 1); d != 0 {
					out[i].AddMixed(&tables[k][d-1])
				}
			}
		}
	})
	return curve.BatchJacobianToAffineG1(out)
}

func combTablesG1(g *curve.G1Affine) [][]curve.G1Affine {
	const w, windows = 16, 16
	tables := make([][]curve.G1Affine, windows)
	base := *g
	for k := range tables {
		jac := make([]curve.G1Jac, 1<<w) // jac[d] = d·base; jac[0] is unused
		jac[1].FromAffine(&base)
		for d := 2; d < len(jac); d++ {
			jac[d] = jac[d-1]
			jac[d].AddMixed(&base)
		}
		var next curve.G1Jac
		next.Double(&jac[1<<(w-1)])
		tables[k] = curve.BatchJacobianToAffineG1(jac[1:])
		base.FromJacobian(&next)
	}
	return tables
}

// combG2 is combG1 in G2.
func combG2(g *curve.G2Affine, scalars []fr.Element) []curve.G2Affine {
	const w, windows = 16, 16
	if g2Tables == nil {
		g2Tables = combTablesG2(g)
	}
	tables := g2Tables
	out := make([]curve.G2Jac, len(scalars))
	zk.Parallel(len(scalars), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			words := scalars[i].Bits()
			for k := 0; k < windows; k++ {
				if d := (words[k/4] >> (w * (k % 4))) & (1<<w - 1); d != 0 {
					out[i].AddMixed(&tables[k][d-1])
				}
			}
		}
	})
	return batchAffineG2(out)
}

func combTablesG2(g *curve.G2Affine) [][]curve.G2Affine {
	const w, windows = 16, 16
	tables := make([][]curve.G2Affine, windows)
	base := *g
	for k := range tables {
		jac := make([]curve.G2Jac, 1<<w)
		jac[1].FromAffine(&base)
		for d := 2; d < len(jac); d++ {
			jac[d] = jac[d-1]
			jac[d].AddMixed(&base)
		}
		var next curve.G2Jac
		next.Double(&jac[1<<(w-1)])
		tables[k] = batchAffineG2(jac[1:])
		base.FromJacobian(&next)
	}
	return tables
}

// batchAffineG2 converts to affine with one inversion in chunks (Montgomery's trick), in parallel.
func batchAffineG2(jac []curve.G2Jac) []curve.G2Affine {
	out := make([]curve.G2Affine, len(jac))
	zk.Parallel(len(jac), func(lo, hi int) {
		prefix := make([]curve.E2, hi-lo)
		var acc curve.E2
		acc.SetOne()
		for i := lo; i < hi; i++ {
			prefix[i-lo] = acc
			if !jac[i].Z.IsZero() {
				acc.Mul(&acc, &jac[i].Z)
			}
		}
		var inv curve.E2
		inv.Inverse(&acc)
		for i := hi - 1; i >= lo; i-- {
			if jac[i].Z.IsZero() {
				continue // (0, 0): infinity
			}
			var zInv, zInv2 curve.E2
			zInv.Mul(&inv, &prefix[i-lo])
			inv.Mul(&inv, &jac[i].Z)
			zInv2.Square(&zInv)
			out[i].X.Mul(&jac[i].X, &zInv2)
			out[i].Y.Mul(&jac[i].Y, &zInv2).Mul(&out[i].Y, &zInv)
		}
	})
	return out
}
