// Argument handling shared by evm-verify.mjs and calldata.mjs.

import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

import { BadInputError } from './index.mjs'

export const COMMON_OPTIONS = {
  sol: { type: 'string' },
  proof: { type: 'string' },
  'proof-file': { type: 'string' },
  inputs: { type: 'string' },
  'inputs-file': { type: 'string' },
  fixture: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
}

export function parse (argv, options) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values
  } catch (e) {
    throw new BadInputError(e.message)
  }
}

export function readText (path, what) {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new BadInputError(`cannot read ${what} ${path}: ${e.code || e.message}`)
  }
}

function readJson (path, what) {
  const text = readText(path, what)
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new BadInputError(`${what} ${path} is not JSON: ${e.message}`)
  }
}

/** Splits "1,2, 0x3" or "1 2 3" into strings; the empty string is no inputs. */
export function splitInputs (text) {
  const t = text.trim()
  if (t === '') return []
  if (t.startsWith('[')) {
    try {
      const a = JSON.parse(t)
      if (Array.isArray(a)) return a.map((v) => (typeof v === 'number' ? v : String(v)))
    } catch { /* fall through to a plain list */ }
  }
  return t.split(/[\s,]+/).filter((s) => s !== '')
}

function inputsFromJson (j, path) {
  if (Array.isArray(j)) return j.map((v) => (typeof v === 'number' ? v : String(v)))
  for (const k of ['inputs', 'publicInputs', 'public_inputs', 'public']) {
    if (Array.isArray(j?.[k])) return j[k].map((v) => (typeof v === 'number' ? v : String(v)))
  }
  throw new BadInputError(`${path}: expected a JSON array of public inputs or an object with "inputs"`)
}

function proofFromJson (j, path) {
  for (const k of ['proof', 'solidityProof', 'proofSolidity', 'proofHex']) {
    if (typeof j?.[k] === 'string') return j[k]
  }
  throw new BadInputError(`${path}: no hex "proof" field`)
}

/**
 * The proof hex and the public inputs named by the options:
 *   --proof HEX | --proof-file FILE (hex text, or JSON with a "proof" hex string)
 *   --inputs "a,b,c" | --inputs-file FILE (JSON array, JSON object with "inputs", or a list)
 *   --fixture FILE: JSON {sol, proof, inputs}; the other options override its fields.
 */
export function proofAndInputs (v) {
  let fixture = null
  if (v.fixture) fixture = readJson(v.fixture, 'fixture')
  let proof = fixture?.proof ?? null
  if (v.proof !== undefined) proof = v.proof
  if (v['proof-file'] !== undefined) {
    const text = readText(v['proof-file'], 'proof file').trim()
    proof = text.startsWith('{') ? proofFromJson(JSON.parse(text), v['proof-file']) : text
  }
  let inputs = fixture ? inputsFromJson(fixture, v.fixture) : null
  if (v.inputs !== undefined) inputs = splitInputs(v.inputs)
  if (v['inputs-file'] !== undefined) {
    const text = readText(v['inputs-file'], 'inputs file').trim()
    let parsed = null
    if (text.startsWith('[') || text.startsWith('{')) {
      try { parsed = JSON.parse(text) } catch { /* a plain list */ }
    }
    inputs = parsed !== null ? inputsFromJson(parsed, v['inputs-file']) : splitInputs(text)
  }
  if (proof === null) throw new BadInputError('no proof: give --proof HEX, --proof-file FILE or --fixture FILE')
  if (inputs === null) throw new BadInputError('no public inputs: give --inputs LIST, --inputs-file FILE or --fixture FILE (--inputs "" for none)')
  return { proof, inputs, fixture }
}

/** The Solidity source named by --sol FILE, else the fixture's "sol" field. */
export function soliditySource (v, fixture) {
  if (v.sol) return readText(v.sol, 'Solidity file')
  if (typeof fixture?.sol === 'string') return fixture.sol
  return null
}
