import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { fastScanVerifier } from '#electron/services/scan/analyse'
import { inspectTokenFast } from '#electron/services/verify-fast/inspect-fast'
import type { VerifyTokenResult } from '#shared/contract/keys'
import { managedKeySource } from '#shared/managed-keys/managed-key-source'
import type { KeyInfo } from '#shared/managed-keys/types'
import { analyseScannedToken } from '#shared/scan/analyse-token'
import { decodeToken } from '#shared/token/decode'
import { inspectToken } from '#shared/token/inspect'
import { defaultPolicy } from '#shared/validation-policy/default-policy'

/**
 * The fast path with a source whose secrets live elsewhere (managed keys, as `signet scan --managed`
 * and the app use them): an HMAC token takes the source's own answer, and a public-key result passes
 * the source's review (a compromised key fails a token whose signature holds) — the same trace and
 * verdict as inspectToken, which the scan verdict follows.
 */

const now = Math.floor(Date.now() / 1000)
const policy = defaultPolicy()

function keyInfo(patch: Partial<KeyInfo>): KeyInfo {
  return {
    id: `6f1c1d1e-0000-4000-8000-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
    kid: 'k',
    setId: '6f1c1d1e-0000-4000-8000-0000000000aa',
    setName: 'prod',
    alg: 'ES256',
    kty: 'EC',
    crv: 'P-256',
    state: 'active',
    history: [{ state: 'active', at: '2026-01-01T00:00:00Z' }],
    origin: 'generated',
    publicJwk: null,
    thumbprint: 'tp',
    activateAt: null,
    rotatedFrom: null,
    policy: { maxTokenLifetime: 3600, jwksCacheTime: 900, clockSkew: 60 },
    signedUntil: null,
    secret: 'present',
    publishedOn: [],
    ...patch,
  } as KeyInfo
}

const both = async (token: string, source: ReturnType<typeof managedKeySource>) => {
  const decoded = decodeToken(token)
  const fast = await inspectTokenFast(decoded, source, policy, now)
  const general = await inspectToken(decoded, { verificationKeys: source, policy, at: now })
  const scan = await analyseScannedToken(token, source, policy, now, fastScanVerifier, 'no key')
  return { fast: fast.trace, general: general.trace, scan }
}

describe('the fast path with managed keys', () => {
  it('fails a token verified by a compromised key, as the general path does, though another key for its alg is fine', async () => {
    const good = await generateKeyPair('ES256', { extractable: true })
    const bad = await generateKeyPair('ES256', { extractable: true })
    const keys = [
      keyInfo({ kid: 'good', publicJwk: { ...(await exportJWK(good.publicKey)), kid: 'good' } }),
      keyInfo({ kid: 'bad', state: 'compromised', publicJwk: { ...(await exportJWK(bad.publicKey)), kid: 'bad' } }),
    ]
    const source = managedKeySource(keys, null)
    // No kid: both ES256 keys are tried; the selection passes because one of them is fine.
    const token = await new SignJWT({ sub: 's', exp: now + 600 })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(bad.privateKey)
    const { fast, general, scan } = await both(token, source)
    expect(general.verdict).toBe('invalid')
    expect(fast.verdict).toBe(general.verdict)
    expect(fast.checks.map((c) => [c.id, c.status])).toEqual(general.checks.map((c) => [c.id, c.status]))
    expect(fast.checks.find((c) => c.id === 'key-select')?.message).toContain('compromised')
    expect(scan.verdict).toBe('invalid')

    const fine = await new SignJWT({ sub: 's', exp: now + 600 })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(good.privateKey)
    const ok = await both(fine, source)
    expect([ok.fast.verdict, ok.general.verdict, ok.scan.verdict]).toEqual(['valid', 'valid', 'valid'])
  })

  it("takes an HMAC token's answer from where its secret is, and names who checked it", async () => {
    const hs = keyInfo({ kid: 'h', alg: 'HS256', kty: 'oct', crv: undefined, bits: 256, publicJwk: null })
    const asked: string[] = []
    const answer =
      (signatureValid: boolean) =>
      async (token: string): Promise<VerifyTokenResult> => {
        asked.push(token)
        return {
          valid: signatureValid,
          signatureValid,
          kid: 'h',
          alg: 'HS256',
          set: 'prod',
          keyState: 'active',
          claims: {},
          problems: signatureValid ? [] : [{ code: 'SIGNATURE_INVALID', message: 'The signature does not verify.' }],
        }
      }
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const token = `${b64({ alg: 'HS256', kid: 'h' })}.${b64({ sub: 's', exp: now + 600 })}.${Buffer.alloc(32, 1).toString('base64url')}`
    const yes = await both(token, managedKeySource([hs], answer(true), 'this signet process'))
    expect([yes.fast.verdict, yes.general.verdict, yes.scan.verdict]).toEqual(['valid', 'valid', 'valid'])
    expect(yes.fast.checks.find((c) => c.id === 'key-select')?.message).toContain('this signet process checked')
    const no = await both(token, managedKeySource([hs], answer(false)))
    expect([no.fast.verdict, no.general.verdict, no.scan.verdict]).toEqual(['invalid', 'invalid', 'invalid'])
    expect(asked.length).toBeGreaterThanOrEqual(4)
  })
})
