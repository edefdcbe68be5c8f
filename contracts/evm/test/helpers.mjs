// Shared by the tests: the committed gnark fixtures and a deterministic random source.

import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const EVM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const FIXTURES_DIR = join(EVM_DIR, '..', 'fixtures')
/** The tests' solc cache: inside node_modules, so it goes with `npm ci` and is never committed. */
export const TEST_CACHE_DIR = join(EVM_DIR, 'node_modules', '.cache', 'zkinfer-solc')

/**
 * Every fixture { file, name, backend, sol, proof, inputs, ... }: contracts/fixtures/*.json (written by
 * contracts/fixtures/gen from plain gnark circuits) and contracts/fixtures/zkinfer/*.json (zkinfer's own pipeline on
 * its golden IR circuits, see evm_fixture_test.go.txt there) and contracts/fixtures/models/*.json (the test-vector
 * models and a data-property circuit through the zkinfer CLI, see generate.sh there); `group` names the folder.
 */
export function loadFixtures () {
  const all = []
  for (const [group, dir] of [['gnark', FIXTURES_DIR], ['zkinfer', join(FIXTURES_DIR, 'zkinfer')],
    ['models', join(FIXTURES_DIR, 'models')], ['wide', join(FIXTURES_DIR, 'wide')]]) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
      all.push({ file: join(dir, f), group, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) })
    }
  }
  return all
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
