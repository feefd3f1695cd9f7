import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { secretKeySource } from '#shared/key-material/source'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { SignetError } from '#shared/errors'
import { encodeBase64url } from '#shared/encoding/base64url'
import { decodeToken } from '#shared/token/decode'
import { lintToken } from '#shared/token/lint'
import { normalizeToken } from '#shared/token/normalize'
import { verifyToken } from '#shared/token/verify/verify-token'

/**
 * Class: decode, verify and lint read the same input differently (issue 10, item 10). One shared
 * normalisation: decode notes what it changed, lint reports it, verify fails the encoding check
 * with a trace — and bytes a signature covers are never changed.
 */

const now = 1_900_000_000
const secret = 'an HMAC secret that is at least thirty-two bytes long'
const b64 = (text: string) => encodeBase64url(new TextEncoder().encode(text))
const sign = (input: string) => `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
const hs256 = (claims: object) =>
  sign(`${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify({ exp: now + 600, ...claims }))}`)
const source = () => secretKeySource(secret)
const verify = (input: string) => verifyToken(input, source(), defaultPolicy(), { at: now })
const ids = (input: string) => lintToken(input, { now, weakSecretQuickCheck: false }).map((f) => f.id)
const encoding = async (input: string) => (await verify(input)).trace.checks.find((c) => c.id === 'encoding')

// A signature whose base64url length calls for padding (32 bytes → 43 characters → one "=").
const clean = hs256({ sub: 'alice' })

describe('one normalisation', () => {
  it('padding "=": decode notes it, lint reports it, verify fails the encoding check (signature still checked)', async () => {
    const padded = `${clean}=`
    const decoded = decodeToken(padded)
    expect(decoded.token).toBe(clean)
    expect(decoded.notes.changes).toMatchObject([{ kind: 'padding', altersToken: true }])
    expect(ids(padded)).toContain('token-not-strictly-encoded')
    const report = await verify(padded)
    expect(report.trace.checks.find((c) => c.id === 'encoding')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('padding'),
    })
    expect(report.trace.checks.find((c) => c.id === 'signature')).toMatchObject({ status: 'pass' })
    expect(report.trace.verdict).toBe('invalid')
  })

  it('padding that is not valid padding is still an error that names padding', () => {
    expect(() => decodeToken(`${b64('{"alg":"HS256"}')}=.e30.c2ln`)).toThrow(/padding/)
  })

  it('whitespace inside: the same three ways', async () => {
    const wrapped = `${clean.slice(0, 40)}\n  ${clean.slice(40)}`
    expect(decodeToken(wrapped).notes.changes.map((c) => c.kind)).toEqual(['inner-whitespace'])
    expect(ids(wrapped)).toContain('token-not-strictly-encoded')
    expect(await encoding(wrapped)).toMatchObject({ status: 'fail' })
    expect(await encoding(clean)).toMatchObject({ status: 'pass' })
  })

  it('duplicate members: decode shows them as notes, lint reports them, verify fails the encoding check with a trace', async () => {
    const duplicated = sign(`${b64('{"alg":"HS256"}')}.${b64(`{"sub":"alice","sub":"admin","exp":${now + 600}}`)}`)
    expect(decodeToken(duplicated, { allowDuplicateMembers: true }).notes.duplicateMembers).toMatchObject([
      { segment: 'payload', member: 'sub' },
    ])
    expect(ids(duplicated)).toContain('duplicate-member')
    const report = await verify(duplicated)
    expect(report.trace.checks.find((c) => c.id === 'encoding')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('"sub" twice'),
    })
    expect(report.trace.verdict).toBe('invalid')
  })

  it('a log line pasted whole: the token is taken out, and every reader says so', async () => {
    const line = `2026-11-30T04:12:09Z INFO gateway request id=42 token=${clean} user=alice status=200`
    const decoded = decodeToken(line)
    expect(decoded.token).toBe(clean)
    expect(decoded.notes.changes).toMatchObject([{ kind: 'extracted', altersToken: false }])
    expect(decoded.notes.normalized[0]).toMatch(/text around the token/)
    expect(ids(line)).toContain('token-extracted')
    const report = await verify(line)
    expect(report.trace.checks.find((c) => c.id === 'encoding')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('text around the token'),
    })
    expect(report.trace.verdict).toBe('valid')
  })

  it('an "Authorization: Bearer …" header line pasted whole', async () => {
    const header = `Authorization: Bearer ${clean}\r\n`
    const decoded = decodeToken(header)
    expect(decoded.token).toBe(clean)
    expect(decoded.notes.changes.map((c) => c.kind)).toEqual(['header-line', 'surrounding-whitespace'])
    expect(decoded.notes.normalized[0]).toContain('Authorization: Bearer')
    expect((await verify(header)).trace.verdict).toBe('valid')
    expect(ids(header)).toContain('token-extracted')
  })

  it('two tokens in one text: a clear error, not "two tokens run together"', () => {
    const error = (() => {
      try {
        decodeToken(`old=${clean} new=${hs256({ sub: 'bob' })}`)
      } catch (e) {
        return e as SignetError
      }
      return null
    })()
    expect(error?.code).toBe('ERR_TOKEN_MALFORMED')
    expect(error?.message).toMatch(/holds 2 tokens/)
  })

  it('never changes an unencoded payload (RFC 7797 b64:false): spaces and "=" in it are signed bytes', async () => {
    const header = b64('{"alg":"HS256","b64":false,"crit":["b64"]}')
    const payload = 'amount = 100 EUR ==  to  bob'
    const token = sign(`${header}.${payload}`)
    const decoded = decodeToken(token)
    expect(decoded.token).toBe(token)
    expect(decoded).toMatchObject({ payload: { kind: 'text', text: payload } })
    expect(decoded.notes.changes).toEqual([])
    const report = await verify(token)
    expect(report.trace.checks.find((c) => c.id === 'signature')).toMatchObject({ status: 'pass' })
    expect(report.trace.checks.find((c) => c.id === 'encoding')).toMatchObject({ status: 'pass' })
  })

  it('a detached payload (header..signature) is read as it is', () => {
    const detached = `${b64('{"alg":"HS256"}')}..${'A'.repeat(43)}`
    const result = normalizeToken(detached)
    expect(result.text).toBe(detached)
    expect(result.changes).toEqual([])
    expect(decodeToken(detached)).toMatchObject({ payload: { kind: 'detached' } })
  })

  it('the JSON serialization is left exactly as written', () => {
    const json = ` {"payload":"e30","signatures":[{"protected":"${b64('{"alg":"HS256"}')}","signature":"c2ln"}]} `
    expect(normalizeToken(json).text).toBe(json.trim())
  })

  it("error offsets still point at the user's character after normalisation", () => {
    const broken = `  Bearer ${clean.slice(0, 60)}*${clean.slice(61)}`
    try {
      decodeToken(broken)
      expect.unreachable()
    } catch (error) {
      expect((error as SignetError).location?.offset).toBe(broken.indexOf('*'))
    }
  })
})
