import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import type { KeySource } from '#shared/key-material/types'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { encodeStatuses } from '#shared/status-list/encode'
import { analyseToken } from '#shared/token/analyse-token'
import { revocationAt } from '#shared/token/revocation-at'
import { traceAt } from '#shared/token/trace-at'
import { prepareStatusList } from '#shared/token/verify/status-check'
import { buildTimeline } from '#shared/validity-timeline/build'

const now = 1_900_000_000
const uri = 'https://issuer.example/statuslists/7'
let issuer: { publicKey: CryptoKey; privateKey: CryptoKey }
let source: KeySource

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true })
  source = keySourceFromParsed(
    await parseKeyText(JSON.stringify({ ...(await exportJWK(issuer.publicKey)), kid: 'k1' })),
    { at: now },
  )
})

const sign = (claims: Record<string, unknown>, typ = 'JWT') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ }).sign(issuer.privateKey)
const list = (statuses: number[]) =>
  sign(
    { sub: uri, iat: now - 60, exp: now + 3600, ttl: 600, status_list: encodeStatuses(statuses, 2) },
    'statuslist+jwt',
  )

describe("the inspector's revocation phase (analyse once, judge at any instant)", () => {
  it('appends the status checks to the innermost layer and re-derives the verdict at each instant', async () => {
    const token = await sign({ sub: 'alice', iat: now - 60, exp: now + 900, status: { status_list: { idx: 2, uri } } })
    const analysis = await analyseToken(token, { verification: source })
    const policy = defaultPolicy()
    const judge = async (statuses: number[], at: number) =>
      revocationAt(
        traceAt(analysis, policy, at),
        { statusList: await prepareStatusList(await list(statuses), source, policy), revocationList: null },
        at,
        policy.clockSkew,
      )

    const valid = await judge([0, 0, 0, 0], now)
    expect(valid.trace.verdict).toBe('valid')
    expect(valid.layers.at(-1)!.checks.map((c) => c.id)).toContain('status')
    expect(valid.inner!.checks.map((c) => c.id)).toContain('status-index')

    const revoked = await judge([0, 0, 1, 0], now)
    expect(revoked.trace.verdict).toBe('invalid')
    expect(revoked.trace.reason).toBe('Status: The token is revoked: the status at index 2 is INVALID.')

    const suspended = await judge([0, 0, 2, 0], now)
    expect(suspended.trace.reason).toMatch(/^Status: The token is suspended: the status at index 2 is SUSPENDED/)

    // Past the list's exp (the cursor moved): the list fails freshness; past the token's exp, exp leads.
    const late = await judge([0, 0, 0, 0], now + 3700)
    expect(late.trace.verdict).toBe('invalid')
    expect(late.trace.reason).toMatch(/^Expiry \(exp\)/)
    expect(late.trace.checks.find((c) => c.id === 'status-list-fresh')!.status).toBe('fail')
  })

  it('leaves the trace untouched when no list is given', async () => {
    const analysis = await analyseToken(await sign({ sub: 'alice', exp: now + 60 }), { verification: source })
    const traced = traceAt(analysis, defaultPolicy(), now)
    expect(revocationAt(traced, { statusList: null, revocationList: null }, now, 60)).toBe(traced)
  })

  it("draws a list's own window on the timeline: iat → exp, with iat + ttl marked", () => {
    const timeline = buildTimeline([{ label: 'status list', claims: { iat: now - 60, exp: now + 3600, ttl: 600 } }], {
      now,
    })
    const lane = timeline.lanes[0]!
    expect(lane.window).toEqual({ start: now - 60, end: now + 3600 })
    expect(lane.markers).toContainEqual({ kind: 'ttl', time: now + 540 })
  })
})
