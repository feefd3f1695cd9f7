import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '#electron/services/dispatch'
import type { FilePicker } from '#electron/services/file-picker'
import { channels, contract, type Channel, type Handlers, type Result } from '#shared/contract'
import { keyTestContext, type KeyTestContext } from '../support/key-context'
import { memoryKeychain, type MemoryKeychain } from '../support/memory-keychain'
import { jsonValue } from './arbitraries'
import { fuzzTarget } from './harness'
import { schemaArbitrary } from './schema-arbitrary'

/**
 * Every IPC channel of the contract, driven through `dispatch` with the real handler table exactly
 * as a compromised page would: random values and structured-random ones derived from the channel's
 * schema (see schema-arbitrary.ts). Channels are enumerated from the contract, so a new channel is
 * fuzzed the day it is added. For every case: dispatch never throws, no ERR_INTERNAL, no stack trace
 * and no private key material in the result, and after a rejected input nothing changed — the store
 * file, the audit log and its anchor, every other file in the data directory, the files the dialogs
 * point at, and the keychain's entries are byte for byte what they were.
 *
 * Budget, measured on the shared 2-core machine (about 2.5 ms a case under load, most of it the
 * services and the state check): IPC_FUZZ_RUNS cases per channel (400 by default, about 40 s for the
 * whole contract, so the fuzz project stays under ~90 s), and IPC_FUZZ_COSTLY_RUNS for the channels
 * whose inputs can reach 600,000 PBKDF2 iterations (about 2 s each). A soak of 10,000 cases per
 * channel: IPC_FUZZ_RUNS=10000 IPC_FUZZ_COSTLY_RUNS=1000 npx vitest run --project fuzz test/fuzz/ipc.fuzz.test.ts
 */

const defaultRuns = Number(process.env.IPC_FUZZ_RUNS ?? 400)
const costlyRuns = Number(process.env.IPC_FUZZ_COSTLY_RUNS ?? 100)
const costly = new Set<Channel>(['backup:create', 'backup:restore'])
const runsFor = (channel: Channel) => (costly.has(channel) ? Math.min(costlyRuns, defaultRuns) : defaultRuns)

let t: KeyTestContext
let keychain: MemoryKeychain
let filesDir: string
const live = { strings: [] as string[] }
const tally: Record<string, { accepted: number; rejected: number; reached: number; codes: Set<string>; ms: number }> =
  {}

/** the files a test dialog answers with: one fresh path to save to, one real backup to open */
let backupToOpen = ''
let saveCounter = 0
const picker: FilePicker = {
  saveBackup: async () => join(filesDir, `saved-${++saveCounter}.signet-backup`),
  openBackup: async () => backupToOpen,
  saveStatusList: async () => join(filesDir, `saved-${++saveCounter}.jwt`),
  savePublicKey: async () => join(filesDir, `saved-${++saveCounter}.pem`),
}

/** Cheap fingerprint of every file (ino, size, mtime in ns); the bytes are compared only when it moved. */
function fingerprint(dir: string): string {
  const parts: string[] = []
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) walk(full)
      else {
        const stat = statSync(full, { bigint: true })
        parts.push(`${full}:${stat.ino}:${stat.size}:${stat.mtimeNs}`)
      }
    }
  }
  walk(dir)
  return parts.join('\n')
}

function contentHash(dir: string): string {
  const hash = createHash('sha256')
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) walk(full)
      else hash.update(`${full}\0`).update(readFileSync(full)).update('\0')
    }
  }
  walk(dir)
  return hash.digest('hex')
}

interface StateSnapshot {
  prints: string
  content: string
  keychain: string
}

/** bumped on every keychain write or delete, so the entries are compared only when one happened */
let keychainWrites = 0
let keychainCache = { writes: -1, text: '', secrets: [] as string[] }
function keychainText(): string {
  if (keychainCache.writes !== keychainWrites) {
    const text = JSON.stringify([...keychain.entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
    keychainCache = { writes: keychainWrites, text, secrets: privateValues() }
  }
  return keychainCache.text
}
const prints = () => fingerprint(t.dataDir) + '\n' + fingerprint(filesDir)
const content = () => contentHash(t.dataDir) + contentHash(filesDir)

/** taken at the start and again whenever an accepted input changed something */
function snapshot(): StateSnapshot {
  return { prints: prints(), content: content(), keychain: keychainText() }
}

/** true when the state is what `before` recorded, byte for byte */
function unchanged(before: StateSnapshot): boolean {
  if (keychainText() !== before.keychain) return false
  const now = prints()
  if (now === before.prints) return true
  // a file touched (new inode, size or mtime) counts only if its bytes differ
  if (content() !== before.content) return false
  before.prints = now
  return true
}

/** the live strings the arbitraries draw from: kids, set names and ids, list names, unspent handles */
async function refreshLive(handles: string[]): Promise<void> {
  const strings = new Set<string>(handles)
  const sets = await t.handlers['sets:list'](undefined)
  for (const set of sets.sets) {
    strings.add(set.name)
    strings.add(set.id)
  }
  const keys = await t.handlers['keys:list']({ includeDestroyed: true })
  for (const key of keys.keys) strings.add(key.kid)
  const lists = await t.handlers['status-list:list'](undefined)
  for (const list of lists.lists) strings.add(list.name)
  for (const account of keychain.entries.keys()) strings.add(account)
  live.strings = [...strings]
}

let seededHandles: string[] = []

beforeAll(async () => {
  keychain = memoryKeychain('Signet-fuzz')
  const { set, delete: remove } = keychain
  keychain.set = async (account, secret) => (keychainWrites++, set(account, secret))
  keychain.delete = async (account) => (keychainWrites++, remove(account))
  filesDir = mkdtempSync(join(tmpdir(), 'signet-fuzz-files-'))
  t = keyTestContext({ keychain, files: picker })
  await t.call('sets:create', { name: 'prod', issuer: 'https://issuer.example' })
  await t.call('sets:create', { name: 'staging' })
  await t.call('keys:generate', { set: 'prod', alg: 'EdDSA', kid: 'prod-ed', activate: true })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'prod-es' })
  await t.call('keys:generate', { set: 'staging', alg: 'HS256', kid: 'staging-hs', activate: true })
  await t.call('status-list:create', {
    name: 'revoked',
    set: 'prod',
    uri: 'https://issuer.example/status/1',
    size: 1024,
  })
  await t.call('policies:save', { policy: { name: 'strict' } })
  const save = await t.call('dialog:save-backup', undefined)
  const created = await t.call('backup:create', {
    file: save.handle!,
    passphrase: 'correct horse battery staple and some more words',
  })
  backupToOpen = created.path
  // one-time handles for the backup channels: a few real ones, so some inputs reach the services
  seededHandles = []
  for (let i = 0; i < 2; i++) {
    seededHandles.push((await t.call('dialog:save-backup', undefined)).handle!)
    seededHandles.push((await t.call('dialog:open-backup', undefined)).handle!)
  }
  await refreshLive(seededHandles)
}, 60_000)

afterAll(() => {
  const rows = Object.entries(tally).map(
    ([channel, row]) =>
      `${channel.padEnd(28)} ${String(row.accepted + row.rejected).padStart(6)} cases  ${String(row.reached).padStart(5)} reached a service  ${String(row.accepted).padStart(5)} accepted  ${String(Math.round(row.ms)).padStart(6)} ms  ${[...row.codes].sort().join(' ')}`,
  )
  console.log(`IPC fuzz, cases per channel (accepted = reached a service and succeeded):\n${rows.join('\n')}`)
})

/**
 * The private values held in the keychain right now (JWK members d, p, q, dp, dq, qi, k): a result
 * may echo the page's own input back, but never one of these.
 */
function keychainSecrets(): string[] {
  keychainText()
  return keychainCache.secrets
}

function privateValues(): string[] {
  const secrets: string[] = []
  for (const value of keychain.entries.values()) {
    const text = value.length > 0 ? value : ''
    try {
      const walk = (node: unknown): void => {
        if (node === null || typeof node !== 'object') return
        for (const [key, member] of Object.entries(node)) {
          if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].includes(key) && typeof member === 'string' && member.length >= 16)
            secrets.push(member)
          else walk(member)
        }
      }
      walk(JSON.parse(text))
    } catch {
      if (text.length >= 16) secrets.push(text)
    }
  }
  return secrets
}

/** what every Result must look like, whatever the input */
function checkResult(channel: Channel, result: Result<unknown>): void {
  const text = JSON.stringify(result) ?? ''
  for (const secret of keychainSecrets()) {
    if (text.includes(secret)) throw new Error(`${channel}: a private key value from the keychain in an IPC result`)
  }
  if (result.ok) return
  if (result.error.code === 'ERR_INTERNAL') throw new Error(`${channel}: ERR_INTERNAL: ${result.error.message}`)
  if (result.error.message.length === 0)
    throw new Error(`${channel}: an error without a message (${result.error.code})`)
  if (/\n\s+at |\.ts:\d+:\d+/.test(result.error.message))
    throw new Error(`${channel}: a stack trace in an IPC error: ${result.error.message}`)
}

/** The real handler table, counting the calls that got past the schema to a service. */
let reached = 0
function countingHandlers(): Handlers {
  return Object.fromEntries(
    Object.entries(t.handlers).map(([name, handler]) => [
      name,
      (input: unknown) => (reached++, (handler as (input: unknown) => Promise<unknown>)(input)),
    ]),
  ) as unknown as Handlers
}

describe('fuzz: every IPC channel through dispatch, as a compromised page', () => {
  it('covers every channel of the contract', () => {
    expect(channels.length).toBeGreaterThan(30)
    expect(new Set(channels)).toEqual(new Set(Object.keys(contract)))
  })

  it.each(channels)('%s', async (channel) => {
    const handlers = countingHandlers()
    const structured = schemaArbitrary(contract[channel].input, { live: () => live.strings })
    const arbitrary = fc.tuple(
      fc.oneof(
        { arbitrary: structured, weight: 4 },
        { arbitrary: fc.anything({ maxDepth: 3 }), weight: 1 },
        { arbitrary: jsonValue, weight: 1 },
      ),
      // the user's answer to main's own confirmation box
      fc.boolean(),
    )
    const row = (tally[channel] = { accepted: 0, rejected: 0, reached: 0, codes: new Set<string>(), ms: 0 })
    const started = performance.now()
    let before = snapshot()
    await fuzzTarget({
      arbitrary,
      runs: runsFor(channel),
      run: async ([input, answer]) => {
        // A fuzzed shell command must never be stored: the next fuzzed publish would run it.
        t.answer = channel === 'jwks:add-target' ? false : answer
        const reachedBefore = reached
        const result = await dispatch(handlers, channel, input)
        const reachedService = reached !== reachedBefore
        if (reachedService) row.reached++
        checkResult(channel, result)
        if (result.ok) {
          row.accepted++
          if (prints() !== before.prints || keychainText() !== before.keychain) {
            before = snapshot()
            await refreshLive(seededHandles)
          }
          return
        }
        row.rejected++
        row.codes.add(result.error.code)
        if (!reachedService) {
          // refused by the schema: dispatch returned before any service ran, so nothing could change
          if (result.error.code !== 'ERR_INVALID_ARGUMENT')
            throw new Error(`${channel}: a schema refusal with ${result.error.code}`)
          return
        }
        if (!unchanged(before)) {
          throw new Error(
            `${channel}: state changed after a rejected input (${result.error.code}: ${result.error.message}) for ${JSON.stringify(input)?.slice(0, 300)}`,
          )
        }
      },
    })
    row.ms = performance.now() - started
  })
})
