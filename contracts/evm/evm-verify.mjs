#!/usr/bin/env node
// Verifies a gnark proof with its exported Solidity verifier in an in-process EVM (see --help).

import { BN254_BACKENDS, BadInputError, DEFAULT_BN254, DeploymentError, DEFAULT_HARDFORK, HARDFORKS, defaultCacheDir, verify } from './lib/index.mjs'
import { COMMON_OPTIONS, parse, proofAndInputs, soliditySource } from './lib/cli.mjs'

const HELP = `Usage: evm-verify.mjs --sol Verifier.sol (--proof HEX | --proof-file FILE) (--inputs LIST | --inputs-file FILE)
       evm-verify.mjs --fixture FIXTURE.json

Compiles a gnark-exported Solidity verifier (Groth16 \`verifyProof(bytes,uint256[N])\` or PLONK
\`Verify(bytes,uint256[]) returns (bool)\`, told apart by the ABI) with solc-js, deploys it into an in-process EVM
(@ethereumjs/vm, real BN254 precompiles) and calls it with the proof and public inputs.

  --sol FILE          the Solidity verifier (one self-contained file, as gnark's ExportSolidity writes it)
  --proof HEX         proof bytes, gnark's proof.MarshalSolidity() as hex (0x optional)
  --proof-file FILE   a file holding that hex, or JSON with a "proof" hex string
  --inputs LIST       public inputs, decimal or 0x-hex, separated by commas or spaces ("" for none)
  --inputs-file FILE  a JSON array of them, JSON with an "inputs" array, or a plain list
  --fixture FILE      JSON {"sol": SOURCE, "proof": HEX, "inputs": [...]}; other options override its fields
  --hardfork NAME     ${Object.keys(HARDFORKS).join(' | ')} (default ${DEFAULT_HARDFORK}); also solc's evmVersion
  --bn254 NAME        BN254 precompile implementation: ${BN254_BACKENDS.join(' | ')} (default ${DEFAULT_BN254})
  --cache-dir DIR     compiled-bytecode cache (default ${defaultCacheDir()})
  --no-cache          compile without reading or writing the cache

Prints one line of JSON {"accepted","gasUsed","executionGas","deployGas","reason",...} and then "gas: N"
(N = gasUsed: the verification transaction's gas, 21000 + calldata + execution).
Exit status: 0 accepted, 1 rejected (reverted or returned false), 2 bad input (unreadable file, bad hex or number,
wrong input count for a Groth16 verifier, source that does not compile or is not a gnark verifier),
3 internal error (a bug: the stack trace goes to stderr), 4 the contract cannot be deployed (code over EIP-170's
24,576 bytes, or its constructor failed): no verdict; "reason" says why.`

async function main (argv) {
  const v = parse(argv, {
    ...COMMON_OPTIONS,
    hardfork: { type: 'string', default: DEFAULT_HARDFORK },
    bn254: { type: 'string', default: DEFAULT_BN254 },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false }
  })
  if (v.help) {
    console.log(HELP)
    return 0
  }
  const { proof, inputs, fixture } = proofAndInputs(v)
  const source = soliditySource(v, fixture)
  if (source === null) throw new BadInputError('no verifier: give --sol FILE (or a fixture with "sol")')
  const cacheDir = v['no-cache'] ? null : (v['cache-dir'] || defaultCacheDir())
  const r = await verify({ source, proof, inputs, hardfork: v.hardfork, bn254: v.bn254, cacheDir })
  console.log(JSON.stringify(r))
  console.log(`gas: ${r.gasUsed}`)
  return r.accepted ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (e) => {
    const bad = e instanceof BadInputError
    const undeployable = e instanceof DeploymentError
    const prefix = bad ? 'bad input: ' : undeployable ? '' : 'error: '
    console.log(JSON.stringify({ accepted: false, gasUsed: null, reason: prefix + e.message }))
    console.error(`evm-verify: ${e.message}`)
    if (!bad && !undeployable) console.error(e.stack)
    process.exitCode = bad ? 2 : undeployable ? 4 : 3
  })
