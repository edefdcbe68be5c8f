#!/usr/bin/env node
// Usage: node scripts/ensure-deps.mjs [NPM]
// Installs contracts/evm's npm dependencies with `npm ci` only when node_modules is missing or was installed from
// another package-lock.json (its SHA-256 is kept in node_modules/.zkinfer-lock-sha256). The Maven build runs this
// before `npm test`. `npm ci` installs exactly the lockfile, preferring npm's local cache (offline once cached).

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..')
const major = Number(process.versions.node.split('.')[0])
if (major < 20) {
  console.error(`contracts/evm needs Node.js >= 20 (found ${process.versions.node}); skip the EVM tests with -DskipTests`)
  process.exit(1)
}
const lock = readFileSync(join(dir, 'package-lock.json'))
const sha = createHash('sha256').update(lock).digest('hex')
const stamp = join(dir, 'node_modules', '.zkinfer-lock-sha256')
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sha) {
  console.log('contracts/evm: node_modules is up to date with package-lock.json')
  process.exit(0)
}
const npm = process.argv[2] || (process.platform === 'win32' ? 'npm.cmd' : 'npm')
console.log('contracts/evm: npm ci')
const r = spawnSync(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' })
if (r.error) {
  console.error(`contracts/evm: cannot run npm (${r.error.code || r.error.message}): install Node.js >= 20 with npm, ` +
    'or skip the EVM tests with -DskipTests')
  process.exit(1)
}
if (r.status !== 0) {
  console.error(`contracts/evm: npm ci failed (exit ${r.status})`)
  process.exit(1)
}
writeFileSync(stamp, sha + '\n')
