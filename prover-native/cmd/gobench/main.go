// Command gobench measures gnark proving time on a synthetic IR circuit, in plain Go (no cgo, no JVM), as the
// baseline the Java FFM benchmark compares against.
//
// The circuit is built with the same IR builder as the tests and compiled through the same interpreter as the
// shared library, so the Java side can load the identical circuit (-emit-ir). Per step it computes
// t = y·x (mul) and y = 3·t + 5·x + 7 (lincomb): one R1CS constraint per step (the lincomb folds into the next
// multiplication), two PLONK constraints. The number of steps is chosen per backend so that the constraint
// count is just below 2^log (PLONK: constraints + public inputs ≤ 2^log, so the FFT domain is 2^log).
// Inputs: public x, private y0; output y (the last step).
//
// Usage:
//
//	go run ./cmd/gobench -backend groth16,plonk -log 16,20 -runs 5
//	go run ./cmd/gobench -backend plonk -log 16 -emit-ir /tmp/synthetic.zkir   # writes the IR and, next to it,
//	                                  # /tmp/synthetic.zkir.witness (gnark binary full witness) and .public
//
// Output: one JSON object per line and configuration:
//
//	{"backend":"groth16","log2":16,"steps":65534,"constraints":65535,"circuit":"<IR sha256>","runs":5,
//	 "proveMedianMs":812.3,"proveMs":[...],"compileMs":..,"setupMs":..,"verifyMs":..,"gomaxprocs":16,
//	 "numCPU":16,"gnark":"v0.16.3","go":"go1.26.8"}
//
// Setup is the development setup (Groth16 single party, PLONK with a random-tau SRS); it is not timed as a
// benchmark result beyond setupMs. Set GOMAXPROCS to limit the cores.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/ir"
	"zkinfer.io/prover-native/internal/zk"
)

type result struct {
	Backend       string    `json:"backend"`
	Log2          int       `json:"log2"`
	Steps         int       `json:"steps"`
	Constraints   int       `json:"constraints"`
	Circuit       string    `json:"circuit"`
	Runs          int       `json:"runs"`
	ProveMedianMs float64   `json:"proveMedianMs"`
	ProveMs       []float64 `json:"proveMs"`
	CompileMs     float64   `json:"compileMs"`
	SetupMs       float64   `json:"setupMs"`
	VerifyMs      float64   `json:"verifyMs"`
	GoMaxProcs    int       `json:"gomaxprocs"`
	NumCPU        int       `json:"numCPU"`
	Gnark         string    `json:"gnark"`
	Go            string    `json:"go"`
}

func main() {
	backends := flag.String("backend", "groth16,plonk", "comma-separated backends: groth16, plonk")
	logs := flag.String("log", "16", "comma-separated log2 of the target constraint counts, e.g. 16,20")
	runs := flag.Int("runs", 5, "proofs per configuration (the median is reported)")
	emit := flag.String("emit-ir", "", "write the IR (and PATH.witness, PATH.public) of the single configuration to PATH")
	emitOnly := flag.Bool("emit-only", false, "with -emit-ir: write the files and exit without proving")
	flag.BoolVar(&forceGC, "gc", false, "run runtime.GC() before each timed proof (off: the previous proof's garbage "+
		"is collected during the next one, as in a long-running prover and in the JVM, which cannot trigger Go's GC)")
	flag.Parse()

	var bs []zk.Backend
	for _, s := range strings.Split(*backends, ",") {
		b, ok := zk.ParseBackend(strings.TrimSpace(s))
		if !ok {
			fail("unknown backend %q", s)
		}
		bs = append(bs, b)
	}
	var ls []int
	for _, s := range strings.Split(*logs, ",") {
		l, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || l < 4 || l > 26 {
			fail("bad -log %q (4..26)", s)
		}
		ls = append(ls, l)
	}
	if *emit != "" && len(bs)*len(ls) != 1 {
		fail("-emit-ir needs exactly one backend and one -log")
	}
	for _, b := range bs {
		for _, l := range ls {
			steps := Steps(b, l)
			enc, prog, wit, pub := Synthetic(steps)
			if *emit != "" {
				for path, data := range map[string][]byte{*emit: enc, *emit + ".witness": wit, *emit + ".public": pub} {
					if err := os.WriteFile(path, data, 0o644); err != nil {
						fail("%v", err)
					}
				}
				if *emitOnly {
					return
				}
			}
			r, err := bench(b, l, steps, prog, wit, pub, *runs)
			if err != nil {
				fail("%s 2^%d: %v", b, l, err)
			}
			out, _ := json.Marshal(r)
			fmt.Println(string(out))
		}
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gobench: "+format+"\n", args...)
	os.Exit(1)
}

// Steps is the number of chain steps whose constraint count for b stays just below 2^log.
func Steps(b zk.Backend, log int) int {
	if b == zk.Groth16 {
		return (1 << log) - 2 // + 1 constraint for the output
	}
	return ((1 << log) - 8) / 2 // 2 per step, + public input rows and the output
}

// Synthetic builds the chain circuit of the given number of steps with its witness (x = 3, y0 = 5).
func Synthetic(steps int) (enc []byte, prog *ir.Program, witness, public []byte) {
	b := ir.NewBuilder(fmt.Sprintf("synthetic-chain-%d", steps), 1, 1)
	x, y := b.Public(0), b.Private(0)
	three, five, seven := big.NewInt(3), big.NewInt(5), big.NewInt(7)
	var fx, fy, f3, f5, f7 fr.Element
	fx.SetUint64(3)
	fy.SetUint64(5)
	f3.SetUint64(3)
	f5.SetUint64(5)
	f7.SetUint64(7)
	for i := 0; i < steps; i++ {
		t := b.Mul(y, x)
		y = b.Lincomb([]*big.Int{three, five}, []int{t, x}, seven)
		var t1, t2 fr.Element
		t1.Mul(&fy, &fx).Mul(&t1, &f3)
		t2.Mul(&fx, &f5)
		fy.Add(&t1, &t2).Add(&fy, &f7)
	}
	b.Output(y, "y")
	enc, prog, err := b.Build()
	if err != nil {
		fail("building the synthetic circuit: %v", err)
	}
	var out big.Int
	fy.BigInt(&out)
	witness = zk.EncodeWitness(2, 1, []*big.Int{big.NewInt(3), &out, big.NewInt(5)})
	public = zk.EncodeWitness(2, 0, []*big.Int{big.NewInt(3), &out})
	return enc, prog, witness, public
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// forceGC is the -gc flag.
var forceGC bool

func bench(b zk.Backend, log, steps int, prog *ir.Program, wit, pub []byte, runs int) (*result, error) {
	r := &result{Backend: b.String(), Log2: log, Steps: steps, Circuit: prog.HashHex(), Runs: runs,
		GoMaxProcs: runtime.GOMAXPROCS(0), NumCPU: runtime.NumCPU(), Gnark: artifact.GnarkVersion(), Go: runtime.Version()}
	t0 := time.Now()
	cs, err := zk.Compile(prog, b, 0)
	if err != nil {
		return nil, err
	}
	r.CompileMs = ms(time.Since(t0))
	r.Constraints = cs.GetNbConstraints()
	t0 = time.Now()
	var pk, vk any
	if b == zk.Groth16 {
		pk, vk, err = zk.SetupGroth16(cs)
	} else {
		pk, vk, err = zk.SetupPlonk(cs, nil)
	}
	if err != nil {
		return nil, err
	}
	r.SetupMs = ms(time.Since(t0))
	shape := zk.ShapeOf(prog, 0)
	w, err := zk.ParseWitness(wit, shape, true)
	if err != nil {
		return nil, err
	}
	pw, err := zk.ParseWitness(pub, shape, false)
	if err != nil {
		return nil, err
	}
	var proof any
	for i := 0; i < runs; i++ {
		if forceGC {
			runtime.GC()
		}
		t0 = time.Now()
		proof, err = zk.Prove(b, cs, pk, w, 0)
		if err != nil {
			return nil, err
		}
		r.ProveMs = append(r.ProveMs, ms(time.Since(t0)))
	}
	t0 = time.Now()
	if err := zk.Verify(b, vk, proof, pw, 0); err != nil {
		return nil, err
	}
	r.VerifyMs = ms(time.Since(t0))
	sorted := append([]float64(nil), r.ProveMs...)
	sort.Float64s(sorted)
	if n := len(sorted); n > 0 {
		if n%2 == 1 {
			r.ProveMedianMs = sorted[n/2]
		} else {
			r.ProveMedianMs = (sorted[n/2-1] + sorted[n/2]) / 2
		}
	}
	return r, nil
}
