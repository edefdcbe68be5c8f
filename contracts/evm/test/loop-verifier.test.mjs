// zkinfer's Groth16 verifier template (prover-native/internal/zk/solidity_groth16.go): the public-input points are
// code data read in a loop, so a verifier with 192 public inputs deploys under EIP-170's 24,576 bytes. Targeted
// forgeries against what the loop does (besides the 100 tampered cases every fixture gets in verifiers.test.mjs):
// a changed public input (non-zero and zero: zero scalars skip the precompiles), a forged proof point, an input
// raised by r, and a mutant contract without the `input < r` check that accepts that forgery, which shows the check
// (and this test) matter.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import { EIP170_CODE_SIZE_LIMIT, Evm, SCALAR_FIELD, compileVerifier, encodeCall, parseHexBytes } from '../lib/index.mjs'
import { TEST_CACHE_DIR, loadFixtures } from './helpers.mjs'

const wide = loadFixtures().filter((f) => f.group === 'wide')
const R_CHECK = 'success := and(success, lt(s, R))'

async function call (sol, proof, inputs) {
  const c = compileVerifier(sol, { cacheDir: TEST_CACHE_DIR })
  const evm = await Evm.create()
  const { address } = await evm.deploy(c.bytecode)
  return evm.callVerifier(address, c.iface, encodeCall(c.iface, proof, inputs))
}

describe('loop-based Groth16 verifier', () => {
  test('the wide fixtures are there (192 public inputs, with and without commitment)', () => {
    assert.deepEqual(wide.map((f) => [f.name, f.inputs.length]).sort(),
      [['groth16-wide192', 192], ['groth16-wide192-commit', 192]])
  })

  for (const fx of wide) {
    describe(fx.name, () => {
      const proof = parseHexBytes(fx.proof)
      const inputs = fx.inputs.map(BigInt)
      const nonZero = inputs.findIndex((v) => v !== 0n)
      const zero = inputs.findIndex((v) => v === 0n)

      test('fits EIP-170 with room to spare and accepts the valid proof', async () => {
        const c = compileVerifier(fx.sol, { cacheDir: TEST_CACHE_DIR })
        assert.ok(c.runtimeSize < EIP170_CODE_SIZE_LIMIT, `runtime size ${c.runtimeSize}`)
        assert.equal((await call(fx.sol, proof, inputs)).accepted, true)
      })

      test('a forged public input is rejected (a non-zero one and a zero one)', async () => {
        for (const i of [nonZero, zero, inputs.length - 1]) {
          const forged = inputs.map((v, j) => (j === i ? (v + 1n) % SCALAR_FIELD : v))
          const r = await call(fx.sol, proof, forged)
          assert.equal(r.accepted, false, `input ${i}`)
          assert.equal(r.reason, 'ProofInvalid', `input ${i}`)
        }
      })

      test('a forged proof point is rejected: A replaced by the generator (1, 2), C by A', async () => {
        const g1 = proof.slice()
        g1.fill(0, 0, 64)
        g1[31] = 1
        g1[63] = 2
        assert.equal((await call(fx.sol, g1, inputs)).reason, 'ProofInvalid')
        const c = proof.slice()
        c.set(proof.subarray(0, 64), 192)
        assert.equal((await call(fx.sol, c, inputs)).reason, 'ProofInvalid')
      })

      test('input + r is refused; a mutant without the `< r` check accepts it', async () => {
        const forged = inputs.map((v, j) => (j === nonZero ? v + SCALAR_FIELD : v))
        const r = await call(fx.sol, proof, forged)
        assert.equal(r.accepted, false)
        assert.equal(r.reason, 'PublicInputNotInField')
        assert.ok(fx.sol.includes(R_CHECK))
        const mutant = fx.sol.replace(R_CHECK, '')
        assert.equal((await call(mutant, proof, forged)).accepted, true,
          'without the check ECMUL reduces the scalar mod r: the forgery passes')
      })
    })
  }
})
