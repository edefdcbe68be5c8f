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
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/frontend"
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

// bench times gnark's native Verify on the native-hash proofs of each case (or of the named ones):
// testing.Benchmark five times (median of the five ns/op), then 200 single timed calls (their minimum and median,
// the same statistics as JMH's sample mode).
func bench(dir string, only ...string) error {
	fmt.Printf("gnark native verify, %s, GOMAXPROCS=%d, %s\n", runtime.Version(), runtime.GOMAXPROCS(0), time.Now().Format(time.DateOnly))
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
				var run func() error
				if be == "groth16" {
					vk := groth16.NewVerifyingKey(ecc.BN254)
					proof := groth16.NewProof(ecc.BN254)
					if _, err := vk.ReadFrom(bytes.NewReader(vkb)); err != nil {
						return err
					}
					if _, err := proof.ReadFrom(bytes.NewReader(pb)); err != nil {
						return err
					}
					run = func() error { return groth16.Verify(proof, vk, public) }
				} else {
					vk := plonk.NewVerifyingKey(ecc.BN254)
					proof := plonk.NewProof(ecc.BN254)
					if _, err := vk.ReadFrom(bytes.NewReader(vkb)); err != nil {
						return err
					}
					if _, err := proof.ReadFrom(bytes.NewReader(pb)); err != nil {
						return err
					}
					run = func() error { return plonk.Verify(proof, vk, public) }
				}
				if err := run(); err != nil {
					return fmt.Errorf("%s: %w", name, err)
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
				fmt.Printf("%-18s %8.3f ms/op (testing.Benchmark, median of 5)  single calls: min %.3f ms, median %.3f ms\n",
					name, ns[2]/1e6, single[0]/1e6, single[len(single)/2]/1e6)
			}
		}
	}
	return nil
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
