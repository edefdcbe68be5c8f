#!/usr/bin/env node
// Measures a verifier contract's deployed (runtime) code size with solc, against EIP-170's limit (see --help).

import { BadInputError, DEFAULT_HARDFORK, EIP170_CODE_SIZE_LIMIT, compileVerifier, defaultCacheDir } from './lib/index.mjs'
import { parse, readText } from './lib/cli.mjs'

const HELP = `Usage: contract-size.mjs --sol Verifier.sol [--cache-dir DIR | --no-cache]

Compiles the verifier with solc-js (the settings evm-verify.mjs deploys with: optimizer on, 200 runs, evmVersion
${DEFAULT_HARDFORK}) and prints one line of JSON {"contract","runtimeSize","initSize","limit","fits"}: runtimeSize is the
code a deployment stores, which EIP-170 caps at ${EIP170_CODE_SIZE_LIMIT} bytes.
Exit status: 0 measured (whether it fits or not: read "fits"), 2 bad input (unreadable file, source that does not
compile or is not a gnark verifier), 3 internal error.`

function main (argv) {
  const v = parse(argv, {
    sol: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' }
  })
  if (v.help) {
    console.log(HELP)
    return 0
  }
  if (!v.sol) throw new BadInputError('give --sol FILE')
  const source = readText(v.sol, 'Solidity source')
  const cacheDir = v['no-cache'] ? null : (v['cache-dir'] || defaultCacheDir())
  const c = compileVerifier(source, { cacheDir })
  console.log(JSON.stringify({
    contract: c.contractName,
    runtimeSize: c.runtimeSize,
    initSize: c.bytecode.length / 2,
    limit: EIP170_CODE_SIZE_LIMIT,
    fits: c.runtimeSize <= EIP170_CODE_SIZE_LIMIT
  }))
  return 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (e) {
  const bad = e instanceof BadInputError
  console.log(JSON.stringify({ runtimeSize: null, reason: (bad ? 'bad input: ' : 'error: ') + e.message }))
  console.error(`contract-size: ${e.message}`)
  if (!bad) console.error(e.stack)
  process.exitCode = bad ? 2 : 3
}
