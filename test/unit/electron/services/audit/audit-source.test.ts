import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAuditLog } from '#electron/services/audit/audit-log'
import { auditLogFileName, entryHash } from '#electron/services/audit/entry'
import { auditSource } from '#electron/services/context'
import type { AuditEntry } from '#shared/contract'

// Real files: a log written first by a Signet that recorded no source, then by one that does.
let dataDir: string
let tick = 0
const now = () => new Date(Date.UTC(2026, 10, 30) + tick++ * 1000)
beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-source-'))))
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const lines = () => readFileSync(join(dataDir, auditLogFileName), 'utf8').trimEnd().split('\n')

describe('audit entries record their source', () => {
  it('old entries (no source) and new ones (app, cli) chain and verify together', async () => {
    const old = createAuditLog({ dataDir, now })
    await old.append({ action: 'set.create', subject: { set: 'prod' }, details: { jwksCacheTime: 900 } })
    const app = createAuditLog({ dataDir, now, source: { via: 'app', user: 'ada', host: 'desk' } })
    await app.append({ action: 'key.generate', subject: { set: 'prod', kid: 'k1' }, details: { alg: 'ES256' } })
    const cli = createAuditLog({ dataDir, now, source: { via: 'cli', user: 'ci', host: 'runner-7' } })
    await cli.append({ action: 'token.sign', subject: { set: 'prod', kid: 'k1' }, details: { exp: 1796013936 } })

    const status = await cli.verify()
    expect(status.problems).toEqual([])
    expect(status.intact).toBe(true)
    const listed = (await cli.list({ order: 'oldest' })).entries
    expect(listed.map((e) => [e.action, e.source?.via ?? null])).toEqual([
      ['audit.genesis', null],
      ['set.create', null],
      ['key.generate', 'app'],
      ['token.sign', 'cli'],
    ])
    expect(listed[3]!.source).toEqual({ via: 'cli', user: 'ci', host: 'runner-7' })
    // the line holds no "source" member at all for the old entries: their bytes are what they always were
    expect(lines()[1]).not.toContain('source')
  })

  it('the hash covers the source: editing who wrote an entry breaks the chain at that entry', async () => {
    const log = createAuditLog({ dataDir, now, source: { via: 'app', user: 'ada', host: 'desk' } })
    await log.append({ action: 'set.create', subject: { set: 'prod' } })
    await log.append({ action: 'set.delete', subject: { set: 'prod' } })
    const entry = JSON.parse(lines()[1]!) as AuditEntry
    expect(entryHash(entry)).toBe(entry.hash)
    expect(entryHash({ ...entry, source: { via: 'cli', user: 'ada', host: 'desk' } })).not.toBe(entry.hash)
    expect(entryHash({ ...entry, source: undefined })).not.toBe(entry.hash)

    const edited = lines().map((line, i) => (i === 1 ? line.replace('"via":"app"', '"via":"cli"') : line))
    writeFileSync(join(dataDir, auditLogFileName), `${edited.join('\n')}\n`)
    const status = await log.verify()
    expect(status.intact).toBe(false)
    expect(status.firstProblem).toMatchObject({ kind: 'edited', line: 2 })
  })

  it('a source with an unknown front door is not an audit entry', async () => {
    const log = createAuditLog({ dataDir, now, source: { via: 'app', user: 'ada', host: 'desk' } })
    await log.append({ action: 'set.create', subject: { set: 'prod' } })
    writeFileSync(
      join(dataDir, auditLogFileName),
      `${lines()
        .map((l, i) => (i === 1 ? l.replace('"via":"app"', '"via":"web"') : l))
        .join('\n')}\n`,
    )
    expect((await log.verify()).firstProblem).toMatchObject({ kind: 'malformed', line: 2 })
  })

  it('auditSource reads this process’s OS user and host, bounded, never failing', () => {
    const source = auditSource('cli')
    expect(source.via).toBe('cli')
    expect(typeof source.user).toBe('string')
    expect(typeof source.host).toBe('string')
    expect(source.user.length).toBeLessThanOrEqual(256)
    expect(source.host.length).toBeGreaterThan(0)
  })
})
