import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { anchorFileName } from '#electron/services/audit/anchor'
import { createAuditLog, type AuditLog } from '#electron/services/audit/audit-log'
import { auditLogFileName, canonicalJson, entryHash, zeroHash } from '#electron/services/audit/entry'
import type { AuditEntry } from '#shared/contract'
import { SignetError } from '#shared/errors'

// Real files: the log's promises are about bytes on disk.
let dataDir: string
let log: AuditLog
let clock: number

const logPath = () => join(dataDir, auditLogFileName)
const anchorPath = () => join(dataDir, anchorFileName)
const readAnchorFile = () => JSON.parse(readFileSync(anchorPath(), 'utf8')) as { seq: number; hash: string }
const readLines = () => readFileSync(logPath(), 'utf8').split('\n').slice(0, -1)
const writeLines = (lines: string[], newline = true) =>
  writeFileSync(logPath(), lines.join('\n') + (newline ? '\n' : ''))
const sha = (text: string) => createHash('sha256').update(text).digest('hex')

function reopen(): AuditLog {
  return createAuditLog({ dataDir, now: () => new Date(clock++ * 1000 + Date.UTC(2026, 0, 1)) })
}

async function appendMany(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await log.append({
      action: i % 2 ? 'key.generate' : 'token.sign',
      subject: { set: i % 3 ? 'prod' : 'staging', kid: `k${i}` },
      details: { jti: `jti-${i}`, exp: 1_800_000_000 + i },
    })
  }
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-'))
  clock = 0
  log = reopen()
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

describe('append', () => {
  it('starts the log with a genesis entry and chains every line to the one before', async () => {
    await log.append({ action: 'set.create', subject: { set: 'prod' }, details: { name: 'Production' } })
    await log.append({ action: 'key.generate', subject: { set: 'prod', kid: 'a1' }, details: { alg: 'ES256' } })
    const lines = readLines()
    expect(lines).toHaveLength(3)
    const entries = lines.map((l) => JSON.parse(l) as AuditEntry)
    expect(entries.map((e) => [e.seq, e.action])).toEqual([
      [0, 'audit.genesis'],
      [1, 'set.create'],
      [2, 'key.generate'],
    ])
    expect(entries[0]!.prev).toBe(zeroHash)
    expect(entries[1]!.prev).toBe(sha(lines[0]!))
    expect(entries[2]!.prev).toBe(sha(lines[1]!))
    entries.forEach((e, i) => {
      const { hash, ...rest } = e
      expect(hash).toBe(sha(canonicalJson(rest)))
      expect(hash).toBe(entryHash(rest))
      expect(lines[i]).toBe(canonicalJson(e))
    })
    expect(entries[2]).toMatchObject({
      subject: { set: 'prod', kid: 'a1' },
      details: { alg: 'ES256' },
      at: '2026-01-01T00:00:01.000Z',
    })
  })

  it('records the last entry in the anchor file beside the log, owner-only', async () => {
    await appendMany(3)
    const last = JSON.parse(readLines().at(-1)!) as AuditEntry
    expect(readAnchorFile()).toEqual({ seq: 3, hash: last.hash })
    if (process.platform !== 'win32') expect(statSync(anchorPath()).mode & 0o077).toBe(0)
  })

  it('serialises concurrent appends: no lost, duplicated or interleaved entries', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => log.append({ action: 'token.sign', details: { jti: `j${i}` } })),
    )
    const entries = readLines().map((l) => JSON.parse(l) as AuditEntry)
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i))
    expect(new Set(entries.map((e) => e.details.jti)).size).toBe(41)
    expect((await log.verify()).intact).toBe(true)
  })

  it('continues an existing log from a fresh instance (another process)', async () => {
    await appendMany(2)
    log = reopen()
    await appendMany(2)
    const status = await log.verify()
    expect(status).toMatchObject({ intact: true, entries: 5, head: { seq: 4 } })
  })

  it('writes the log readable by the owner only', async () => {
    if (process.platform === 'win32') return
    await appendMany(1)
    expect(statSync(logPath()).mode & 0o077).toBe(0)
  })

  it('rejects malformed input with ERR_AUDIT_INVALID_ENTRY and writes nothing', async () => {
    const bad: unknown[] = [
      { action: 'Key Generate' },
      { action: 'keygenerate' },
      { action: 'audit.genesis' },
      { action: 'key.generate', details: { nested: { a: 1 } } },
      { action: 'key.generate', details: { n: Number.NaN } },
      { action: 'key.generate', subject: { who: 'x' } },
      { action: 'key.generate', extra: 1 },
      { action: 'key.generate', details: { '1bad': 'x' } },
    ]
    for (const input of bad) {
      await expect(log.append(input as never)).rejects.toMatchObject({ code: 'ERR_AUDIT_INVALID_ENTRY' })
    }
    expect(() => readFileSync(logPath())).toThrow()
  })

  it('refuses an entry larger than a line may be', async () => {
    const details = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, 'x '.repeat(500)]))
    await expect(log.append({ action: 'key.import', details })).rejects.toMatchObject({
      code: 'ERR_AUDIT_INVALID_ENTRY',
    })
  })
})

describe('verify finds every kind of tampering and names the first bad entry', () => {
  beforeEach(async () => {
    await appendMany(5) // lines 1..6 = seq 0..5
  })

  it('reports an untouched log as intact', async () => {
    const status = await log.verify()
    expect(status).toMatchObject({
      intact: true,
      entries: 6,
      lines: 6,
      problemCount: 0,
      firstProblem: null,
      head: { seq: 5 },
      anchor: { seq: 5 },
    })
  })

  it('an edited field (hash mismatch)', async () => {
    const lines = readLines()
    lines[3] = lines[3]!.replace('"jti-2"', '"jti-X"')
    writeLines(lines)
    const status = await log.verify()
    expect(status.intact).toBe(false)
    expect(status.firstProblem).toMatchObject({ kind: 'edited', line: 4, seq: 3 })
    expect(status.firstProblem!.message).toContain('Entry #3 (line 4) was edited')
  })

  it('an edit with the hash recomputed breaks the chain at the next line', async () => {
    const lines = readLines()
    const entry = JSON.parse(lines[3]!) as AuditEntry
    const forged = { ...entry, details: { ...entry.details, jti: 'forged' } }
    const { hash: _old, ...rest } = forged
    lines[3] = canonicalJson({ ...rest, hash: entryHash(rest) })
    writeLines(lines)
    const status = await log.verify()
    expect(status.firstProblem).toMatchObject({ kind: 'chain-broken', line: 5, seq: 4 })
    expect(status.firstProblem!.message).toContain('line 4')
  })

  it('a deleted entry in the middle', async () => {
    const lines = readLines()
    lines.splice(2, 1)
    writeLines(lines)
    const status = await log.verify()
    expect(status.firstProblem).toMatchObject({ kind: 'missing', line: 3, seq: 2 })
    expect(status.firstProblem!.message).toMatch(/Entry #2 is missing before Entry #3 \(line 3\)/)
  })

  it('several deleted entries', async () => {
    const lines = readLines()
    lines.splice(1, 3)
    writeLines(lines)
    expect((await log.verify()).firstProblem).toMatchObject({
      kind: 'missing',
      line: 2,
      seq: 1,
      message: expect.stringContaining('Entries #1–#3 are missing'),
    })
  })

  it('a deleted genesis entry', async () => {
    writeLines(readLines().slice(1))
    const status = await log.verify()
    expect(status.firstProblem).toMatchObject({ kind: 'missing', line: 1, seq: 0 })
    expect(status.firstProblem!.message).toContain('genesis')
  })

  it('two lines swapped', async () => {
    const lines = readLines()
    ;[lines[2], lines[3]] = [lines[3]!, lines[2]!]
    writeLines(lines)
    const status = await log.verify()
    expect(status.firstProblem).toMatchObject({ kind: 'reordered', line: 3, seq: 3 })
    expect(status.problems.map((p) => p.kind)).toEqual(['reordered', 'reordered', 'chain-broken'])
  })

  it('a copied line', async () => {
    const lines = readLines()
    lines.splice(3, 0, lines[2]!)
    writeLines(lines)
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'duplicate', line: 4, seq: 2 })
  })

  it('a line that is not JSON', async () => {
    const lines = readLines()
    lines.splice(2, 0, 'hello')
    writeLines(lines)
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'not-json', line: 3, seq: 2 })
  })

  it('JSON that is not an entry', async () => {
    const lines = readLines()
    lines[2] = JSON.stringify({ seq: 2, note: 'replaced' })
    writeLines(lines)
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'malformed', line: 3, seq: 2 })
  })

  it('an inserted blank line', async () => {
    const lines = readLines()
    lines.splice(4, 0, '')
    writeLines(lines)
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'blank-line', line: 5 })
  })

  it('a last line cut off mid-write', async () => {
    const text = readFileSync(logPath(), 'utf8')
    writeFileSync(logPath(), text.slice(0, text.length - 40))
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'truncated-line', line: 6, seq: 5 })
  })

  it('a last line without its line end', async () => {
    writeLines(readLines(), false)
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'truncated-line', line: 6, seq: 5 })
  })

  it('a line re-spaced without changing its content', async () => {
    const lines = readLines()
    lines[5] = JSON.stringify(JSON.parse(lines[5]!), null, 1).replace(/\n/g, '')
    writeLines(lines)
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'not-canonical', line: 6, seq: 5 })
  })

  it('entries removed from the end (caught by the anchor)', async () => {
    writeLines(readLines().slice(0, 4))
    const status = await log.verify()
    expect(status.firstProblem).toMatchObject({ kind: 'truncated-tail', line: 5, seq: 4 })
    expect(status.firstProblem!.message).toContain('entries #4–#5 were removed from the end')
  })

  it('the whole log deleted', async () => {
    unlinkSync(logPath())
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'missing-log', seq: 5 })
  })

  it('the anchor file deleted', async () => {
    unlinkSync(anchorPath())
    const status = await log.verify()
    expect(status.problems).toEqual([expect.objectContaining({ kind: 'anchor-missing', line: 7, seq: null })])
    expect(status.firstProblem!.message).toContain('deleted')
  })

  it('the anchor file edited, which appends then leave alone', async () => {
    writeFileSync(anchorPath(), '{"seq": 99}')
    await appendMany(1)
    expect(readFileSync(anchorPath(), 'utf8')).toBe('{"seq": 99}')
    const status = await log.verify()
    expect(status.problems).toEqual([
      expect.objectContaining({ kind: 'anchor-missing', message: expect.stringContaining('edited') }),
    ])
  })

  it('the whole log rewritten by hand into a valid but different chain', async () => {
    unlinkSync(logPath())
    unlinkSync(anchorPath())
    await appendMany(5)
    const rewritten = readFileSync(logPath(), 'utf8')
    rmSync(dataDir, { recursive: true, force: true })
    dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-'))
    log = reopen()
    clock = 100
    await appendMany(5)
    writeFileSync(logPath(), rewritten)
    const status = await log.verify()
    expect(status.firstProblem).toMatchObject({ kind: 'anchor-mismatch', line: 6, seq: 5 })
  })
})

describe('after damage', () => {
  it('keeps appending, keeps reporting the first bad entry, and does not move the anchor past it', async () => {
    await appendMany(5)
    const anchorBefore = readAnchorFile()
    writeLines(readLines().slice(0, 3)) // cut #3..#5
    await appendMany(4)
    const status = await log.verify()
    expect(status.intact).toBe(false)
    expect(status.entries).toBe(7)
    expect(readAnchorFile()).toEqual(anchorBefore)
    // the log regrew past the cut: the anchored seq now holds another entry
    expect(status.firstProblem).toMatchObject({ kind: 'anchor-mismatch', seq: 5 })
  })

  it('chains a new entry after a cut-off line so the damage stays at that line only', async () => {
    await appendMany(3)
    const text = readFileSync(logPath(), 'utf8')
    writeFileSync(logPath(), text.slice(0, text.length - 25))
    unlinkSync(anchorPath())
    await appendMany(2)
    const status = await log.verify()
    expect(status.problems).toEqual([expect.objectContaining({ kind: 'not-json', line: 4 })])
    expect(status.head?.seq).toBe(4)
  })

  it('starts a new chain after the file was emptied, and the anchor still reports the loss', async () => {
    await appendMany(3)
    writeFileSync(logPath(), '')
    await appendMany(1)
    const status = await log.verify()
    expect(status.firstProblem).toMatchObject({ kind: 'truncated-tail' })
  })
})

describe('list', () => {
  beforeEach(async () => {
    await log.append({ action: 'set.create', subject: { set: 'prod' } })
    await log.append({ action: 'key.generate', subject: { set: 'prod', kid: 'k-1' }, details: { alg: 'ES256' } })
    await log.append({ action: 'key.activate', subject: { set: 'prod', kid: 'k-1' } })
    await log.append({
      action: 'token.sign',
      subject: { set: 'prod', kid: 'k-1' },
      details: { jti: 'abc', sub: 'alice', exp: 1_900_000_000 },
    })
    await log.append({ action: 'key.generate', subject: { set: 'staging', kid: 'k-2' }, details: { alg: 'EdDSA' } })
  })

  it('lists newest first with line numbers, totals and the chain status', async () => {
    const result = await log.list()
    expect(result.entries.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1, 0])
    expect(result.entries[0]).toMatchObject({ line: 6, flagged: null, action: 'key.generate' })
    expect(result).toMatchObject({ total: 6, matched: 6, chain: { intact: true } })
    expect(result.actions).toEqual(['audit.genesis', 'key.activate', 'key.generate', 'set.create', 'token.sign'])
  })

  it('filters by action domain or exact action, set, kid and text', async () => {
    expect((await log.list({ actions: ['key'] })).entries.map((e) => e.seq)).toEqual([5, 3, 2])
    expect((await log.list({ actions: ['key.generate', 'token.sign'] })).entries.map((e) => e.seq)).toEqual([5, 4, 2])
    expect((await log.list({ set: 'prod', kid: 'k-1' })).matched).toBe(3)
    expect((await log.list({ search: 'ALICE' })).entries.map((e) => e.seq)).toEqual([4])
    expect((await log.list({ actions: ['ke'] })).matched).toBe(0)
  })

  it('filters by time and pages in either order', async () => {
    const since = '2026-01-01T00:00:02.000Z'
    const until = '2026-01-01T00:00:04.000Z'
    // genesis and the first entry share second 0; seq n>0 was written at second n-1
    expect((await log.list({ since, until, order: 'oldest' })).entries.map((e) => e.seq)).toEqual([3, 4, 5])
    expect((await log.list({ order: 'oldest', offset: 1, limit: 2 })).entries.map((e) => e.seq)).toEqual([1, 2])
    expect((await log.list({ limit: 2 })).matched).toBe(6)
  })

  it('flags the entries verification found a problem on', async () => {
    const lines = readLines()
    lines[2] = lines[2]!.replace('ES256', 'HS256')
    writeLines(lines)
    const result = await log.list({ order: 'oldest' })
    expect(result.entries.map((e) => e.flagged)).toEqual([null, null, 'edited', 'chain-broken', null, null])
    expect(result.chain.intact).toBe(false)
  })

  it('returns an empty, intact result before anything was logged', async () => {
    rmSync(dataDir, { recursive: true, force: true })
    dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-'))
    log = reopen()
    expect(await log.list()).toMatchObject({ entries: [], total: 0, chain: { intact: true, head: null, anchor: null } })
  })
})

describe('errors', () => {
  it('are SignetErrors with stable codes', async () => {
    const error = await log.append({ action: 'bad' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SignetError)
  })
})
