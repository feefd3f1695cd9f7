import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

// Issue 12.10: one time format everywhere in the CLI — ISO 8601 UTC to the second, no milliseconds,
// with the relative time beside it where a person reads it. keys list and audit list disagreed.
const oneFormat = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \((?:now|in \d+ \w+|\d+ \w+ ago)\)/

describe('the CLI prints every time one way', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-it-time-'))
  const env = { SIGNET_KEYCHAIN_SERVICE: `Signet-it-time-${process.pid}-${Date.now()}` }
  const signet = (args: string[]) => runCli(['--data-dir', dataDir, ...args], { env, timeoutMs: 60_000 })

  it('keys list, sets list and audit list agree', async () => {
    await createProdWithActiveKey(signet, ['--issuer', 'https://issuer.example', '--rotation-period', '90d'])
    const keys = await signet(['keys', 'list'])
    const audit = await signet(['audit', 'list'])
    for (const output of [keys.stdout, audit.stdout]) {
      expect(output).toMatch(oneFormat)
      // never milliseconds, never a space between date and time
      expect(output).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d+Z/)
      expect(output).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    }
    const sets = await signet(['sets', 'list'])
    expect(sets.stdout).toMatch(/next due \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \(in \d+ \w+\)/)
  }, 120_000)
})
