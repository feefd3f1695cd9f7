import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entryHash } from '#electron/services/audit/entry'
import { auditCsvColumns } from '#shared/audit/export-entries'
import type { AuditEntry } from '#shared/contract'
import { runCli } from '../support/run-cli'

// The real CLI, the real keychain and the real log: key actions done at the command line, then
// exported as JSON Lines and CSV, parsed back and checked against the log itself.
let dataDir: string
const env = { SIGNET_KEYCHAIN_SERVICE: `Signet-audit-export-${process.pid}` }
const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { env })

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-export-'))
  for (const args of [
    ['sets', 'create', 'prod'],
    ['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--kid=-dash-first', '--activate'],
    ['keys', 'generate', '--set', 'prod', '--alg', 'EdDSA', '--kid', '=cmd|calc'],
    ['sign', '--set', 'prod', '--claims', '-'],
  ]) {
    const result = await runCli(['--data-dir', dataDir, ...args], { env, input: '{"sub":"alice","jti":"Grüße-🔑"}' })
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0)
  }
}, 60_000)
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** The RFC 4180 rows of our own output (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  return rows
}

describe('signet audit export', () => {
  it('jsonl on stdout: one entry per line, each hash checks, every entry written by the CLI as this user on this host', async () => {
    const result = await cli('audit', 'export', '--format', 'jsonl')
    expect(result.code, result.stderr).toBe(0)
    const entries = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditEntry)
    expect(entries.map((e) => e.action)).toEqual([
      'audit.genesis',
      'set.create',
      'key.generate',
      'key.generate',
      'token.sign',
    ])
    for (const entry of entries) {
      expect(entryHash(entry)).toBe(entry.hash)
      expect(entry.source).toEqual({ via: 'cli', user: userInfo().username, host: hostname() })
    }
    // the same bytes as the log, line for line
    expect(result.stdout).toBe(readFileSync(join(dataDir, 'audit.log.jsonl'), 'utf8'))
    expect(entries[4]!.details.jti).toBe('Grüße-🔑')
  })

  it('csv to a file with filters: the matching rows, formula-safe, and the export itself audited', async () => {
    const out = join(dataDir, 'keys.csv')
    const result = await cli('audit', 'export', '--format', 'csv', '--action', 'key', '--out', out)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toContain('Wrote 2 audit entries as CSV')
    const rows = parseCsv(readFileSync(out, 'utf8'))
    expect(rows[0]).toEqual([...auditCsvColumns])
    const records = rows.slice(1).map((row) => Object.fromEntries(auditCsvColumns.map((c, i) => [c, row[i]])))
    expect(records.map((r) => [r.action, r.kid, r.via])).toEqual([
      ['key.generate', "'-dash-first", 'cli'],
      ['key.generate', "'=cmd|calc", 'cli'],
    ])
    expect(JSON.parse(records[0]!.details!)).toMatchObject({ alg: 'ES256', crv: 'P-256', state: 'active' })

    const logged = await cli('audit', 'list', '--json', '--action', 'audit.export')
    const exported = JSON.parse(logged.stdout) as { entries: AuditEntry[] }
    expect(exported.entries).toHaveLength(1)
    expect(exported.entries[0]!.details).toMatchObject({ format: 'csv', entries: 2, file: out })
    expect((await cli('audit', 'verify')).code).toBe(0)
  })

  it('refuses an unknown format with a usage error naming it', async () => {
    const result = await cli('audit', 'export', '--format', 'xlsx')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('jsonl or csv')
  })
})
