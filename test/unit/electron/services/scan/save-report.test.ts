import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompactEncrypt, FlattenedSign, generateKeyPair, SignJWT } from 'jose'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FilePicker } from '#electron/services/file-picker'
import { ScanCollector, analyseFound, type ScanRow, type ScanTokenLimit } from '#renderer/features/scan/scan-core'
import { reportText } from '#renderer/features/scan/scan-report'
import { maxScanReportBytes, scanReportFormats } from '#shared/contract/scan'
import { scanNdjsonLineSchema } from '#cli/output/json-schemas'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { keyTestContext, type KeyTestContext } from '../../../../support/key-context'

// scan:save-report as a compromised page would call it: raw paths, forged, replayed and
// wrong-purpose handles, and reports carrying whole tokens. The page's own redacted reports (every
// format) must pass main's check; anything holding a complete token is refused with nothing written.

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function world(): { t: KeyTestContext; picker: FilePicker & { save: string }; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'signet-scan-report-'))
  dirs.push(dir)
  const picker = {
    save: join(dir, 'report.json'),
    saveBackup: async () => picker.save,
    openBackup: async () => null,
    saveStatusList: async () => picker.save,
    savePublicKey: async () => picker.save,
    saveScanReport: async () => picker.save,
  }
  return { t: keyTestContext({ files: picker }), picker, dir }
}

let tokens: { jws: string; jwe: string; flattened: string; long: string }
let rows: ScanRow[]
beforeAll(async () => {
  const es = await generateKeyPair('ES256')
  const jws = await new SignJWT({ sub: 'ada', exp: Math.floor(Date.now() / 1000) + 600 })
    .setProtectedHeader({ alg: 'ES256', kid: 'k' })
    .sign(es.privateKey)
  const jwe = await new CompactEncrypt(new TextEncoder().encode('hi'))
    .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
    .encrypt(new Uint8Array(16))
  const flattened = JSON.stringify(
    await new FlattenedSign(new TextEncoder().encode('{"sub":"ada"}'))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(es.privateKey),
  )
  const long = await new SignJWT({ sub: 'ada', padding: 'x'.repeat(80_000) })
    .setProtectedHeader({ alg: 'ES256' })
    .sign(es.privateKey)
  tokens = { jws, jwe, flattened, long }
  const collector = new ScanCollector()
  await collector.addFile(new File([`a ${jws}\nb ${jwe}\nc ${long}\n`], 'app.log'), () => {})
  rows = await Promise.all(
    collector.result().map((found) => analyseFound(found, null, defaultPolicy(), Date.now() / 1000)),
  )
}, 30_000)

async function choose(t: KeyTestContext, format: 'json' | 'ndjson' | 'sarif' = 'json'): Promise<string> {
  const choice = await t.call('dialog:save-scan-report', { format })
  return choice.handle!
}

describe("the page's redacted report", () => {
  it('ndjson: each token line is a `signet scan --ndjson` token line (its schema, version 2), redacted', async () => {
    const lines = (await reportText('ndjson', rows, [{ name: 'app.log', size: 1 }], 'test')).trim().split('\n')
    const parsed = lines.map((line) => JSON.parse(line) as { type: string })
    expect(parsed.map((line) => line.type)).toEqual([...rows.map(() => 'token'), 'summary'])
    for (const line of parsed.slice(0, -1)) {
      const token = scanNdjsonLineSchema.parse(line)
      expect(token).toMatchObject({ schemaVersion: 2, type: 'token' })
      if (token.type !== 'token') continue
      expect(token.token).toBeUndefined()
      expect(token.occurrences).toBe(token.locations.length)
    }
    expect(parsed.at(-1)).toMatchObject({ schemaVersion: 2, files: [{ name: 'app.log', size: 1 }] })
  })

  it.each(scanReportFormats)('%s: written through the dialog, with no full token in it', async (format) => {
    const { t, picker } = world()
    picker.save = picker.save.replace(/\.json$/, `.${format}`)
    const report = await reportText(format, rows, [{ name: 'app.log', size: 1 }], 'test')
    const saved = await t.call('scan:save-report', { handle: await choose(t, format), format, report })
    expect(saved).toMatchObject({ format, path: picker.save })
    const written = readFileSync(picker.save, 'utf8')
    expect(written).toBe(report)
    for (const token of [tokens.jws, tokens.jwe, tokens.long]) {
      expect(written).not.toContain(token)
      expect(written).not.toContain(token.split('.').at(-1)!)
    }
    expect(written).toContain(`sha256:`)
  })
})

describe('a report of a scan stopped at its token limit', () => {
  /** A scan of three distinct tokens that lists two (a limit of 2, as maxAppScanTokens is 25,000). */
  async function limited(): Promise<{ rows: ScanRow[]; limit: ScanTokenLimit }> {
    const unsecured = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"bo"}').toString('base64url')}.`
    const collector = new ScanCollector(2)
    await collector.addFile(
      new File([`a ${tokens.jws}\nb ${tokens.jwe}\nc ${unsecured}\nd ${unsecured}\n`], 'app.log'),
      () => {},
    )
    const limit = collector.limitReached()!
    expect(limit).toMatchObject({ code: 'ERR_SCAN_APP_TOKEN_LIMIT', limit: 2, skipped: 2 })
    const found = await Promise.all(
      collector.result().map((f) => analyseFound(f, null, defaultPolicy(), Date.now() / 1000)),
    )
    return { rows: found, limit }
  }

  it('json and ndjson: the summary says it was truncated, at which limit and why; written through main', async () => {
    const { rows: listed, limit } = await limited()
    for (const format of ['json', 'ndjson'] as const) {
      const { t, picker } = world()
      const report = await reportText(format, listed, [{ name: 'app.log', size: 1 }], 'test', limit)
      const summary =
        format === 'json'
          ? (JSON.parse(report) as { summary: object }).summary
          : (JSON.parse(report.trim().split('\n').at(-1)!) as object)
      expect(summary).toMatchObject({
        truncated: { reason: 'ERR_SCAN_APP_TOKEN_LIMIT', limit: 2, skippedOccurrences: 2, message: limit.message },
      })
      await t.call('scan:save-report', { handle: await choose(t, format), format, report })
      expect(readFileSync(picker.save, 'utf8')).toBe(report)
    }
    // A scan that listed everything says nothing of the kind.
    expect(await reportText('json', rows, [], 'test')).not.toContain('truncated')
    expect(await reportText('ndjson', rows, [], 'test')).not.toContain('truncated')
  })

  it('sarif: the run carries a warning notification with the code, and properties.truncated', async () => {
    const { rows: listed, limit } = await limited()
    const log = JSON.parse(await reportText('sarif', listed, [], 'test', limit)) as {
      runs: { invocations: object[]; properties: object }[]
    }
    expect(log.runs[0]!.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          { level: 'warning', descriptor: { id: 'ERR_SCAN_APP_TOKEN_LIMIT' }, message: { text: limit.message } },
        ],
      },
    ])
    expect(log.runs[0]!.properties).toEqual({ truncated: { limit: 2, reason: 'ERR_SCAN_APP_TOKEN_LIMIT' } })
    const whole = JSON.parse(await reportText('sarif', rows, [], 'test')) as { runs: { invocations?: unknown }[] }
    // a whole scan: its invocation succeeded and says nothing
    expect(whole.runs[0]!.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }])
    expect(whole.runs[0]).not.toHaveProperty('properties')
  })
})

describe('main refuses a report holding a complete token', () => {
  const cases: [string, () => string][] = [
    ['a compact JWS', () => JSON.stringify({ tokens: [{ token: tokens.jws }] })],
    ['a compact JWE', () => `{"type":"token","token":"${tokens.jwe}"}\n`],
    ['a JWS JSON serialization', () => `{"note":1}\n${tokens.flattened}\n`],
    ['a token longer than the scanner budget', () => JSON.stringify({ token: tokens.long })],
    [
      'a percent-encoded token',
      () => JSON.stringify({ url: `https://x.example/?t=${encodeURIComponent(tokens.jws).replace(/\./g, '%2E')}` }),
    ],
  ]
  it.each(cases)('%s: ERR_SCAN_REPORT_HAS_TOKEN, nothing written, the handle still usable', async (_name, report) => {
    const { t, picker } = world()
    const handle = await choose(t)
    const failure = await t.failure('scan:save-report', { handle, format: 'json', report: report() })
    expect(failure.code).toBe('ERR_SCAN_REPORT_HAS_TOKEN')
    expect(failure.message).toMatch(/complete token/)
    expect(existsSync(picker.save)).toBe(false)
    await t.call('scan:save-report', { handle, format: 'json', report: '{"tokens":[]}\n' })
    expect(readFileSync(picker.save, 'utf8')).toBe('{"tokens":[]}\n')
  })

  it('the report budget is bytes of the file: multi-byte text under the limit in characters is refused, and saved sizes are bytes', async () => {
    const { t, picker } = world()
    // 11.2 million three-byte characters: a third of 32 MiB in .length, more than 32 MiB of UTF-8.
    const report = `{"note":"${'€'.repeat(11_200_000)}"}`
    expect(report.length).toBeLessThan(maxScanReportBytes)
    const refused = await t.failure('scan:save-report', { handle: await choose(t), format: 'json', report })
    expect(refused.code).toBe('ERR_INVALID_ARGUMENT')
    expect(refused.message).toContain('a scan report is at most 32 MiB (UTF-8)')
    expect(existsSync(picker.save)).toBe(false)
    const saved = await t.call('scan:save-report', { handle: await choose(t), format: 'json', report: '{"n":"€"}' })
    expect(saved.bytes).toBe(11)
  })
})

describe('custody: the page cannot name the file', () => {
  it('a raw path where the handle goes is refused by the schema, and a path member too', async () => {
    const { t, dir } = world()
    const target = join(dir, 'exfil.json')
    for (const input of [
      { handle: target, format: 'json', report: '{}' },
      { handle: 'A'.repeat(43), format: 'json', report: '{}', path: target },
    ]) {
      const failure = await t.failure('scan:save-report', input as never)
      expect(failure.code).toBe('ERR_INVALID_ARGUMENT')
    }
    expect(existsSync(target)).toBe(false)
  })

  it('forged, replayed and wrong-purpose handles are refused', async () => {
    const { t, picker } = world()
    expect((await t.failure('scan:save-report', { handle: 'A'.repeat(43), format: 'json', report: '{}' })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    const handle = await choose(t)
    await t.call('scan:save-report', { handle, format: 'json', report: '{"n":1}' })
    expect((await t.failure('scan:save-report', { handle, format: 'json', report: '{"n":2}' })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    expect(readFileSync(picker.save, 'utf8')).toBe('{"n":1}')
    await t.call('sets:create', { name: 'prod' })
    await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'k1', activate: true })
    const keyHandle = (await t.call('dialog:save-public-key', { kid: 'k1', format: 'jwk' })).handle!
    expect((await t.failure('scan:save-report', { handle: keyHandle, format: 'json', report: '{"n":3}' })).code).toBe(
      'ERR_FILE_HANDLE_PURPOSE',
    )
    expect(readFileSync(picker.save, 'utf8')).toBe('{"n":1}')
  })

  it('without a save dialog for reports (the CLI), the dialog channel says what to use instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-scan-report-'))
    dirs.push(dir)
    const t = keyTestContext({
      files: { saveBackup: async () => null, openBackup: async () => null, saveStatusList: async () => null },
    })
    const failure = await t.failure('dialog:save-scan-report', { format: 'sarif' })
    expect(failure).toMatchObject({ code: 'ERR_USAGE', message: expect.stringContaining('signet scan') })
  })
})
