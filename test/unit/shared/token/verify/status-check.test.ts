import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import type { KeySource } from '#shared/key-material/types'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { encodeStatuses } from '#shared/status-list/encode'
import { appendChecks } from '#shared/token/verify/append-checks'
import type { Check } from '#shared/token/verify/check'
import { prepareStatusList, statusListChecks } from '#shared/token/verify/status-check'
import { verifyToken } from '#shared/token/verify/verify-token'

const now = 1_900_000_000
const uri = 'https://issuer.example/statuslists/1'
let issuer: { publicKey: CryptoKey; privateKey: CryptoKey }
let stranger: { publicKey: CryptoKey; privateKey: CryptoKey }
let source: KeySource

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true })
  stranger = await generateKeyPair('ES256', { extractable: true })
  source = keySourceFromParsed(
    await parseKeyText(JSON.stringify({ ...(await exportJWK(issuer.publicKey)), kid: 'k1' })),
    { at: now },
  )
})

// 16 entries of 2 bits: index 1 INVALID, 2 SUSPENDED, 3 application-specific, the rest VALID.
const statuses = [0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]

async function listToken(
  options: { claims?: Record<string, unknown>; typ?: string; key?: CryptoKey } = {},
): Promise<string> {
  return new SignJWT({
    sub: uri,
    iat: now - 60,
    exp: now + 3600,
    ttl: 600,
    status_list: encodeStatuses(statuses, 2),
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: options.typ ?? 'statuslist+jwt' })
    .sign(options.key ?? issuer.privateKey)
}

async function checksFor(idx: number, list: string, at = now, extra: Record<string, unknown> = {}): Promise<Check[]> {
  const evidence = await prepareStatusList(list, source, defaultPolicy())
  return statusListChecks(
    { sub: 'alice', exp: now + 900, status: { status_list: { idx, uri } }, ...extra },
    evidence,
    at,
    60,
  )
}

const byId = (checks: Check[], id: string) => checks.find((c) => c.id === id)!

describe('status list checks (draft-ietf-oauth-status-list §8.3)', () => {
  it('passes every check for a VALID index in a fresh, well-signed list', async () => {
    const checks = await checksFor(0, await listToken())
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['status-list-signature', 'pass'],
      ['status-list-typ', 'pass'],
      ['status-list-sub', 'pass'],
      ['status-list-fresh', 'pass'],
      ['status-index', 'pass'],
      ['status', 'pass'],
    ])
    expect(byId(checks, 'status-list-fresh').detail).toMatchObject({ iat: now - 60, exp: now + 3600, ttl: 600 })
  })

  it('rejects INVALID and SUSPENDED with their own messages naming the index, and reports application-specific values', async () => {
    const list = await listToken()
    expect(byId(await checksFor(1, list), 'status')).toMatchObject({
      status: 'fail',
      message: 'The token is revoked: the status at index 1 is INVALID.',
    })
    expect(byId(await checksFor(2, list), 'status').message).toMatch(
      /^The token is suspended: the status at index 2 is SUSPENDED/,
    )
    expect(byId(await checksFor(2, list), 'status').status).toBe('fail')
    const custom = byId(await checksFor(3, list), 'status')
    expect(custom.status).toBe('warn')
    expect(custom.message).toContain('0x03 (application-specific)')
  })

  it('rejects an index out of bounds', async () => {
    const checks = await checksFor(16, await listToken())
    expect(byId(checks, 'status-index')).toMatchObject({ status: 'fail' })
    expect(byId(checks, 'status-index').message).toMatch(/^Index 16 is out of bounds: the list holds 16 entries/)
  })

  it("rejects a list signed by a key outside the token's key source, a wrong typ, and another list's sub", async () => {
    expect(
      byId(await checksFor(0, await listToken({ key: stranger.privateKey })), 'status-list-signature').status,
    ).toBe('fail')
    expect(byId(await checksFor(0, await listToken({ typ: 'JWT' })), 'status-list-typ').status).toBe('fail')
    const other = byId(
      await checksFor(0, await listToken({ claims: { sub: 'https://issuer.example/statuslists/2' } })),
      'status-list-sub',
    )
    expect(other.status).toBe('fail')
  })

  it('judges freshness at the evaluation time: stale past ttl warns, expired or future lists fail', async () => {
    const list = await listToken()
    expect(byId(await checksFor(0, list, now + 1200), 'status-list-fresh').status).toBe('warn')
    expect(byId(await checksFor(0, list, now + 3600 + 61), 'status-list-fresh').status).toBe('fail')
    expect(byId(await checksFor(0, list, now - 600), 'status-list-fresh').status).toBe('fail')
    expect(byId(await checksFor(0, await listToken({ claims: { iat: undefined } })), 'status-list-fresh').status).toBe(
      'fail',
    )
  })

  it('fails a malformed reference and an undecodable list with a clear message, never a throw', async () => {
    expect(byId(await checksFor(-1, await listToken()), 'status-index').message).toContain('non-negative integer')
    const broken = await listToken({ claims: { status_list: { bits: 3, lst: 'eNrbuRgAAhcBXQ' } } })
    expect(byId(await checksFor(0, broken), 'status-index').message).toContain('ERR_STATUS_LIST_BITS')
    expect(byId(await checksFor(0, 'not a token'), 'status-list-signature').status).toBe('fail')
  })

  it('an expired token stays expired whatever its status: the verdict leads with exp', async () => {
    const token = await new SignJWT({
      sub: 'alice',
      iat: now - 7200,
      exp: now - 3600,
      status: { status_list: { idx: 0, uri } },
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(issuer.privateKey)
    const report = await verifyToken(token, source, defaultPolicy(), { at: now })
    const evidence = await prepareStatusList(await listToken(), source, defaultPolicy())
    const status = statusListChecks(report.claims, evidence, now, 60)
    expect(byId(status, 'status')).toMatchObject({ status: 'pass' })
    expect(byId(status, 'status').message).toContain('expired anyway')
    const trace = appendChecks(report.trace, status)
    expect(trace.verdict).toBe('invalid')
    expect(trace.reason).toMatch(/^Expiry \(exp\)/)
  })

  it('a revoked, otherwise valid token is invalid with the status as the reason', async () => {
    const token = await new SignJWT({
      sub: 'alice',
      iat: now - 60,
      exp: now + 600,
      status: { status_list: { idx: 1, uri } },
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(issuer.privateKey)
    const report = await verifyToken(token, source, defaultPolicy(), { at: now })
    expect(report.trace.verdict).toBe('valid')
    const trace = appendChecks(
      report.trace,
      statusListChecks(report.claims, await prepareStatusList(await listToken(), source, defaultPolicy()), now, 60),
    )
    expect(trace).toMatchObject({
      verdict: 'invalid',
      reason: 'Status: The token is revoked: the status at index 1 is INVALID.',
    })
  })
})
