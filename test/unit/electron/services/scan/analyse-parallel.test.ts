import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { packBatch, unpackBatch } from '#electron/services/scan/analyse-parallel'
import { analysedElsewhere, analysedHere } from '#electron/services/scan/analysed-token'
import { analyseEntry, briefOf, resultHead } from '#electron/services/scan/report'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import type { IndexedToken } from '#electron/services/scan/token-index'

/**
 * What crosses to and from a verification worker: a batch of tokens as one string and a transferred
 * array of lengths, and each analysis as JSON text that the main thread writes into its NDJSON line
 * without parsing it. Both must give back exactly what the in-thread path gives.
 */

describe('a packed batch of tokens', () => {
  it('unpacks to the very tokens, whatever characters and lengths (empty, astral, JSON with newlines)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { maxLength: 50 }), (tokens) => {
        const packed = packBatch(tokens)
        expect(unpackBatch(packed.tokens, packed.lengths)).toEqual(tokens)
      }),
    )
  })

  it('refuses lengths that do not add up to the text', () => {
    expect(() => unpackBatch('abcdef', Uint32Array.of(2, 3))).toThrow(/6 characters has 5/)
  })
})

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const secret = 'k'.repeat(32)
const hs = (header: object, claims: object, tamper = false) => {
  const input = `${b64(header)}.${b64(claims)}`
  const mac = createHmac('sha256', secret).update(input).digest()
  if (tamper) mac[0]! ^= 1
  return `${input}.${mac.toString('base64url')}`
}
const at = 1_800_000_000

describe('a result analysed on a worker', () => {
  it('writes the NDJSON line and the result object that the in-thread path writes, byte for byte', async () => {
    const source = keySourceFromParsed(
      await parseKeyText(JSON.stringify({ kty: 'oct', k: Buffer.from(secret).toString('base64url') })),
    )
    const tokens = [
      hs({ alg: 'HS256', typ: 'JWT' }, { sub: 'valid', iss: 'https://issuer.example', exp: at + 60 }),
      hs({ alg: 'HS256' }, { sub: 'tampered', exp: at + 60 }, true),
      hs({ alg: 'HS256', kid: 'k\u202e1' }, { sub: 'expired', iss: 'bidi \u2066 and … non-ASCII', exp: at - 60 }),
      `${b64({ alg: 'none' })}.${b64({ sub: 'unsecured' })}.`,
      // a duplicate header member: refused by the strict decoder
      `${Buffer.from('{"alg":"HS256","alg":"HS256"}').toString('base64url')}.${b64({ sub: 'dup' })}.c2ln`,
    ]
    const verdicts = new Set<string>()
    for (const showTokens of [false, true])
      for (const [i, token] of tokens.entries()) {
        const entry: IndexedToken = {
          sha256: `${i}`.repeat(64),
          token,
          kind: 'jws',
          locations: [
            { file: 'a.log', line: i + 1, column: 3 },
            { file: 'b.har', entry: 2, field: 'request.headers[0]', percentEncoded: true },
          ],
          occurrences: 2 + i,
        }
        const options = { source: i === 3 ? null : source, policy: defaultPolicy(), at, showTokens }
        const here = analysedHere(await analyseEntry(entry, options))
        verdicts.add(here.brief.verdict)
        // the worker's half: the analysis alone, as text, and its brief
        const {
          sha256: _s,
          fingerprint: _f,
          redacted: _r,
          token: _t,
          kind: _k,
          occurrences: _o,
          locations: _l,
          ...analysis
        } = here.result()
        const there = analysedElsewhere(entry, showTokens, JSON.stringify(analysis), briefOf(analysis))
        expect(there.ndjsonLine()).toBe(here.ndjsonLine())
        expect(there.result()).toEqual(here.result())
        expect(Object.keys(there.result())).toEqual(Object.keys(here.result()))
        expect(there.brief).toEqual({
          verdict: here.brief.verdict,
          alg: here.brief.alg,
          iss: here.brief.iss,
          kid: here.brief.kid,
          occurrences: entry.occurrences,
          findings: here.brief.findings.map((f) => ({ severity: f.severity, id: f.id })),
        })
        expect(Object.keys(resultHead(entry, showTokens)).includes('token')).toBe(showTokens)
      }
    expect([...verdicts].sort()).toEqual(['expired', 'invalid', 'malformed', 'unverifiable', 'valid'])
  })
})
