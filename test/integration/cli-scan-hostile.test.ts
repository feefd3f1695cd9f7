import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * `signet scan` under the hostile inputs of the attacker review: each budget or fault gives a clear
 * error with its code and limit, and a fault in one input never loses the rest of the scan.
 */

let dir: string
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
/** an unsecured JWT: found by the scan without any key */
const token = `${b64({ alg: 'none' })}.${b64({ sub: 'hostile' })}.`
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-hostile-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan: flags that size memory and work are capped', () => {
  it('--max-token-length above the cap is a usage error stating the cap', async () => {
    const log = file('one.log', `token=${token}\n`)
    const run = await runCli(['scan', log, '--max-token-length', '100000000'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/ERR_USAGE.*--max-token-length is at most 8,388,608 characters, not 100000000/)
    const atCap = await runCli(['scan', log, '--max-token-length', '8388608', '--json'])
    expect(atCap.code).not.toBe(2)
    expect(JSON.parse(atCap.stdout).summary).toMatchObject({ tokens: { distinct: 1 } })
  })
})
