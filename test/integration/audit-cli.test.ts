import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLogFileName } from '#electron/services/audit/entry'
import type { AuditEntry } from '#shared/contract'
import { runCli } from '../support/run-cli'

// Several real processes appending to one log at once, then the real CLI judging the result.
const root = fileURLToPath(new URL('../../', import.meta.url))
const driverDir = join(root, '.tmp')
const driver = join(driverDir, `audit-append-driver-${process.pid}.mjs`)

// A tiny program that appends through the real audit log, as the app and CLI do.
const driverSource = `
import { createAuditLog } from './electron/services/audit/audit-log'
const [dataDir, tag, count] = process.argv.slice(2)
const log = createAuditLog({ dataDir })
for (let i = 0; i < Number(count); i++) {
  await log.append({ action: 'token.sign', subject: { set: 'prod', kid: tag }, details: { jti: tag + '-' + i, exp: 1900000000 + i } })
}
`

function runDriver(dataDir: string, tag: string, count: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [driver, dataDir, tag, String(count)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.on('error', reject)
    child.on('close', resolve)
  })
}

beforeAll(async () => {
  mkdirSync(driverDir, { recursive: true })
  await build({
    stdin: { contents: driverSource, resolveDir: root, loader: 'ts', sourcefile: 'audit-append-driver.ts' },
    outfile: driver,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
})
afterAll(() => rmSync(driver, { force: true }))

const lines = (dataDir: string) => readFileSync(join(dataDir, auditLogFileName), 'utf8').split('\n').slice(0, -1)

describe('audit log across processes', () => {
  let dataDir: string

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-procs-'))
    const codes = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((tag) => runDriver(dataDir, tag, 40)))
    expect(codes).toEqual([0, 0, 0, 0])
  }, 60_000)

  it('four processes appending 40 entries each at once: one unbroken chain, nothing lost or interleaved', async () => {
    const entries = lines(dataDir).map((l) => JSON.parse(l) as AuditEntry)
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 161 }, (_, i) => i))
    expect(new Set(entries.map((e) => e.details.jti)).size).toBe(161)
    for (const tag of ['p1', 'p2', 'p3', 'p4']) {
      // each process's own entries stay in its own order
      const own = entries.filter((e) => e.subject.kid === tag).map((e) => e.details.jti)
      expect(own).toEqual(Array.from({ length: 40 }, (_, i) => `${tag}-${i}`))
    }
    const verify = await runCli(['--data-dir', dataDir, 'audit', 'verify'])
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(/Audit log intact: 161 entries, last #160 .*anchored at entry #160/)
  })

  it('signet audit list shows a table, filters, and --json', async () => {
    const table = await runCli(['--data-dir', dataDir, 'audit', 'list', '--kid', 'p3', '--limit', '3'])
    expect(table.code).toBe(0)
    const rows = table.stdout.trim().split('\n')
    expect(rows[0]).toMatch(/^\s*SEQ\s+TIME \(UTC\)\s+ACTION\s+SUBJECT\s+SOURCE\s+DETAILS$/)
    // Details in the Audit screen's words; the driver writes no source, as entries from before Signet recorded one.
    for (const row of rows.slice(1, 4))
      expect(row).toMatch(
        /token\.sign\s+prod \/ p3\s+—\s+Expires \(exp\): 2030-03-17T17:4\d:\d\dZ; Token ID \(jti\): p3-\d+$/,
      )
    expect(rows[4]).toContain('3 of 40 matching entries shown')

    const json = JSON.parse(
      (await runCli(['--data-dir', dataDir, 'audit', 'list', '--json', '--action', 'audit', '--oldest'])).stdout,
    )
    expect(json.entries).toHaveLength(1)
    expect(json.entries[0]).toMatchObject({ seq: 0, action: 'audit.genesis', line: 1, flagged: null })
    expect(json.chain.intact).toBe(true)
    expect((await runCli(['--data-dir', dataDir, 'audit', 'list', '--since', 'yesterday'])).code).toBe(2)
  })

  it("the CLI's own entries name their source (CLI, OS user@host) and read in words; export states its exit codes", async () => {
    const file = join(dataDir, 'p1.jsonl')
    const exported = await runCli([
      '--data-dir',
      dataDir,
      'audit',
      'export',
      '--format',
      'jsonl',
      '--kid',
      'p1',
      '--out',
      file,
    ])
    expect(exported.code).toBe(0)
    const table = await runCli(['--data-dir', dataDir, 'audit', 'list', '--action', 'audit.export'])
    expect(table.code).toBe(0)
    const [header, row] = table.stdout.trimEnd().split('\n')
    const sourceAt = header!.indexOf('SOURCE')
    expect(row!.slice(sourceAt)).toMatch(
      new RegExp(
        `^CLI ${escape(userInfo().username)}@${escape(hostname())}\\s+Entries: 40; File: \\S*p1\\.jsonl; Format: jsonl$`,
      ),
    )
    expect(row).toMatch(/^\s*#161 /)

    const help = await runCli(['audit', 'export', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(
      /Exit codes: 0 written \(to --out, or to standard output\); 2 also when more entries match than one export writes, or bad usage/,
    )
  })
})

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('signet audit verify finds tampering (exit 1, naming the first bad entry)', () => {
  let pristine: string[]
  let dataDir: string

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-tamper-'))
    expect(await runDriver(dataDir, 'k', 8)).toBe(0)
    pristine = lines(dataDir)
  }, 30_000)

  const text = (l: string[]) => `${l.join('\n')}\n`
  const cases: [string, (l: string[]) => string, RegExp][] = [
    [
      'an edited entry',
      (l) => text(l.map((x, i) => (i === 4 ? x.replace('"k-3"', '"k-X"') : x))),
      /Entry #4 \(line 5\) was edited/,
    ],
    ['a deleted entry', (l) => text(l.filter((_, i) => i !== 3)), /Entry #3 is missing before Entry #4 \(line 4\)/],
    [
      'two swapped entries',
      (l) => text([...l.slice(0, 2), l[3]!, l[2]!, ...l.slice(4)]),
      /Entry #3 \(line 3\) is out of order/,
    ],
    ['the end cut off', (l) => text(l.slice(0, 6)), /entries #6–#8 were removed from the end/],
    ['a last line cut off mid-write', (l) => text(l).slice(0, -60), /The last line \(9\) is incomplete/],
  ]

  it.each(cases)('%s', async (_name, tamper, message) => {
    const file = join(dataDir, auditLogFileName)
    writeFileSync(file, tamper([...pristine]))
    try {
      const result = await runCli(['--data-dir', dataDir, 'audit', 'verify'])
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(/^Audit log TAMPERED: /)
      expect(result.stdout.split('\n')[0]).toMatch(message)
      const json = JSON.parse((await runCli(['--data-dir', dataDir, 'audit', 'verify', '--json'])).stdout)
      expect(json.intact).toBe(false)
      expect(json.firstProblem.message).toMatch(message)
      const list = await runCli(['--data-dir', dataDir, 'audit', 'list'])
      expect(list.code).toBe(0)
      expect(list.stderr).toMatch(/warning: the audit log is damaged/)
    } finally {
      writeFileSync(file, `${pristine.join('\n')}\n`)
    }
  })

  it('is intact again once restored, and 0 for a data directory with no log yet', async () => {
    expect((await runCli(['--data-dir', dataDir, 'audit', 'verify'])).code).toBe(0)
    const empty = await runCli(['--data-dir', mkdtempSync(join(tmpdir(), 'signet-audit-none-')), 'audit', 'verify'])
    expect(empty.code).toBe(0)
    expect(empty.stdout).toMatch(/No audit entries yet/)
  })
})
