import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { maxAppScanTokens } from '#shared/limits'
import { errorCategories } from '#shared/error-category'
import { ScanCollector } from '#renderer/features/scan/scan-core'

// The Scan screen's distinct-token budget (maxAppScanTokens, ERR_SCAN_APP_TOKEN_LIMIT): past it the
// collector adds no new token, keeps recording places of tokens it lists, and says what it left out.

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
function hs256(sub: string): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, iss: 'https://scan.example' })}`
  return `${input}.${createHmac('sha256', 'k').update(input).digest('base64url')}`
}

/** One token a line: "t=<token>" — `count` distinct tokens, numbered from `from`. */
function log(from: number, count: number): string {
  let text = ''
  for (let i = from; i < from + count; i++) text += `t=${hs256(`user-${i}`)}\n`
  return text
}

describe('ScanCollector distinct-token limit', () => {
  it('lists every token below the limit and reports no limit', () => {
    const collector = new ScanCollector()
    collector.addFile('a.log', log(0, 100), () => undefined)
    expect(collector.result()).toHaveLength(100)
    expect(collector.limitReached()).toBeNull()
  })

  it(`stops adding at maxAppScanTokens (${maxAppScanTokens}), keeps places of listed tokens, counts what it left out`, () => {
    const collector = new ScanCollector()
    // the limit exactly, then 7 more distinct tokens, then token 0 again (listed: its place is kept)
    collector.addFile('big.log', log(0, maxAppScanTokens + 7) + `again ${hs256('user-0')}\n`, () => undefined)
    const found = collector.result()
    expect(found).toHaveLength(maxAppScanTokens)
    expect(found.at(-1)!.token).toBe(hs256(`user-${maxAppScanTokens - 1}`))
    expect(found.some((f) => f.token === hs256(`user-${maxAppScanTokens}`))).toBe(false)
    expect(found[0]!.locations).toEqual([
      { file: 'big.log', line: 1, column: 3 },
      { file: 'big.log', line: maxAppScanTokens + 8, column: 7 },
    ])
    const limit = collector.limitReached()!
    expect(limit.code).toBe('ERR_SCAN_APP_TOKEN_LIMIT')
    expect(errorCategories[limit.code]).toBe('input')
    expect(limit.limit).toBe(maxAppScanTokens)
    expect(limit.skipped).toBe(7)
    expect(limit.message).toContain('25,000 distinct tokens')
    expect(limit.message).toContain('7 more occurrences')
    expect(limit.message).toContain('signet scan')
  })

  it('counts across files: a second file past the limit adds nothing new', () => {
    const collector = new ScanCollector(10)
    collector.addFile('one.log', log(0, 8), () => undefined)
    collector.addFile('two.log', log(5, 8), () => undefined)
    expect(collector.result().map((f) => f.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    // user-5..7 are listed (their places from two.log kept), user-8, user-9 fill the limit, user-10..12 are left out
    expect(collector.result()[5]!.locations.map((l) => l.file)).toEqual(['one.log', 'two.log'])
    expect(collector.limitReached()).toMatchObject({ limit: 10, skipped: 3 })
    expect(collector.limitReached()!.message).toContain('3 more occurrences')
  })
})
