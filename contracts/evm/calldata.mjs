#!/usr/bin/env node
// Prints the ABI-encoded call of a gnark verifier for a proof and its public inputs (see --help).

import { BadInputError, DEFAULT_HARDFORK, compileVerifier, defaultCacheDir, detectInterface, encodeCall } from './lib/index.mjs'
import { COMMON_OPTIONS, parse, proofAndInputs, readText, soliditySource } from './lib/cli.mjs'

const HELP = `Usage: calldata.mjs (--abi ABI.json | --sol Verifier.sol) (--proof HEX | --proof-file FILE) (--inputs LIST | --inputs-file FILE)

Prints the calldata (0x-hex: selector and ABI-encoded arguments) that calls a gnark verifier contract:
Groth16 \`verifyProof(bytes proof, uint256[N] input)\` or PLONK \`Verify(bytes proof, uint256[] public_inputs)\`.

  --abi FILE          the contract ABI: a JSON array, or JSON with an "abi" array (solc / Hardhat / Foundry output)
  --sol FILE          the Solidity verifier instead: compiled with solc-js (cached) to read its ABI
  --proof, --proof-file, --inputs, --inputs-file, --fixture   as for evm-verify.mjs
  --cache-dir DIR     compiled-bytecode cache (default ${defaultCacheDir()})
  --json              print {"function": SIGNATURE, "selector": HEX, "calldata": HEX} instead of the bare hex

Exit status: 0 printed, 2 bad input.`

function main (argv) {
  const v = parse(argv, {
    ...COMMON_OPTIONS,
    abi: { type: 'string' },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false }
  })
  if (v.help) {
    console.log(HELP)
    return 0
  }
  const { proof, inputs, fixture } = proofAndInputs(v)
  let iface
  if (v.abi) {
    let j
    try {
      j = JSON.parse(readText(v.abi, 'ABI file'))
    } catch (e) {
      if (e instanceof BadInputError) throw e
      throw new BadInputError(`ABI file ${v.abi} is not JSON: ${e.message}`)
    }
    iface = detectInterface(Array.isArray(j) ? j : j?.abi)
  } else {
    const source = soliditySource(v, fixture)
    if (source === null) throw new BadInputError('no contract: give --abi FILE or --sol FILE')
    iface = compileVerifier(source, { cacheDir: v['cache-dir'] || defaultCacheDir(), evmVersion: DEFAULT_HARDFORK }).iface
  }
  const calldata = encodeCall(iface, proof, inputs)
  if (v.json) {
    const fn = iface.kind === 'groth16' ? `verifyProof(bytes,uint256[${iface.nbInputs}])` : 'Verify(bytes,uint256[])'
    console.log(JSON.stringify({ function: fn, selector: iface.selector, calldata }))
  } else {
    console.log(calldata)
  }
  return 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (e) {
  console.error(`calldata: ${e.message}`)
  if (!(e instanceof BadInputError)) console.error(e.stack)
  process.exitCode = e instanceof BadInputError ? 2 : 3
}
