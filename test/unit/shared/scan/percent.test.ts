import { describe, expect, it } from 'vitest'
import { findTokens } from '#shared/scan/finder'
import { percentDecode, percentDecodeRounds } from '#shared/scan/percent'
import { maxPercentDecodingRounds } from '#shared/limits'

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
const jws = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'alice' })}.c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0aW5n`

/** `text` percent-encoded `times` times over, the way each URL nesting level encodes its parameter */
function encodeTimes(text: string, times: number): string {
  let out = text
  for (let i = 0; i < times; i++) out = out.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/=/g, '%3D')
  return out
}

describe('percentDecodeRounds', () => {
  it('decodes escaped escapes up to the bounded number of rounds, then leaves the rest as it is', () => {
    expect(percentDecodeRounds('a%252Eb')).toBe('a.b')
    expect(percentDecode('a%252Eb')).toBe('a%2Eb')
    expect(percentDecodeRounds('a%25252Eb')).toBe('a.b')
    expect(maxPercentDecodingRounds).toBe(3)
    expect(percentDecodeRounds('a%2525252Eb')).toBe('a%2Eb')
    expect(percentDecodeRounds('a%2525252Eb', 1)).toBe('a%25252Eb')
    expect(percentDecodeRounds('100% sure %zz')).toBe('100% sure %zz')
  })
})

describe('finder: a token in a URL inside a URL-encoded parameter', () => {
  it('finds a double percent-encoded token and marks it percent-encoded', () => {
    const line = `GET /login?next=https%3A%2F%2Fapp.example%2Fcb%3Ft%3D${encodeTimes(jws, 2)}%26x%3D1 HTTP/1.1`
    expect(line).toContain('%252E')
    const { hits } = findTokens(line)
    expect(hits.map((h) => [h.token, h.percentEncoded])).toEqual([[jws, true]])
    expect(hits[0]!.column).toBe(line.indexOf('eyJ') + 1)
  })
  it('finds one three levels deep, and none past the bound', () => {
    expect(findTokens(`t=${encodeTimes(jws, 3)}`).hits.map((h) => h.token)).toEqual([jws])
    expect(findTokens(`t=${encodeTimes(jws, 4)}`).hits).toEqual([])
  })
  it('takes an escaped "=" before the token as a boundary, escaped again or not', () => {
    for (const times of [1, 2, 3])
      expect(findTokens(`next%3D${encodeTimes(`t=${jws}`, times)}`).hits.map((h) => h.token)).toEqual([jws])
    expect(findTokens(`x253D${jws}`).hits).toEqual([])
  })
})
