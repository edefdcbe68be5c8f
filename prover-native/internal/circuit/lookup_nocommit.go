package circuit

import (
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/math/bits"
)

// selectFromTable returns values[key] and asserts 0 <= key < len(values), without a commitment: gnark's
// log-derivative lookup (logderivlookup) commits to its queries, and a Groth16 commitment costs ≈ 120k gas in the
// EVM verifier. Used with COMPILE_NO_COMMITMENT.
//
// The key's n bits (n = bit length of len(values)-1) are split into a high part of n-a bits and a low part of a bits;
// each part becomes a one-hot vector built from its bits (about 2^a and 2^(n-a) multiplications). Then
//
//	value = sum_h hi[h] * (sum_l values[h*2^a + l] * lo[l])
//
// costs one constraint per high index (a variable times a linear combination of constants and variables is one R1CS
// constraint). With a = ceil(n/2) a lookup costs about 3 * 2^(n/2) + n constraints: ~800 for a 2^16 table.
// Keys in [len(values), 2^n) pass the bit decomposition, so the one-hot entry of the key must be a valid index:
// sum over valid (h, l) of hi[h]*lo[l] == 1, i.e. the full high blocks plus the partial one.
func selectFromTable(api frontend.API, values []*big.Int, key frontend.Variable) frontend.Variable {
	size := len(values)
	n := big.NewInt(int64(size - 1)).BitLen()
	if n == 0 { // one entry: key must be 0
		api.AssertIsEqual(key, 0)
		return new(big.Int).Set(values[0])
	}
	b := bits.ToBinary(api, key, bits.WithNbDigits(n)) // asserts key = sum b_i 2^i, b_i boolean: key < 2^n
	a := (n + 1) / 2
	lo := oneHot(api, b[:a])
	hi := oneHot(api, b[a:])

	var out frontend.Variable = 0
	for h := range hi {
		var row frontend.Variable = 0
		nonZero := false
		for l := range lo {
			if i := h<<a + l; i < size && values[i].Sign() != 0 {
				row = api.Add(row, api.Mul(lo[l], new(big.Int).Set(values[i])))
				nonZero = true
			}
		}
		if nonZero {
			out = api.Add(out, api.Mul(hi[h], row))
		}
	}

	// the key is an index of the table: full blocks h < size>>a count whole, the partial block only for l < rem
	full, rem := size>>a, size&(1<<a-1)
	var valid frontend.Variable = 0
	for h := 0; h < full; h++ {
		valid = api.Add(valid, hi[h])
	}
	if rem > 0 {
		var part frontend.Variable = 0
		for l := 0; l < rem; l++ {
			part = api.Add(part, lo[l])
		}
		valid = api.Add(valid, api.Mul(hi[full], part))
	}
	api.AssertIsEqual(valid, 1)
	return out
}

// oneHot returns the 2^len(bits) indicators [i == sum bits_j 2^j] of boolean bits (bits[0] least significant):
// built level by level, e*b is one multiplication and e*(1-b) = e - e*b is free.
func oneHot(api frontend.API, bs []frontend.Variable) []frontend.Variable {
	cur := []frontend.Variable{1}
	for j, bit := range bs {
		next := make([]frontend.Variable, 2<<j)
		for i, e := range cur {
			var on frontend.Variable
			if j == 0 {
				on = bit
			} else {
				on = api.Mul(e, bit)
			}
			next[i] = api.Sub(e, on)
			next[i|1<<j] = on
		}
		cur = next
	}
	return cur
}
