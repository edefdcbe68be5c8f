// Real gnark verifiers in a real EVM (contracts/fixtures: plain gnark v0.16.3 circuits from contracts/fixtures/gen,
// zkinfer's golden IR circuits in zkinfer/, the test-vector models and a data-property circuit through the zkinfer
// CLI in models/): every valid proof is accepted, 100 tampered proofs / public inputs per verifier are rejected, gas
// is recorded (contracts/target/evm-gas.json).

import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'

import { BadInputError, DEFAULT_HARDFORK, Evm, SCALAR_FIELD, compileVerifier, encodeCall, parseHexBytes } from '../lib/index.mjs'
import { EVM_DIR, TEST_CACHE_DIR, loadFixtures, prng } from './helpers.mjs'

const fixtures = loadFixtures()
const gas = {}
const TAMPERED_PER_VERIFIER = 100
const U256_MAX = (1n << 256n) - 1n

function seedOf (name) {
  let h = 2166136261
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619)
  return h >>> 0
}

function randomBytes (rnd, n) {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = rnd.int(256)
  return b
}

function randomFieldElement (rnd) {
  let v = 0n
  for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(rnd.int(256))
  return v % SCALAR_FIELD
}

/**
 * 100 deterministic tampered variants of (proof, inputs), each different from the original. Groth16 variants keep
 * the input count (the ABI fixes it); PLONK ones also try a wrong count.
 */
function tamperedCases (fx, others) {
  const rnd = prng(seedOf(fx.name))
  const proof = parseHexBytes(fx.proof)
  const inputs = fx.inputs.map(BigInt)
  const n = inputs.length
  const cases = []
  const add = (label, p, ins) => cases.push({ label, proof: p, inputs: ins })
  const withInput = (i, v) => inputs.map((x, j) => (j === i ? v : x))
  const sameBackend = others.filter((o) => o.backend === fx.backend && o.name !== fx.name)

  for (let k = 0; k < 40; k++) { // one bit of the proof flipped
    const p = proof.slice()
    const byte = rnd.int(p.length)
    p[byte] ^= 1 << rnd.int(8)
    add(`bit flip at byte ${byte}`, p, inputs)
  }
  for (let k = 0; k < 10; k++) { // one 32-byte word replaced: random bytes or zeros
    const p = proof.slice()
    const w = rnd.int(p.length / 32)
    p.set(k % 2 === 0 ? randomBytes(rnd, 32) : new Uint8Array(32), 32 * w)
    if (p.every((b, i) => b === proof[i])) p[32 * w] ^= 0x80
    add(`word ${w} ${k % 2 === 0 ? 'randomised' : 'zeroed'}`, p, inputs)
  }
  for (let k = 0; k < 20; k++) { // one public input changed, still a field element
    const i = rnd.int(n)
    const choices = [(inputs[i] + 1n) % SCALAR_FIELD, (inputs[i] + SCALAR_FIELD - 1n) % SCALAR_FIELD,
      randomFieldElement(rnd), inputs[i] === 0n ? 1n : 0n]
    add(`input ${i} changed (${k % 4})`, proof, withInput(i, choices[k % 4]))
  }
  for (let k = 0; k < 10; k++) { // one public input >= the field modulus (the same value mod r, or not)
    const i = rnd.int(n)
    const choices = [inputs[i] + SCALAR_FIELD, SCALAR_FIELD, U256_MAX,
      inputs[i] + SCALAR_FIELD * (U256_MAX / SCALAR_FIELD - 1n), SCALAR_FIELD + randomFieldElement(rnd) % 1000n]
    add(`input ${i} >= r (${k % 5})`, proof, withInput(i, choices[k % 5]))
  }
  // wrong proof lengths
  add('proof truncated by 1 byte', proof.slice(0, -1), inputs)
  add('proof truncated by 32 bytes', proof.slice(0, -32), inputs)
  add('proof extended by 32 zero bytes', Uint8Array.from([...proof, ...new Uint8Array(32)]), inputs)
  add('empty proof', new Uint8Array(0), inputs)
  add('proof twice', Uint8Array.from([...proof, ...proof]), inputs)
  for (let k = 0; k < 5; k++) { // two different words of the proof swapped
    const words = proof.length / 32
    let a, b
    do {
      a = rnd.int(words)
      b = rnd.int(words)
    } while (a === b || proof.subarray(32 * a, 32 * a + 32).every((x, i) => x === proof[32 * b + i]))
    const p = proof.slice()
    p.set(proof.subarray(32 * a, 32 * a + 32), 32 * b)
    p.set(proof.subarray(32 * b, 32 * b + 32), 32 * a)
    add(`words ${a} and ${b} swapped`, p, inputs)
  }
  for (let k = 0; k < 5; k++) { // a valid proof of another circuit (another key)
    if (sameBackend.length > 0) {
      const o = sameBackend[k % sameBackend.length]
      add(`proof of ${o.name}`, parseHexBytes(o.proof), inputs)
    } else {
      const p = proof.slice()
      p[rnd.int(p.length)] ^= 0xff
      add('byte inverted', p, inputs)
    }
  }
  for (let k = 0; k < 5; k++) { // inputs permuted or replaced as a whole
    let ins
    if (fx.backend === 'plonk' && k === 0) ins = [...inputs, 0n] // one input too many
    else if (fx.backend === 'plonk' && k === 1) ins = inputs.slice(0, -1) // one too few
    else if (n >= 2 && inputs.some((v) => v !== inputs[0])) {
      ins = k % 2 === 0 ? [...inputs].reverse() : [...inputs.slice(1), inputs[0]]
      if (ins.every((v, i) => v === inputs[i])) ins = withInput(0, inputs[0] ^ 1n)
    } else ins = inputs.map((v) => (v * BigInt(k + 2)) % SCALAR_FIELD)
    add(`inputs rearranged (${k})`, proof, ins)
  }
  assert.equal(cases.length, TAMPERED_PER_VERIFIER)
  for (const c of cases) {
    const same = c.proof.length === proof.length && c.proof.every((b, i) => b === proof[i]) &&
      c.inputs.length === n && c.inputs.every((v, i) => v === inputs[i])
    assert.ok(!same, `tampered case "${c.label}" equals the valid proof`)
  }
  return cases
}

describe('gnark verifiers in the EVM', () => {
  assert.ok(fixtures.length >= 6, 'fixtures missing: run contracts/fixtures/gen')
  assert.ok(fixtures.filter((f) => f.group === 'models').length >= 10,
    'model fixtures missing: run contracts/fixtures/models/generate.sh')

  for (const fx of fixtures) {
    describe(fx.name, () => {
      let compiled, evm, address

      test('compiles and deploys; the interface matches the backend', async () => {
        compiled = compileVerifier(fx.sol, { cacheDir: TEST_CACHE_DIR, evmVersion: DEFAULT_HARDFORK })
        assert.equal(compiled.iface.kind, fx.backend)
        if (fx.backend === 'groth16') assert.equal(compiled.iface.nbInputs, fx.inputs.length)
        evm = await Evm.create(DEFAULT_HARDFORK)
        address = (await evm.deploy(compiled.bytecode)).address
      })

      test('accepts the valid proof; gas recorded', async (t) => {
        const r = await evm.callVerifier(address, compiled.iface, encodeCall(compiled.iface, fx.proof, fx.inputs))
        assert.equal(r.reason, null)
        assert.equal(r.accepted, true)
        assert.ok(r.executionGas > 181_000, `a pairing check costs more than ${r.executionGas}`)
        assert.ok(r.gasUsed > r.executionGas + 21_000)
        if (fx.nbPublic !== undefined) assert.equal(fx.inputs.length, fx.nbPublic)
        gas[fx.name] = {
          group: fx.group, backend: fx.backend, publicInputs: fx.inputs.length, commitments: fx.commitments,
          constraints: fx.constraints, [DEFAULT_HARDFORK]: r
        }
        t.diagnostic(`${fx.name}: gas ${r.gasUsed} (execution ${r.executionGas})`)
        if (fx.backend === 'groth16' && fx.commitments === 0 && fx.inputs.length <= 5) {
          assert.ok(r.gasUsed <= 250_000, `target: Groth16, <= 5 public inputs, no commitment, <= 250k gas; got ${r.gasUsed}`)
        }
        if (fx.group === 'models' && fx.backend === 'groth16' && fx.commitments === 0) {
          assert.ok(r.gasUsed <= 260_000, `target: a model's Groth16 proof without commitment, <= 260k gas; got ${r.gasUsed}`)
        }
      })

      test(`rejects ${TAMPERED_PER_VERIFIER} tampered proofs and public inputs`, async (t) => {
        const reasons = {}
        for (const c of tamperedCases(fx, fixtures)) {
          const r = await evm.callVerifier(address, compiled.iface, encodeCall(compiled.iface, c.proof, c.inputs))
          assert.equal(r.accepted, false, `accepted a tampered proof: ${c.label}`)
          assert.ok(r.reason, c.label)
          reasons[r.reason] = (reasons[r.reason] || 0) + 1
        }
        t.diagnostic(`${fx.name}: ${JSON.stringify(reasons)}`)
        if (fx.backend === 'groth16') {
          assert.ok(reasons.PublicInputNotInField > 0, 'inputs >= r must be refused as such')
          assert.ok(reasons.ProofInvalid > 0)
        }
        // the verifier still accepts the valid proof afterwards
        const ok = await evm.callVerifier(address, compiled.iface, encodeCall(compiled.iface, fx.proof, fx.inputs))
        assert.equal(ok.accepted, true)
      })

      test('the noble BN254 precompiles agree on the valid proof and 10 tampered ones', async () => {
        const e = await Evm.create(DEFAULT_HARDFORK, { bn254: 'noble' })
        const a = (await e.deploy(compiled.bytecode)).address
        const ok = await e.callVerifier(a, compiled.iface, encodeCall(compiled.iface, fx.proof, fx.inputs))
        assert.equal(ok.accepted, true, ok.reason)
        assert.equal(ok.gasUsed, gas[fx.name]?.[DEFAULT_HARDFORK]?.gasUsed)
        const cases = tamperedCases(fx, fixtures)
        for (let k = 0; k < cases.length; k += 10) {
          const r = await e.callVerifier(a, compiled.iface, encodeCall(compiled.iface, cases[k].proof, cases[k].inputs))
          assert.equal(r.accepted, false, `noble accepted a tampered proof: ${cases[k].label}`)
        }
      })

      test('the valid proof under Prague (gas for the table)', async () => {
        const c = compileVerifier(fx.sol, { cacheDir: TEST_CACHE_DIR, evmVersion: 'prague' })
        const e = await Evm.create('prague')
        const a = (await e.deploy(c.bytecode)).address
        const r = await e.callVerifier(a, c.iface, encodeCall(c.iface, fx.proof, fx.inputs))
        assert.equal(r.accepted, true, r.reason)
        if (gas[fx.name]) gas[fx.name].prague = r
      })

      if (fx.backend === 'groth16') {
        test('a wrong input count is a caller error, not a verdict', () => {
          assert.throws(() => encodeCall(compiled.iface, fx.proof, [...fx.inputs, '1']), BadInputError)
        })
      }
    })
  }

  after(() => {
    const dir = join(EVM_DIR, '..', 'target')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'evm-gas.json'), JSON.stringify(gas, null, 2) + '\n')
  })
})
