import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildFaultyCli } from '../support/faulty-cli'

/**
 * The fault slot (electron/services/faults.ts) is filled only by the test-only CLI entry: the
 * shipped bundle must not read any SIGNET_TEST_* variable, so no environment can arm it.
 */
const shipped = 'out/cli'
let faulty: string

beforeAll(async () => {
  faulty = await buildFaultyCli()
}, 120_000)

function bundleText(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n')
}

describe('the shipped CLI carries no armed test hooks', () => {
  it('no file of out/cli names a SIGNET_TEST_ variable', () => {
    const text = bundleText(shipped)
    expect(text.length).toBeGreaterThan(10_000)
    expect(text.match(/SIGNET_TEST_\w*/g) ?? []).toEqual([])
  })

  it('the test-only build does (so the check above looks at the right thing)', () => {
    const text = bundleText(join(faulty, '..'))
    expect(text).toContain('SIGNET_TEST_CRASH_AT')
    expect(text).toContain('SIGNET_TEST_LOCK_HOLD_MS')
  })
})
