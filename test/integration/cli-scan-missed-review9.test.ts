import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * `signet scan` (the built CLI, a child process) over what review 9 found missed: tokens right after
 * an escape sequence (ANSI colour, JSON and JS string escapes), JWS/JWE JSON serializations outside
 * one newline-terminated line (no final newline, pretty-printed, a HAR field), and the
 * signature-stripping shapes (reported with their high findings, so the scan exits 1).
 */

let dir: string
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const sig = 'c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0aW5nLW9ubHk'
const token = (sub: string) => `${b64({ alg: 'ES256', kid: 'ec1' })}.${b64({ sub })}.${sig}`
const flattened = (sub: string) => ({ protected: b64({ alg: 'ES256' }), payload: b64({ sub }), signature: sig })
const jweJson = {
  protected: b64({ alg: 'dir', enc: 'A256GCM' }),
  iv: 'AGLnNdOjDsc2xo4z',
  ciphertext: 'I8okR622wLUlyBc',
  tag: 'PNE5TzVIG66eG57RWKu8rw',
}
const file = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

interface Report {
  summary: { tokens: { distinct: number } }
  tokens: {
    token: string
    kind: string
    findings: { id: string; severity: string }[]
    locations: Record<string, unknown>[]
  }[]
}
async function scan(paths: string[]) {
  const run = await runCli(['scan', ...paths, '--json', '--show-tokens'])
  return { ...run, report: JSON.parse(run.stdout) as Report }
}
const withToken = (report: Report, text: string) => report.tokens.find((t) => t.token === text)

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-review9-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan: review 9', () => {
  it('finds every token after an escape sequence in one log, and none glued to text', async () => {
    const lines = [
      `\x1b[1;32m${token('ansi')}\x1b[0m`,
      `{"html":"\\u003c${token('go-html')}\\u003e"}`,
      `{"msg":"first\\n${token('json-n')}"}`,
      `{"msg":"a\\t${token('json-t')}\\r"}`,
      `{"msg":"a\\r${token('json-r')}"}`,
      `{"msg":"say \\"${token('json-quote')}\\""}`,
      `var s = "\\x3c${token('js-x')}"`,
      `glued abc${token('glued')} and \\q${token('not-an-escape')}`,
    ]
    const { report, code } = await scan([file('escapes.log', `${lines.join('\n')}\n`)])
    expect(code).toBe(0)
    const names = ['ansi', 'go-html', 'json-n', 'json-t', 'json-r', 'json-quote', 'js-x']
    expect(report.tokens.map((t) => t.token).sort()).toEqual(names.map(token).sort())
    names.forEach((name, i) =>
      expect(withToken(report, token(name))!.locations).toEqual([
        { file: join(dir, 'escapes.log'), line: i + 1, column: lines[i]!.indexOf(token(name)) + 1 },
      ]),
    )
  })

  it('finds JSON serializations without a final newline, pretty-printed, and in HAR content.text and postData', async () => {
    const flat = file('flat.json', JSON.stringify(flattened('no-newline')))
    const pretty = file('pretty.json', JSON.stringify({ jws: flattened('pretty'), jwe: jweJson }, null, 2))
    const har = file(
      'capture.har',
      JSON.stringify({
        log: {
          version: '1.2',
          entries: [
            {
              request: {
                method: 'POST',
                url: 'https://api.example/verify',
                headers: [],
                postData: { mimeType: 'application/json', text: JSON.stringify(flattened('post-data'), null, 2) },
              },
              response: {
                status: 200,
                headers: [],
                content: { mimeType: 'application/jose+json', text: JSON.stringify(jweJson) },
              },
            },
          ],
        },
      }),
    )
    const { report, code } = await scan([flat, pretty, har])
    expect(code).toBe(0)
    const serialized = (value: object) =>
      report.tokens.find(
        (t) =>
          t.token.startsWith('{') &&
          JSON.parse(t.token).payload === (value as { payload?: string }).payload &&
          JSON.parse(t.token).ciphertext === (value as { ciphertext?: string }).ciphertext,
      )
    expect(serialized(flattened('no-newline'))).toMatchObject({
      kind: 'jws-json',
      locations: [{ file: flat, line: 1, column: 1 }],
    })
    expect(serialized(flattened('pretty'))).toMatchObject({
      kind: 'jws-json',
      locations: [{ file: pretty, line: 2, column: 10 }],
    })
    expect(serialized(flattened('post-data'))).toMatchObject({
      kind: 'jws-json',
      locations: [{ file: har, entry: 0, field: expect.stringContaining('postData') }],
    })
    // the same JWE in a pretty file and a HAR body: one token, two locations
    expect(serialized(jweJson)!.locations).toEqual([
      { file: pretty, line: 7, column: 10 },
      { file: har, entry: 0, field: expect.stringContaining('content') },
    ])
    expect(report.summary.tokens.distinct).toBe(4)
  })

  it('reports the signature-stripping shapes with their high findings, and exits 1', async () => {
    const stripped = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.'
    const noneSigned = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln'
    const decoys = 'eyJ4eXo.eyJzdWIiOiJ4In0.c2ln eyJhYmNkZWZnaGlqa2xtbm9w.eyJzdWIiOiJ4In0.'
    const { report, code } = await scan([file('strip.log', `a ${stripped} b\nc ${noneSigned}\n${decoys}\n`)])
    expect(code).toBe(1)
    expect(report.tokens.map((t) => t.token).sort()).toEqual([stripped, noneSigned].sort())
    const high = (text: string) =>
      withToken(report, text)!
        .findings.filter((f) => f.severity === 'high')
        .map((f) => f.id)
    expect(high(stripped)).toContain('signature-missing')
    expect(high(noneSigned)).toEqual(expect.arrayContaining(['alg-none', 'alg-none-signature']))
  })
})
