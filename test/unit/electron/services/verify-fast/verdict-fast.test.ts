import { constants, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inspectTokenFast } from '#electron/services/verify-fast/inspect-fast'
import {
  validVerdictOfDecoded,
  validVerdictOfToken,
  type ValidVerdict,
} from '#electron/services/verify-fast/verdict-fast'
import { SignetError } from '#shared/errors'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed, secretKeySource } from '#shared/key-material/source'
import type { KeySource } from '#shared/key-material/types'
import { decodeToken } from '#shared/token/decode'
import { type Policy } from '#shared/validation-policy/policy'
import { defaultPolicy } from '#shared/validation-policy/default-policy'

/**
 * The verdict-only path (bulk verify, scan) against the full path (inspectTokenFast, the trace
 * `signet verify` prints): over generated tokens — good, expired, not yet valid, wrong issuer,
 * forged, re-encoded, with duplicate members, crit, kid hints, under restrictive policies — the
 * verdict, reason and key are the same whenever the verdict-only path answers, and it answers for
 * plainly valid tokens.
 */

const at = 1_750_000_000
type Alg = 'HS256' | 'RS256' | 'PS256' | 'ES256' | 'EdDSA'
const algs: Alg[] = ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA']
const b64 = (text: string) => Buffer.from(text).toString('base64url')

interface Signer {
  sign: (input: string) => Buffer
  jwk: object
}

const secret = randomBytes(32)
function asymmetric(pair: { privateKey: KeyObject; publicKey: KeyObject }, alg: Alg): Signer {
  const options =
    alg === 'PS256'
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : alg === 'ES256'
        ? { dsaEncoding: 'ieee-p1363' as const }
        : {}
  return {
    sign: (input) => sign(alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), { key: pair.privateKey, ...options }),
    jwk: { ...pair.publicKey.export({ format: 'jwk' }), kid: `${alg}-key` },
  }
}
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const signers: Record<Alg, Signer> = {
  HS256: {
    sign: (input) => createHmac('sha256', secret).update(input).digest(),
    jwk: { kty: 'oct', k: secret.toString('base64url'), kid: 'HS256-key' },
  },
  RS256: asymmetric(rsa, 'RS256'),
  PS256: asymmetric(rsa, 'PS256'),
  ES256: asymmetric(generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'ES256'),
  EdDSA: asymmetric(generateKeyPairSync('ed25519'), 'EdDSA'),
}

async function sourcesFor(alg: Alg): Promise<KeySource[]> {
  const jwk = signers[alg].jwk
  // a set never mixes secrets with public keys (parse-key.ts refuses it)
  const others =
    alg === 'HS256'
      ? [{ kty: 'oct', k: randomBytes(32).toString('base64url'), kid: 'other-secret' }]
      : algs.filter((a) => a !== alg && a !== 'HS256').map((a) => signers[a].jwk)
  const sources = [
    keySourceFromParsed(await parseKeyText(JSON.stringify(jwk))),
    keySourceFromParsed(await parseKeyText(JSON.stringify({ keys: [...others, jwk] }))),
    keySourceFromParsed(await parseKeyText(JSON.stringify({ keys: [...others, { ...jwk, kid: undefined }] }))),
  ]
  if (alg === 'HS256') sources.push(secretKeySource(secret.toString('base64url'), 'base64url'))
  return sources
}

const claimsArbitrary = fc.record(
  {
    iss: fc.constantFrom('https://issuer.example', 'https://other.example'),
    aud: fc.constantFrom('api', ['api', 'web'], 'web'),
    sub: fc.string({ maxLength: 12 }),
    iat: fc.integer({ min: at - 100_000, max: at + 200 }),
    exp: fc.integer({ min: at - 200, max: at + 100_000 }),
    nbf: fc.integer({ min: at - 1000, max: at + 200 }),
    note: fc.string({ maxLength: 20 }),
  },
  { requiredKeys: ['sub'] },
)

const headerArbitrary = fc.record(
  {
    typ: fc.constantFrom('JWT', 'at+jwt', 'jose'),
    kid: fc.constantFrom('match', 'other', 7),
    crit: fc.constant(['exp']),
    cty: fc.constant('JWT'),
  },
  { requiredKeys: [] },
)

const policyArbitrary = fc.record(
  {
    issuer: fc.constant(['https://issuer.example']),
    audience: fc.constantFrom(['api'], ['other']),
    typ: fc.constant('JWT'),
    algorithms: fc.constantFrom(['RS256', 'ES256'], ['HS256', 'EdDSA', 'PS256']),
    requiredClaims: fc.constantFrom(['sub'], ['jti']),
    maxTokenAge: fc.integer({ min: 60, max: 200_000 }),
    minHmacKeyBytes: fc.constantFrom(16, 64),
    futureIat: fc.constantFrom('reject', 'warn', 'ignore'),
  },
  { requiredKeys: [] },
)

type Mutation =
  | 'none'
  | 'flip-signature'
  | 'non-canonical'
  | 'bearer'
  | 'duplicate-claim'
  | 'whitespace-json'
  | 'padding'
  | 'swap-payload'
const mutationArbitrary = fc.constantFrom<Mutation>(
  'none',
  'none',
  'none',
  'flip-signature',
  'non-canonical',
  'bearer',
  'duplicate-claim',
  'whitespace-json',
  'padding',
  'swap-payload',
)

function makeToken(
  alg: Alg,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  mutation: Mutation,
): string {
  const kid = header.kid === 'match' ? `${alg}-key` : header.kid
  const headerJson = JSON.stringify({ alg, ...header, ...(kid === undefined ? {} : { kid }) })
  let claimsJson = JSON.stringify(claims)
  if (mutation === 'duplicate-claim') claimsJson = claimsJson.replace(/^\{/, '{"sub":"admin",')
  if (mutation === 'whitespace-json') claimsJson = ` ${claimsJson}`
  const input = `${b64(headerJson)}.${b64(claimsJson)}`
  let signature = signers[alg].sign(input).toString('base64url')
  if (mutation === 'flip-signature') signature = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)
  if (mutation === 'non-canonical' && signature.length % 4 !== 0) {
    // set an unused trailing bit: the same bytes, another encoding
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    signature = signature.slice(0, -1) + alphabet[alphabet.indexOf(signature.at(-1)!) | 1]
  }
  let token = `${input}.${signature}`
  if (mutation === 'swap-payload')
    token = `${b64(headerJson)}.${b64(JSON.stringify({ ...claims, sub: 'someone-else' }))}.${signature}`
  if (mutation === 'padding') token += '='
  if (mutation === 'bearer') token = `Bearer ${token}`
  return token
}

type Seen = { verdict: string; reason: string; key: string | null }
const view = (answer: ValidVerdict): Seen => ({ verdict: answer.verdict, reason: answer.reason, key: answer.key.label })

describe('verdict-only path = full path', () => {
  it('gives the full path verdict, reason and key whenever it answers, and answers for plainly valid tokens', async () => {
    const sources = Object.fromEntries(
      await Promise.all(algs.map(async (alg) => [alg, await sourcesFor(alg)] as const)),
    ) as Record<Alg, KeySource[]>
    const tally = { answered: 0, fullValid: 0, cases: 0, validWithWarnings: 0 }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...algs),
        fc.nat(3),
        headerArbitrary,
        claimsArbitrary,
        policyArbitrary,
        mutationArbitrary,
        fc.boolean(),
        async (alg, sourceIndex, randomHeader, randomClaims, policyFields, mutation, plain) => {
          // half the cases are plain tokens under the default policy, so that many are valid
          const header = plain
            ? {
                typ: 'JWT',
                ...(randomHeader.kid === undefined ? {} : { kid: randomHeader.kid === 7 ? 'other' : randomHeader.kid }),
              }
            : randomHeader
          const claims = plain ? { ...randomClaims, iat: at - 60, exp: at + 600, nbf: at - 60 } : randomClaims
          const source = sources[alg][sourceIndex % sources[alg].length]!
          const policy: Policy = { ...defaultPolicy(), ...(plain ? {} : (policyFields as Partial<Policy>)) }
          const token = makeToken(alg, header, claims, mutation)
          tally.cases++
          let full: Seen
          let decoded
          try {
            decoded = decodeToken(token.trim())
            const inspection = await inspectTokenFast(decoded, source, policy, at)
            full = {
              verdict: inspection.trace.verdict,
              reason: inspection.trace.reason,
              key: inspection.key?.label ?? null,
            }
          } catch (error) {
            if (!(error instanceof SignetError)) throw error
            expect(await validVerdictOfToken(token, source, policy, at)).toBeNull()
            return
          }
          if (full.verdict === 'valid') tally.fullValid++
          if (full.verdict === 'valid' && full.reason.includes('warning')) tally.validWithWarnings++
          const ofToken = await validVerdictOfToken(token, source, policy, at)
          const ofDecoded = await validVerdictOfDecoded(decoded, source, policy, at)
          if (ofToken) {
            tally.answered++
            expect(view(ofToken)).toEqual(full)
          }
          if (ofDecoded) expect(view(ofDecoded)).toEqual(full)
          // a plainly valid token: the verdict-only path must decide it itself
          if (
            full.verdict === 'valid' &&
            mutation === 'none' &&
            !('crit' in header) &&
            !('kid' in header && typeof header.kid === 'number')
          ) {
            expect(ofToken).not.toBeNull()
            expect(ofDecoded).not.toBeNull()
          }
        },
      ),
      { numRuns: 600, seed: 20261130 },
    )
    expect(tally.fullValid).toBeGreaterThan(20)
    expect(tally.answered).toBeGreaterThan(20)
    expect(tally.validWithWarnings).toBeGreaterThan(5)
  }, 60_000)
})
