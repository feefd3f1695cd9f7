import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import type { VerifyTokenResult } from '#shared/contract/keys'
import type { KeyInfo } from '#shared/managed-keys/types'
import { parsePolicy } from '#shared/validation-policy/policy'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { decodeToken } from '#shared/token/decode'
import { analyseToken } from '#shared/token/analyse-token'
import { traceAt } from '#shared/token/trace-at'
import { managedKeySource } from '#shared/managed-keys/managed-key-source'

const now = Math.floor(Date.now() / 1000)

function keyInfo(patch: Partial<KeyInfo>): KeyInfo {
  return {
    id: '6f1c1d1e-0000-4000-8000-000000000001',
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
    ...patch,
  }
}

/** The main process's answer, as keys:verify-token gives it; the IPC edge is the one thing faked here. */
const answer = (patch: Partial<VerifyTokenResult>): VerifyTokenResult => ({
  valid: true,
  signatureValid: true,
  kid: 'h',
  alg: 'HS256',
  set: 'internal',
  keyState: 'active',
  claims: {},
  problems: [],
  ...patch,
})

describe('managed keys as a verification source', () => {
  it('verify a public-key token here, naming the managed key; a compromised key fails it anyway', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true })
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'es-1' }
    const token = await new SignJWT({ sub: 's' })
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1' })
      .setExpirationTime(now + 600)
      .sign(pair.privateKey)
    const active = keyInfo({ kid: 'es-1', publicJwk })
    const analysis = await analyseToken(decodeToken(token), {
      verification: managedKeySource([active], null),
      decryption: null,
      allowRsa1_5: false,
      policy: {},
    })
    const trace = traceAt(analysis, defaultPolicy(), now).trace
    expect(trace.verdict).toBe('valid')
    expect(trace.checks.find((c) => c.id === 'signature')?.message).toContain(
      'managed key es-1 (ES256, set prod, active)',
    )

    const compromised = keyInfo({ kid: 'es-1', publicJwk, state: 'compromised' })
    const again = await analyseToken(decodeToken(token), {
      verification: managedKeySource([compromised], null),
      decryption: null,
      allowRsa1_5: false,
      policy: {},
    })
    const after = traceAt(again, defaultPolicy(), now).trace
    expect(after.checks.find((c) => c.id === 'signature')?.status).toBe('pass')
    expect(after.checks.find((c) => c.id === 'key-select')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('marked compromised'),
    })
    expect(after.verdict).toBe('invalid')
  })

  it('with no kid, the key that verified decides: an unpublished one fails the token', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true })
    const other = await generateKeyPair('ES256', { extractable: true })
    const token = await new SignJWT({ sub: 's' })
      .setProtectedHeader({ alg: 'ES256' })
      .setExpirationTime(now + 600)
      .sign(pair.privateKey)
    const keys = [
      keyInfo({ kid: 'live', publicJwk: await exportJWK(other.publicKey) }),
      keyInfo({ kid: 'old', state: 'unpublished', publicJwk: await exportJWK(pair.publicKey) }),
    ]
    const analysis = await analyseToken(decodeToken(token), {
      verification: managedKeySource(keys, null),
      decryption: null,
      allowRsa1_5: false,
      policy: {},
    })
    const trace = traceAt(analysis, defaultPolicy(), now).trace
    expect(trace.checks.find((c) => c.id === 'signature')?.message).toContain('managed key old')
    expect(trace.checks.find((c) => c.id === 'key-select')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('Key old is unpublished'),
    })
    expect(trace.verdict).toBe('invalid')
  })

  it('select by kid, or by alg when there is none; destroyed and unknown kids are named', async () => {
    const a = keyInfo({ kid: 'a', publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } })
    const retired = keyInfo({ kid: 'r', state: 'unpublished', publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } })
    const gone = keyInfo({ kid: 'd', state: 'destroyed', publicJwk: null, secret: 'destroyed' })
    const source = managedKeySource([a, retired, gone], null)
    expect(source.keys.map((k) => k.kid)).toEqual(['a', 'r'])
    expect(await source.select({ alg: 'ES256', kid: 'a' })).toMatchObject({
      status: 'pass',
      candidates: [{ description: { kid: 'a', origin: 'managed' } }],
    })
    expect(await source.select({ alg: 'ES256', kid: 'r' })).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('r is unpublished'),
    })
    expect(await source.select({ alg: 'ES256', kid: 'd' })).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('was destroyed'),
    })
    expect(await source.select({ alg: 'ES256', kid: 'zz' })).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('No key Signet manages has kid "zz"'),
    })
    const noKid = await source.select({ alg: 'ES256' })
    expect(noKid.candidates.map((c) => c.description.kid)).toEqual(['a', 'r'])
    expect(noKid.status).toBe('pass')
  })

  it('send an HMAC token to the main process and turn its answer into the same checks', async () => {
    const hs = keyInfo({ kid: 'h', alg: 'HS256', kty: 'oct', crv: undefined, bits: 256, setName: 'internal' })
    const token = await new SignJWT({ sub: 's' })
      .setProtectedHeader({ alg: 'HS256', kid: 'h' })
      .setExpirationTime(now + 600)
      .sign(new Uint8Array(32))
    const sent: string[] = []
    const remote = async (t: string) => {
      sent.push(t)
      return answer({})
    }
    const analysis = await analyseToken(decodeToken(token), {
      verification: managedKeySource([hs], remote),
      decryption: null,
      allowRsa1_5: false,
      policy: {},
    })
    expect(sent).toEqual([token])
    const trace = traceAt(analysis, defaultPolicy(), now).trace
    expect(trace.verdict).toBe('valid')
    expect(trace.checks.find((c) => c.id === 'key-select')?.message).toContain('Its secret stays in the OS keychain')
    expect(trace.checks.find((c) => c.id === 'key-strength')).toMatchObject({
      status: 'pass',
      message: 'The secret is 32 bytes, at least the 32 HS256 needs.',
    })

    const bad = await analyseToken(decodeToken(token), {
      verification: managedKeySource([hs], async () =>
        answer({
          valid: false,
          signatureValid: false,
          problems: [{ code: 'SIGNATURE_INVALID', message: 'The signature does not verify with key "h".' }],
        }),
      ),
      decryption: null,
      allowRsa1_5: false,
      policy: {},
    })
    expect(traceAt(bad, defaultPolicy(), now).trace.checks.find((c) => c.id === 'signature')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('does not match managed key h'),
    })
  })

  it('check the policy and the key before trusting the main process: an algorithm the policy forbids is not attempted', async () => {
    const hs = keyInfo({ kid: 'h', alg: 'HS256', kty: 'oct', crv: undefined, bits: 256 })
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 'h' }).sign(new Uint8Array(32))
    const policy = parsePolicy({ algorithms: ['ES256'] })
    const analysis = await analyseToken(decodeToken(token), {
      verification: managedKeySource([hs], async () => answer({})),
      decryption: null,
      allowRsa1_5: false,
      policy,
    })
    const trace = traceAt(analysis, policy, now).trace
    expect(trace.checks.find((c) => c.id === 'alg-allowed')?.status).toBe('fail')
    expect(trace.checks.find((c) => c.id === 'signature')?.status).toBe('fail')
    expect(trace.verdict).toBe('invalid')
  })
})
