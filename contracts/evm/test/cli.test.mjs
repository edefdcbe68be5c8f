// The command-line contract of evm-verify.mjs and calldata.mjs: output, exit codes, caching, ABI encoding.

import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createRequire } from 'node:module'

import { BadInputError, SCALAR_FIELD, compileVerifier, detectInterface, encodeCall, parseHexBytes, parseInput } from '../lib/index.mjs'
import { EVM_DIR, TEST_CACHE_DIR, loadFixtures } from './helpers.mjs'

const fixtures = loadFixtures()
const g16 = fixtures.find((f) => f.name === 'groth16-pub3')
const plonk = fixtures.find((f) => f.name === 'plonk-pub5')

function run (script, args, env = {}) {
  const r = spawnSync(process.execPath, [join(EVM_DIR, script), ...args],
    { encoding: 'utf8', env: { ...process.env, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function verifyOutput (r) {
  const lines = r.stdout.trim().split('\n')
  const json = JSON.parse(lines[0])
  return { json, gasLine: lines[1] }
}

describe('evm-verify.mjs', () => {
  let dir, cache
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'evm-verify-test-'))
    cache = join(dir, 'cache')
    writeFileSync(join(dir, 'Verifier.sol'), g16.sol)
    writeFileSync(join(dir, 'proof.hex'), g16.proof + '\n')
    writeFileSync(join(dir, 'proof.json'), JSON.stringify({ proof: g16.proof }))
    writeFileSync(join(dir, 'inputs.json'), JSON.stringify(g16.inputs))
    writeFileSync(join(dir, 'Plonk.sol'), plonk.sol)
    writeFileSync(join(dir, 'abi.json'), JSON.stringify({ abi: compileVerifier(g16.sol, { cacheDir: TEST_CACHE_DIR }).abi }))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('accepts a valid proof: exit 0, JSON, gas line; the second run uses the bytecode cache', () => {
    const args = ['--sol', join(dir, 'Verifier.sol'), '--proof-file', join(dir, 'proof.hex'),
      '--inputs-file', join(dir, 'inputs.json'), '--cache-dir', cache]
    const first = run('evm-verify.mjs', args)
    assert.equal(first.code, 0, first.stderr)
    const { json, gasLine } = verifyOutput(first)
    assert.equal(json.accepted, true)
    assert.equal(json.backend, 'groth16')
    assert.equal(json.reason, null)
    assert.equal(json.cached, false)
    assert.equal(gasLine, `gas: ${json.gasUsed}`)
    assert.equal(readdirSync(cache).filter((f) => f.endsWith('.json')).length, 1)
    const second = run('evm-verify.mjs', args)
    assert.equal(second.code, 0, second.stderr)
    assert.equal(verifyOutput(second).json.cached, true)
    assert.equal(verifyOutput(second).json.gasUsed, json.gasUsed)
  })

  test('inputs as a decimal/hex list and the proof as JSON', () => {
    const hexInputs = g16.inputs.map((v, i) => (i % 2 ? '0x' + BigInt(v).toString(16) : v)).join(',')
    const r = run('evm-verify.mjs', ['--sol', join(dir, 'Verifier.sol'), '--proof-file', join(dir, 'proof.json'),
      '--inputs', hexInputs, '--cache-dir', cache])
    assert.equal(r.code, 0, r.stdout + r.stderr)
  })

  test('rejects a wrong public input: exit 1 with the contract error', () => {
    const inputs = [...g16.inputs]
    inputs[0] = (BigInt(inputs[0]) + 1n).toString()
    const r = run('evm-verify.mjs', ['--fixture', g16.file, '--inputs', inputs.join(','), '--cache-dir', cache])
    assert.equal(r.code, 1, r.stdout + r.stderr)
    const { json, gasLine } = verifyOutput(r)
    assert.equal(json.accepted, false)
    assert.equal(json.reason, 'ProofInvalid')
    assert.match(gasLine, /^gas: \d+$/)
  })

  test('rejects an input >= r: PublicInputNotInField', () => {
    const inputs = [...g16.inputs]
    inputs[2] = (BigInt(inputs[2]) + SCALAR_FIELD).toString()
    const r = run('evm-verify.mjs', ['--fixture', g16.file, '--inputs', inputs.join(' '), '--cache-dir', cache])
    assert.equal(r.code, 1)
    assert.equal(verifyOutput(r).json.reason, 'PublicInputNotInField')
  })

  test('a PLONK verifier is recognised; false is a rejection', () => {
    const ok = run('evm-verify.mjs', ['--sol', join(dir, 'Plonk.sol'), '--proof', plonk.proof, '--inputs', plonk.inputs.join(','), '--cache-dir', cache])
    assert.equal(ok.code, 0, ok.stderr)
    assert.equal(verifyOutput(ok).json.backend, 'plonk')
    const p = parseHexBytes(plonk.proof)
    p[p.length - 1] ^= 1
    const bad = run('evm-verify.mjs', ['--sol', join(dir, 'Plonk.sol'), '--proof', Buffer.from(p).toString('hex'),
      '--inputs', plonk.inputs.join(','), '--cache-dir', cache])
    assert.equal(bad.code, 1)
    assert.equal(verifyOutput(bad).json.accepted, false)
  })

  test('bad input: exit 2 with a message', () => {
    const cases = [
      ['--fixture', g16.file, '--proof', '0x123'], // odd hex
      ['--fixture', g16.file, '--proof', 'zz'], // not hex
      ['--fixture', g16.file, '--inputs', '1,2'], // wrong count for Groth16
      ['--fixture', g16.file, '--inputs', '1,2,-3'], // negative
      ['--fixture', g16.file, '--inputs', `1,2,${1n << 256n}`], // > uint256
      ['--sol', join(dir, 'missing.sol'), '--proof', '00', '--inputs', ''], // no such file
      ['--sol', join(dir, 'abi.json'), '--proof', '00', '--inputs', ''], // not Solidity
      ['--proof', '00', '--inputs', ''], // no verifier
      ['--fixture', g16.file, '--hardfork', 'frontier'],
      ['--fixture', g16.file, '--unknown-option']
    ]
    for (const args of cases) {
      const r = run('evm-verify.mjs', [...args, '--cache-dir', cache])
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout} ${r.stderr}`)
      assert.match(JSON.parse(r.stdout.trim()).reason, /^bad input: /)
      assert.match(r.stderr, /^evm-verify: /)
    }
  })

  test('a contract that is no gnark verifier is refused', () => {
    writeFileSync(join(dir, 'Other.sol'), 'pragma solidity ^0.8.0; contract Other { function f() public {} }')
    const r = run('evm-verify.mjs', ['--sol', join(dir, 'Other.sol'), '--proof', '00', '--inputs', '', '--cache-dir', cache])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /no deployable contract with a gnark verifier interface/)
  })

  // A verifier the chain would not take: code over EIP-170's 24,576 bytes (gnark's own template for a model with 192
  // outputs was 30,762 bytes), or a constructor that reverts. No verdict either way: exit 4 with the reason.
  test('an undeployable verifier: exit 4, the reason, no verdict, no stack trace', () => {
    const lastBrace = g16.sol.lastIndexOf('}')
    const oversize = g16.sol.slice(0, lastBrace) +
      `    function padding() external pure returns (bytes memory) { return hex"${'ab'.repeat(25000)}"; }\n}\n`
    const reverting = g16.sol.slice(0, lastBrace) + '    constructor() { revert("no deployment"); }\n}\n'
    for (const [name, sol, reason] of [['Oversize.sol', oversize, /code is \d+ bytes, over the 24576-byte limit of EIP-170/],
      ['Reverting.sol', reverting, /^deployment failed: revert/]]) {
      writeFileSync(join(dir, name), sol)
      const r = run('evm-verify.mjs', ['--sol', join(dir, name), '--proof', g16.proof, '--inputs', g16.inputs.join(','),
        '--cache-dir', cache])
      assert.equal(r.code, 4, `${name}: ${r.stdout} ${r.stderr}`)
      const json = JSON.parse(r.stdout.trim())
      assert.equal(json.accepted, false)
      assert.equal(json.gasUsed, null)
      assert.match(json.reason, reason)
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
    }
    const size = JSON.parse(execFileSync(process.execPath, [join(EVM_DIR, 'contract-size.mjs'), '--sol',
      join(dir, 'Oversize.sol'), '--cache-dir', cache], { encoding: 'utf8' }))
    assert.equal(size.fits, false)
    assert.ok(size.runtimeSize > 25000 && size.limit === 24576, JSON.stringify(size))
    const fits = JSON.parse(execFileSync(process.execPath, [join(EVM_DIR, 'contract-size.mjs'), '--sol',
      join(dir, 'Verifier.sol'), '--cache-dir', cache], { encoding: 'utf8' }))
    assert.equal(fits.fits, true)
    assert.equal(fits.contract, 'Verifier')
  })

  test('calldata.mjs prints the same encoding from the ABI or the source', () => {
    const expected = encodeCall(detectInterface(compileVerifier(g16.sol, { cacheDir: TEST_CACHE_DIR }).abi), g16.proof, g16.inputs)
    const fromAbi = execFileSync(process.execPath, [join(EVM_DIR, 'calldata.mjs'), '--abi', join(dir, 'abi.json'),
      '--proof', g16.proof, '--inputs', g16.inputs.join(',')], { encoding: 'utf8' }).trim()
    assert.equal(fromAbi, expected)
    const fromSol = JSON.parse(execFileSync(process.execPath, [join(EVM_DIR, 'calldata.mjs'), '--fixture', g16.file,
      '--cache-dir', cache, '--json'], { encoding: 'utf8' }))
    assert.equal(fromSol.calldata, expected)
    assert.equal(fromSol.function, 'verifyProof(bytes,uint256[3])')
    const bad = run('calldata.mjs', ['--abi', join(dir, 'abi.json'), '--proof', g16.proof, '--inputs', '1'])
    assert.equal(bad.code, 2)
  })
})

describe('ABI encoding', () => {
  const require = createRequire(import.meta.url)
  const solc = require('solc')

  test('selectors agree with solc\'s method identifiers', () => {
    for (const fx of [g16, plonk, fixtures.find((f) => f.name === 'groth16-commit-pub2')]) {
      const out = JSON.parse(solc.compile(JSON.stringify({
        language: 'Solidity',
        sources: { 'V.sol': { content: fx.sol } },
        settings: { outputSelection: { '*': { '*': ['abi', 'evm.methodIdentifiers'] } } }
      })))
      const [c] = Object.values(out.contracts['V.sol']).filter((x) => x.evm.methodIdentifiers)
        .filter((x) => Object.keys(x.evm.methodIdentifiers).some((m) => /^(verifyProof|Verify)\(/.test(m)))
      const iface = detectInterface(c.abi)
      const sig = iface.kind === 'groth16' ? `verifyProof(bytes,uint256[${iface.nbInputs}])` : 'Verify(bytes,uint256[])'
      assert.equal(iface.selector, '0x' + c.evm.methodIdentifiers[sig], sig)
      // gnark's custom errors are named from their selectors
      if (iface.kind === 'groth16') {
        const expected = ['ProofInvalid', 'PublicInputNotInField', ...(fx.commitments > 0 ? ['CommitmentInvalid'] : [])]
        assert.deepEqual(Object.values(iface.errors).sort(), expected.sort())
      }
    }
  })

  test('Groth16 layout: selector, offset, N inline words, length, padded bytes', () => {
    const iface = { kind: 'groth16', nbInputs: 2, selector: '0xaabbccdd' }
    const hex = encodeCall(iface, '0x0102', ['5', '0x10'])
    const words = hex.slice(10).match(/.{64}/g)
    assert.equal(hex.slice(0, 10), '0xaabbccdd')
    assert.deepEqual(words.map((w) => BigInt('0x' + w)), [96n, 5n, 16n, 2n, BigInt('0x0102' + '0'.repeat(60))])
  })

  test('PLONK layout: two offsets, bytes, then the dynamic array', () => {
    const iface = { kind: 'plonk', nbInputs: null, selector: '0x11223344' }
    const proof = new Uint8Array(33).fill(7)
    const words = encodeCall(iface, proof, [1n, 2n, 3n]).slice(10).match(/.{64}/g).map((w) => BigInt('0x' + w))
    assert.equal(words[0], 64n)
    assert.equal(words[1], 64n + 32n + 64n) // after the length word and two data words
    assert.equal(words[2], 33n)
    assert.deepEqual(words.slice(5), [3n, 1n, 2n, 3n])
  })

  test('public inputs: decimal, hex, bigint; no negatives, no overflow', () => {
    assert.equal(parseInput('12'), 12n)
    assert.equal(parseInput('0xff'), 255n)
    assert.equal(parseInput(7), 7n)
    assert.equal(parseInput(SCALAR_FIELD), SCALAR_FIELD) // passed on: the contract must refuse it
    for (const bad of ['-1', '1.5', '', 'abc', '0x', (1n << 256n).toString(), 1.5, null]) {
      assert.throws(() => parseInput(bad), BadInputError, String(bad))
    }
  })

  test('non-verifier ABIs are refused', () => {
    assert.throws(() => detectInterface([{ type: 'function', name: 'verifyProof', inputs: [{ type: 'uint256[8]' }, { type: 'uint256[2]' }] }]), BadInputError)
    assert.throws(() => detectInterface({}), BadInputError)
  })
})
