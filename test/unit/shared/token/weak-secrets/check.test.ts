import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { encodeBase64url } from '#shared/encoding/base64url'
import { maxWeakSecretSigningInputBytes } from '#shared/limits'
import { weakSecretPlan, weakSecretSkippedMessage } from '#shared/token/weak-secrets/check'

/**
 * The weak-secret budget is bytes of signing input (what each candidate HMAC hashes). An unencoded
 * payload (RFC 7797, b64: false) may hold multi-byte characters, so its `.length` is not its size.
 */

const header = encodeBase64url(new TextEncoder().encode('{"alg":"HS256","b64":false,"crit":["b64"]}'))
function unencoded(payload: string): string {
  const input = `${header}.${payload}`
  return `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`
}

describe('weakSecretPlan budget', () => {
  it('reports a skipped signing input by its UTF-8 bytes, not its characters', () => {
    const payload = '€'.repeat(70_000)
    const bytes = new TextEncoder().encode(`${header}.${payload}`).length
    const plan = weakSecretPlan(unencoded(payload))
    expect(plan.targets).toEqual([])
    expect(plan.skipped).toEqual([{ signatureIndex: 0, alg: 'HS256', bytes }])
    expect(weakSecretSkippedMessage(plan.skipped)).toContain(`(${bytes.toLocaleString('en-US')} bytes)`)
  })

  it('skips a signing input under the budget in characters but over it in bytes, and keeps one within it', () => {
    const over = '€'.repeat(30_000)
    expect(header.length + 1 + over.length).toBeLessThan(maxWeakSecretSigningInputBytes)
    expect(weakSecretPlan(unencoded(over)).skipped).toHaveLength(1)
    const within = weakSecretPlan(unencoded('€'.repeat(20_000)))
    expect(within.skipped).toEqual([])
    expect(within.targets[0]!.signingInput.length).toBe(header.length + 1 + 60_000)
  })
})
