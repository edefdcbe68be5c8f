// Runs gnark-exported Solidity verifiers (BN254 Groth16 and PLONK) in an in-process EVM.
//
//   compileVerifier(source)      solc-js (bundled compiler, no download), bytecode cached by source hash
//   detectInterface(abi)         Groth16 `verifyProof(bytes, uint256[N])` or PLONK `Verify(bytes, uint256[]) returns (bool)`
//   encodeCall(iface, proof, inputs)   ABI-encoded calldata
//   new Evm().deploy(bytecode) / .call(address, calldata)   @ethereumjs/vm, real BN254 precompiles, hardfork gas
//   verify({ source, proof, inputs })   all of the above: { accepted, gasUsed, executionGas, reason, ... }
//
// Nothing here touches the network.

import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { join } from 'node:path'

import { Common, Hardfork, Mainnet } from '@ethereumjs/common'
import { EVM, EVMMockBlockchain, NobleBN254, RustBN254 } from '@ethereumjs/evm'
import { SimpleStateManager } from '@ethereumjs/statemanager'
import { createLegacyTx } from '@ethereumjs/tx'
import { Account, bytesToHex, createAddressFromPrivateKey, hexToBytes } from '@ethereumjs/util'
import { createVM, runTx } from '@ethereumjs/vm'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { initRustBN } from 'rustbn-wasm'

const require = createRequire(import.meta.url)

/** The BN254 scalar field modulus r: public inputs must be below it. */
export const SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n

/** The hardfork used unless one is asked for: Osaka, Ethereum mainnet's rules since December 2025. */
export const DEFAULT_HARDFORK = 'osaka'

/** Hardforks accepted by name (lower case, as solc's evmVersion spells them). */
export const HARDFORKS = { cancun: Hardfork.Cancun, prague: Hardfork.Prague, osaka: Hardfork.Osaka }

/**
 * BN254 precompile (ecAdd, ecMul, ecPairing) implementations: 'rustbn' (Parity's \`bn\` crate in WASM, the one
 * OpenEthereum ran on mainnet; about twice as fast) or 'noble' (@noble/curves, @ethereumjs/evm's default). Both
 * check that points are on the curve and in the subgroup; gas does not depend on the choice.
 */
export const BN254_BACKENDS = ['rustbn', 'noble']
export const DEFAULT_BN254 = 'rustbn'

let rustbn = null
async function bn254Backend (name) {
  if (name === 'noble') return new NobleBN254()
  if (name === 'rustbn') {
    if (!rustbn) rustbn = await initRustBN()
    return new RustBN254(rustbn)
  }
  throw new BadInputError(`unknown BN254 backend ${name}; one of ${BN254_BACKENDS.join(', ')}`)
}

/** EIP-170: the largest runtime code a contract may have on Ethereum (and every hardfork this tool runs). */
export const EIP170_CODE_SIZE_LIMIT = 24576

/** The contract could not be deployed (code over EIP-170's limit, constructor failure): no verdict (CLI exit 4). */
export class DeploymentError extends Error {
  constructor (message) {
    super(message)
    this.name = 'DeploymentError'
  }
}

/** A caller error: a file, hex string, number or contract that cannot be used (CLI exit code 2). */
export class BadInputError extends Error {
  constructor (message) {
    super(message)
    this.name = 'BadInputError'
  }
}

// ---------------------------------------------------------------------------------------------- compiling

/** The cache directory: $ZKINFER_CACHE/solc, else $XDG_CACHE_HOME/zkinfer/solc, else ~/.cache/zkinfer/solc. */
export function defaultCacheDir () {
  const base = process.env.ZKINFER_CACHE ||
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zkinfer')
  return join(base, 'solc')
}

/** The solc-js version string, read from its package without loading the 9 MB compiler. */
export function solcVersion () {
  return require('solc/package.json').version
}

let solcModule = null
function loadSolc () {
  if (!solcModule) solcModule = require('solc') // ~0.3 s: only on a cache miss
  return solcModule
}

/**
 * Compiles a Solidity source (one file, no imports) and returns the verifier contract in it:
 * { contractName, abi, bytecode (hex, no 0x), runtimeSize (bytes of deployed code: EIP-170 caps it), iface, solc, cached }.
 * The result is cached in cacheDir under the SHA-256 of (solc version, settings, source); cacheDir null disables it.
 */
export function compileVerifier (source, { cacheDir = defaultCacheDir(), evmVersion = DEFAULT_HARDFORK } = {}) {
  if (typeof source !== 'string' || source.trim() === '') throw new BadInputError('empty Solidity source')
  const settings = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } }
  }
  const key = createHash('sha256')
    .update(JSON.stringify({ solc: solcVersion(), settings }))
    .update('\0')
    .update(source)
    .digest('hex')
  const cacheFile = cacheDir ? join(cacheDir, `${key}.json`) : null
  if (cacheFile) {
    try {
      const hit = JSON.parse(readFileSync(cacheFile, 'utf8'))
      return { ...hit, iface: detectInterface(hit.abi), cached: true }
    } catch { /* miss or unreadable: compile */ }
  }

  const solc = loadSolc()
  const input = { language: 'Solidity', sources: { 'Verifier.sol': { content: source } }, settings }
  const output = JSON.parse(solc.compile(JSON.stringify(input), {
    import: (path) => ({ error: `imports are not supported (${path}): pass one self-contained file` })
  }))
  const errors = (output.errors || []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new BadInputError('solc: ' + errors.map((e) => e.formattedMessage || e.message).join('\n'))
  }
  const contracts = output.contracts?.['Verifier.sol'] || {}
  const candidates = []
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm?.bytecode?.object) continue // interfaces, abstract contracts
    try {
      candidates.push({
        contractName: name,
        abi: c.abi,
        bytecode: c.evm.bytecode.object,
        runtimeSize: (c.evm.deployedBytecode?.object?.length ?? 0) / 2,
        iface: detectInterface(c.abi)
      })
    } catch { /* not a verifier */ }
  }
  if (candidates.length === 0) {
    throw new BadInputError('no deployable contract with a gnark verifier interface (Groth16 ' +
      '`verifyProof(bytes, uint256[N])` or PLONK `Verify(bytes, uint256[]) returns (bool)`) in the source; ' +
      `contracts found: ${Object.keys(contracts).join(', ') || 'none'}`)
  }
  if (candidates.length > 1) {
    throw new BadInputError('more than one verifier contract in the source: ' +
      candidates.map((c) => c.contractName).join(', '))
  }
  const result = { ...candidates[0], solc: solc.version() }
  if (cacheFile) {
    try {
      mkdirSync(cacheDir, { recursive: true })
      const { iface, ...stored } = result
      const tmp = `${cacheFile}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(stored))
      renameSync(tmp, cacheFile) // atomic: concurrent runs never read half a file
    } catch { /* a read-only cache only costs time */ }
  }
  return { ...result, cached: false }
}

// ---------------------------------------------------------------------------------------------- ABI

function selectorOf (signature) {
  return bytesToHex(keccak_256(new TextEncoder().encode(signature)).subarray(0, 4))
}

/**
 * Finds the gnark verifier function in a contract ABI:
 * { kind: 'groth16', name: 'verifyProof', nbInputs: N, selector, errors } or
 * { kind: 'plonk', name: 'Verify', nbInputs: null, selector, errors }.
 * errors maps custom-error selectors (0x + 8 hex) to their names.
 */
export function detectInterface (abi) {
  if (!Array.isArray(abi)) throw new BadInputError('the ABI is not an array')
  const fns = abi.filter((e) => e.type === 'function')
  const errors = {}
  for (const e of abi.filter((x) => x.type === 'error')) {
    errors[selectorOf(`${e.name}(${(e.inputs || []).map((i) => i.type).join(',')})`)] = e.name
  }
  const g16 = fns.find((f) => f.name === 'verifyProof' && f.inputs?.length === 2 &&
    f.inputs[0].type === 'bytes' && /^uint256\[\d+\]$/.test(f.inputs[1].type))
  if (g16) {
    const nbInputs = Number(g16.inputs[1].type.match(/\[(\d+)\]/)[1])
    return { kind: 'groth16', name: 'verifyProof', nbInputs, selector: selectorOf(`verifyProof(bytes,uint256[${nbInputs}])`), errors }
  }
  const plonk = fns.find((f) => f.name === 'Verify' && f.inputs?.length === 2 &&
    f.inputs[0].type === 'bytes' && f.inputs[1].type === 'uint256[]' &&
    f.outputs?.length === 1 && f.outputs[0].type === 'bool')
  if (plonk) {
    return { kind: 'plonk', name: 'Verify', nbInputs: null, selector: selectorOf('Verify(bytes,uint256[])'), errors }
  }
  const names = fns.map((f) => `${f.name}(${(f.inputs || []).map((i) => i.type).join(',')})`)
  throw new BadInputError('not a gnark verifier ABI: expected Groth16 `verifyProof(bytes,uint256[N])` ' +
    `(gnark >= v0.15) or PLONK \`Verify(bytes,uint256[]) returns (bool)\`; found ${names.join(', ') || 'no functions'}`)
}

/** Parses hex bytes ("0x…" or bare, whitespace ignored) into a Uint8Array. */
export function parseHexBytes (text, what = 'proof') {
  if (typeof text !== 'string') throw new BadInputError(`${what}: expected a hex string`)
  let s = text.replace(/\s+/g, '')
  if (s.startsWith('0x') || s.startsWith('0X')) s = s.slice(2)
  if (s.length === 0) throw new BadInputError(`${what}: empty`)
  if (s.length % 2 !== 0) throw new BadInputError(`${what}: odd number of hex digits (${s.length})`)
  if (!/^[0-9a-fA-F]*$/.test(s)) throw new BadInputError(`${what}: not hex`)
  return hexToBytes('0x' + s.toLowerCase())
}

/**
 * Parses one public input: a decimal integer, 0x-prefixed hex, a bigint or a safe integer. It must fit a uint256
 * (values >= the field modulus are passed on: the verifier contract must reject them).
 */
export function parseInput (value, index = 0) {
  let v
  if (typeof value === 'bigint') v = value
  else if (typeof value === 'number' && Number.isSafeInteger(value)) v = BigInt(value)
  else if (typeof value === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value.trim())) v = BigInt(value.trim())
  else throw new BadInputError(`public input ${index}: not a non-negative decimal or 0x-hex integer: ${JSON.stringify(value)}`)
  if (v < 0n || v >= (1n << 256n)) throw new BadInputError(`public input ${index}: does not fit in uint256`)
  return v
}

function word (v) {
  return v.toString(16).padStart(64, '0')
}

function encodeBytesTail (bytes) {
  const hex = bytesToHex(bytes).slice(2)
  return word(BigInt(bytes.length)) + hex.padEnd(Math.ceil(hex.length / 64) * 64, '0')
}

/**
 * ABI-encodes the call of the verifier function: returns "0x…" hex.
 * proof: Uint8Array or hex string; inputs: array of decimal/hex strings or bigints.
 */
export function encodeCall (iface, proof, inputs) {
  const proofBytes = proof instanceof Uint8Array ? proof : parseHexBytes(proof)
  if (!Array.isArray(inputs)) throw new BadInputError('public inputs: expected an array')
  const values = inputs.map((v, i) => parseInput(v, i))
  if (iface.kind === 'groth16') {
    if (values.length !== iface.nbInputs) {
      throw new BadInputError(`the verifier takes ${iface.nbInputs} public input(s), got ${values.length}`)
    }
    // head: offset of `bytes proof`, then uint256[N] inline; tail: length + padded bytes
    const head = word(BigInt(32 * (1 + values.length))) + values.map(word).join('')
    return iface.selector + head + encodeBytesTail(proofBytes)
  }
  if (iface.kind === 'plonk') {
    const proofTail = encodeBytesTail(proofBytes)
    const inputsOffset = 64 + proofTail.length / 2
    return iface.selector + word(64n) + word(BigInt(inputsOffset)) + proofTail +
      word(BigInt(values.length)) + values.map(word).join('')
  }
  throw new BadInputError(`unknown verifier kind ${iface.kind}`)
}

/** Names revert data: a custom error of the contract, Error(string), Panic(uint256), or raw hex. */
export function decodeRevert (data, errors = {}) {
  if (!data || data.length === 0) return 'reverted without data'
  const hex = bytesToHex(data)
  const sel = hex.slice(0, 10)
  if (errors[sel]) return errors[sel]
  if (sel === '0x08c379a0' && data.length >= 68) {
    const len = Number(BigInt('0x' + hex.slice(74, 138)))
    const start = 4 + 64
    if (start + len <= data.length) return 'Error: ' + new TextDecoder().decode(data.subarray(start, start + len))
  }
  if (sel === '0x4e487b71' && data.length === 36) return `Panic(0x${BigInt('0x' + hex.slice(10)).toString(16)})`
  return `reverted with ${hex}`
}

// ---------------------------------------------------------------------------------------------- EVM

const SENDER_KEY = hexToBytes('0x' + '11'.repeat(32))
const GAS_LIMIT = 16_000_000n // below Osaka's per-transaction cap (EIP-7825: 2^24)

/** An in-process EVM (@ethereumjs/vm) with one funded account that deploys and calls contracts by transactions. */
export class Evm {
  static async create (hardfork = DEFAULT_HARDFORK, { bn254 = DEFAULT_BN254 } = {}) {
    const hf = HARDFORKS[hardfork]
    if (!hf) throw new BadInputError(`unknown hardfork ${hardfork}; one of ${Object.keys(HARDFORKS).join(', ')}`)
    const common = new Common({ chain: Mainnet, hardfork: hf })
    const stateManager = new SimpleStateManager()
    // createEVM() would always install NobleBN254, so the EVM is built here with the chosen precompile backend
    const evm = new EVM({ common, stateManager, blockchain: new EVMMockBlockchain(), bn254: await bn254Backend(bn254) })
    const vm = await createVM({ common, stateManager, evm })
    const from = createAddressFromPrivateKey(SENDER_KEY)
    await stateManager.putAccount(from, new Account(0n, 10n ** 24n))
    return new Evm(vm, common, hardfork, bn254)
  }

  constructor (vm, common, hardfork, bn254) {
    this.vm = vm
    this.common = common
    this.hardfork = hardfork
    this.bn254 = bn254
    this.nonce = 0n
  }

  async send (to, data) {
    const tx = createLegacyTx({ nonce: this.nonce, gasPrice: 10n, gasLimit: GAS_LIMIT, to, data: hexToBytes(data) },
      { common: this.common }).sign(SENDER_KEY)
    this.nonce++
    return runTx(this.vm, { tx, skipBlockGasLimitValidation: true, skipHardForkValidation: true })
  }

  /** Deploys creation bytecode (hex); returns { address, gasUsed }. */
  async deploy (bytecode) {
    const r = await this.send(undefined, bytecode.startsWith('0x') ? bytecode : '0x' + bytecode)
    if (r.execResult.exceptionError || !r.createdAddress) {
      throw new DeploymentError(`deployment failed: ${r.execResult.exceptionError?.error || 'no address'}`)
    }
    return { address: r.createdAddress, gasUsed: r.totalGasSpent }
  }

  /** Calls a verifier; returns { accepted, gasUsed (transaction), executionGas, reason }. */
  async callVerifier (address, iface, calldata) {
    const r = await this.send(address, calldata)
    const ex = r.execResult
    const out = { accepted: false, gasUsed: Number(r.totalGasSpent), executionGas: Number(ex.executionGasUsed), reason: null }
    if (ex.exceptionError) {
      out.reason = ex.exceptionError.error === 'revert'
        ? decodeRevert(ex.returnValue, iface.errors)
        : `EVM exception: ${ex.exceptionError.error}`
      return out
    }
    if (iface.kind === 'plonk') {
      const rv = ex.returnValue
      const ok = rv.length === 32 && rv[31] === 1 && rv.subarray(0, 31).every((b) => b === 0)
      out.accepted = ok
      out.reason = ok ? null : `Verify returned ${rv.length === 32 ? 'false' : bytesToHex(rv)}`
      return out
    }
    out.accepted = true // Groth16: no revert is acceptance
    return out
  }
}

/**
 * Compiles (cached), deploys and calls a verifier:
 * { accepted, gasUsed, executionGas, deployGas, reason, backend, contract, nbInputs, hardfork, solc, cached }.
 * Throws BadInputError for unusable source, proof hex or inputs.
 */
export async function verify ({ source, proof, inputs, hardfork = DEFAULT_HARDFORK, bn254 = DEFAULT_BN254, cacheDir = defaultCacheDir(), evm = null }) {
  const compiled = compileVerifier(source, { cacheDir, evmVersion: hardfork })
  const calldata = encodeCall(compiled.iface, proof, inputs)
  if (compiled.runtimeSize > EIP170_CODE_SIZE_LIMIT) {
    // the EVM would refuse it too (code size exceeds maximum); saying the size is more useful
    throw new DeploymentError(`deployment failed: the ${compiled.contractName} contract's code is ` +
      `${compiled.runtimeSize} bytes, over the ${EIP170_CODE_SIZE_LIMIT}-byte limit of EIP-170`)
  }
  const machine = evm || await Evm.create(hardfork, { bn254 })
  const deployed = await machine.deploy(compiled.bytecode)
  const r = await machine.callVerifier(deployed.address, compiled.iface, calldata)
  return {
    accepted: r.accepted,
    gasUsed: r.gasUsed,
    executionGas: r.executionGas,
    deployGas: Number(deployed.gasUsed),
    reason: r.reason,
    backend: compiled.iface.kind,
    contract: compiled.contractName,
    nbInputs: inputs.length,
    hardfork: machine.hardfork,
    bn254: machine.bn254,
    solc: compiled.solc,
    cached: compiled.cached
  }
}
