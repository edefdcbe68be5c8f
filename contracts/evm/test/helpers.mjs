// Shared by the tests: the committed gnark fixtures and a deterministic random source.

import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const EVM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const FIXTURES_DIR = join(EVM_DIR, '..', 'fixtures')
/** The tests' solc cache: inside node_modules, so it goes with `npm ci` and is never committed. */
export const TEST_CACHE_DIR = join(EVM_DIR, 'node_modules', '.cache', 'zkinfer-solc')

/** Every fixture written by contracts/fixtures/gen: { file, name, backend, sol, proof, inputs, ... }. */
export function loadFixtures () {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: join(FIXTURES_DIR, f), ...JSON.parse(readFileSync(join(FIXTURES_DIR, f), 'utf8')) }))
}

/** mulberry32: a small seeded PRNG, so that the tampered cases are the same on every run. */
export function prng (seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (n) => Math.floor(next() * n) }
}
