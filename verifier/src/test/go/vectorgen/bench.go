package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/logger"
)

// payload strips the zkinfer container (magic, u32 BE header length, header) from an artifact file.
func payload(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 12 || string(b[:8]) != "ZKINFER\x00" {
		return nil, fmt.Errorf("%s: not a zkinfer container", path)
	}
	n := binary.BigEndian.Uint32(b[8:12])
	return b[12+n:], nil
}

// bench times gnark's native verification of the native-hash proofs of each case (or of the named ones), three ways:
//
//	verify        groth16.Verify / plonk.Verify on a proof deserialized once (the proof's subgroup checks are part
//	              of Verify; decoding is not timed)
//	read+verify   proof.ReadFrom(payload) then Verify, per call: the payload is the same bytes the Java benchmark
//	              verifies (gnark's WriteRawTo encoding inside the zkinfer container, which the Java side also
//	              parses). ReadFrom checks that every point is on its curve and in its subgroup, and Groth16's Verify
//	              checks the proof's subgroups again, so for Groth16 this does the G2 subgroup check of Bs twice.
//	decode+verify (Groth16 only) the fields decoded with NoSubgroupChecks (points still checked to be on the curve),
//	              then Verify: the proof's G2 subgroup check once, as in the Java verifier.
//
// Each is measured with testing.Benchmark five times (median of the five ns/op) and with 200 single timed calls
// (their median, the statistic of JMH's sample mode p50).
//
// gnark's default logger writes a debug line per Verify call to stdout; it is disabled here, so that the timings are
// of the verification only.
func bench(dir string, only ...string) error {
	logger.Disable()
	fmt.Printf("gnark native verify, %s, GOMAXPROCS=%d, %s\n", runtime.Version(), runtime.GOMAXPROCS(0), time.Now().Format(time.DateTime))
	for _, be := range []string{"groth16", "plonk"} {
		for _, kind := range []string{"mul", "range"} {
			for _, n := range []int{1, 5, 20} {
				name := fmt.Sprintf("%s-%s-%d", be, kind, n)
				if len(only) > 0 && !contains(only, name) {
					continue
				}
				vkb, err := payload(filepath.Join(dir, name, "vk.zkinfer"))
				if err != nil {
					return err
				}
				pb, err := payload(filepath.Join(dir, name, "proof.zkinfer"))
				if err != nil {
					return err
				}
				assign, _ := assignment(kind, n)
				full, err := frontend.NewWitness(assign, ecc.BN254.ScalarField())
				if err != nil {
					return err
				}
				public, _ := full.Public()
				runs := map[string]func() error{}
				var order []string
				if be == "groth16" {
					vk := groth16.NewVerifyingKey(ecc.BN254)
					proof := groth16.NewProof(ecc.BN254)
					if _, err := vk.ReadFrom(bytes.NewReader(vkb)); err != nil {
						return err
					}
					if _, err := proof.ReadFrom(bytes.NewReader(pb)); err != nil {
						return err
					}
					runs["verify"] = func() error { return groth16.Verify(proof, vk, public) }
					runs["read+verify"] = func() error {
						p := groth16.NewProof(ecc.BN254)
						if _, err := p.ReadFrom(bytes.NewReader(pb)); err != nil {
							return err
						}
						return groth16.Verify(p, vk, public)
					}
					runs["decode+verify"] = func() error {
						var p groth16bn254.Proof
						dec := bn254.NewDecoder(bytes.NewReader(pb), bn254.NoSubgroupChecks())
						for _, v := range []any{&p.Ar, &p.Bs, &p.Krs, &p.Commitments, &p.CommitmentPok} {
							if err := dec.Decode(v); err != nil {
								return err
							}
						}
						return groth16.Verify(&p, vk, public)
					}
					order = []string{"verify", "read+verify", "decode+verify"}
				} else {
					vk := plonk.NewVerifyingKey(ecc.BN254)
					proof := plonk.NewProof(ecc.BN254)
					if _, err := vk.ReadFrom(bytes.NewReader(vkb)); err != nil {
						return err
					}
					if _, err := proof.ReadFrom(bytes.NewReader(pb)); err != nil {
						return err
					}
					runs["verify"] = func() error { return plonk.Verify(proof, vk, public) }
					runs["read+verify"] = func() error {
						p := plonk.NewProof(ecc.BN254)
						if _, err := p.ReadFrom(bytes.NewReader(pb)); err != nil {
							return err
						}
						return plonk.Verify(p, vk, public)
					}
					order = []string{"verify", "read+verify"}
				}
				for _, what := range order {
					run := runs[what]
					if err := run(); err != nil {
						return fmt.Errorf("%s %s: %w", name, what, err)
					}
					var ns []float64
					for i := 0; i < 5; i++ {
						r := testing.Benchmark(func(b *testing.B) {
							for j := 0; j < b.N; j++ {
								if err := run(); err != nil {
									b.Fatal(err)
								}
							}
						})
						ns = append(ns, float64(r.T.Nanoseconds())/float64(r.N))
					}
					sort.Float64s(ns)
					var single []float64
					for i := 0; i < 200; i++ {
						t := time.Now()
						if err := run(); err != nil {
							return err
						}
						single = append(single, float64(time.Since(t).Nanoseconds()))
					}
					sort.Float64s(single)
					fmt.Printf("%-18s %-14s %8.3f ms/op (testing.Benchmark, median of 5)  single calls: min %.3f ms, median %.3f ms\n",
						name, what, ns[2]/1e6, single[0]/1e6, single[len(single)/2]/1e6)
				}
			}
		}
	}
	return nil
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
