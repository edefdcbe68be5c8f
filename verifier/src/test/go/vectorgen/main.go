// Command vectorgen writes the test vectors of the pure-Java verifier (verifier/src/test/resources/vectors):
//
//	go run . arith  <out.json.gz>   differential vectors for G1/G2 add, scalar mul, pairings, encodings
//	go run . proofs <dir>           gnark Groth16 and PLONK proofs in the zkinfer artifact container
//	go run . forgery <dir>          vectors for the targeted forgeries (commitments, wrong hashes, PLONK trapdoor SRS)
//	go run . bench  <dir> [case…]   gnark's native verify time on those proofs (for benchmarks/README.md)
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: vectorgen arith|proofs|bench <path>")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "arith":
		err = genArith(os.Args[2], 20260101)
	case "proofs":
		err = genProofs(os.Args[2])
	case "forgery":
		err = genForgery(os.Args[2])
	case "bench":
		err = bench(os.Args[2], os.Args[3:]...)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vectorgen:", err)
		os.Exit(1)
	}
}
