import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fastPathCounts } from '#electron/services/verify-fast/verify-fast'
import { inspectTokenFast } from '#electron/services/verify-fast/inspect-fast'
import { validVerdictOfDecoded, validVerdictOfToken } from '#electron/services/verify-fast/verdict-fast'
import { SignetError } from '#shared/errors'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { decodeToken } from '#shared/token/decode'
import { inspectToken } from '#shared/token/inspect'

/**
 * Every Wycheproof JWS case (../shared/vectors/wycheproof) through the fast verification path
 * (electron/services/verify-fast) and through the path `signet verify` uses: the traces — every
 * check's id, status and message, the verdict and its reason — must be identical. wycheproof.test.ts
 * pins the verdicts themselves to the vectors' labels.
 */

const vectors = new URL('../../../../shared/vectors/wycheproof/', import.meta.url)
const at = 1_700_000_000

interface Group {
  comment: string
  private: object
  public?: object
  tests: { tcId: number; comment: string; jws?: string | object }[]
}

async function traces(group: Group, token: string) {
  const source = keySourceFromParsed(await parseKeyText(JSON.stringify(group.public ?? group.private)))
  const policy = defaultPolicy()
  let decoded
  try {
    decoded = decodeToken(token)
  } catch (error) {
    if (error instanceof SignetError) return null
    throw error
  }
  const slow = await inspectToken(decoded, { verificationKeys: source, policy, at })
  const fast = await inspectTokenFast(decoded, source, policy, at)
  // and once more with the key checks and imported key now cached
  const again = await inspectTokenFast(decoded, source, policy, at)
  const view = (i: typeof slow) => ({
    verdict: i.trace.verdict,
    reason: i.trace.reason,
    checks: i.trace.checks,
    key: i.key?.label ?? null,
  })
  // The verdict-only path answers "valid" (with buildTrace's reason) or null (the caller then runs the full path):
  // on these vectors (text payloads, hostile headers) it must never answer "valid" where the full path does not.
  const verdictOnly = async (
    fast:
      | Promise<{ verdict: string; reason: string; key: { label: string } } | null>
      | { verdict: string; reason: string; key: { label: string } }
      | null,
  ) => {
    const answer = await fast
    return answer
      ? { verdict: answer.verdict, reason: answer.reason, key: answer.key.label }
      : { verdict: slow.trace.verdict, reason: slow.trace.reason, key: slow.key?.label ?? null }
  }
  const expectedVerdict = { verdict: slow.trace.verdict, reason: slow.trace.reason, key: slow.key?.label ?? null }
  return {
    slow: view(slow),
    fast: view(fast),
    again: view(again),
    expectedVerdict,
    ofToken: await verdictOnly(validVerdictOfToken(token, source, policy, at)),
    ofDecoded: await verdictOnly(validVerdictOfDecoded(decoded, source, policy, at)),
  }
}

describe('fast verification path = verify path, on every Wycheproof JWS case', () => {
  const groups = (
    JSON.parse(readFileSync(new URL('json_web_signature_test.json', vectors), 'utf8')) as { testGroups: Group[] }
  ).testGroups
  let compared = 0
  for (const group of groups) {
    for (const test of group.tests) {
      if (test.jws === undefined) continue
      it(`tcId ${test.tcId} ${group.comment}/${test.comment}`, async () => {
        const token = typeof test.jws === 'string' ? test.jws : JSON.stringify(test.jws)
        const result = await traces(group, token)
        if (result === null) return
        compared++
        expect(result.fast).toEqual(result.slow)
        expect(result.again).toEqual(result.slow)
        expect(result.ofToken).toEqual(result.expectedVerdict)
        expect(result.ofDecoded).toEqual(result.expectedVerdict)
      })
    }
  }
  it('compared most cases (those that decode), most of them decided by node:crypto', () => {
    expect(compared).toBeGreaterThan(300)
    expect(fastPathCounts.fast).toBeGreaterThan(fastPathCounts.delegated)
  })
})
