import { describe, expect, it } from 'vitest'
import { validateCompact } from '#shared/scan/candidates'
import { findTokens, TokenFinder } from '#shared/scan/finder'
import { findJsonSerializations } from '#shared/scan/json-serialization'
import { percentDecode } from '#shared/scan/percent'

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const sig = 'c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0aW5nLW9ubHk'
const jws = (header: object = { alg: 'HS256', typ: 'JWT' }, claims: object = { sub: 'alice' }) =>
  `${b64(header)}.${b64(claims)}.${sig}`
const jwe = (header: object = { alg: 'RSA-OAEP', enc: 'A256GCM' }, key = 'ZW5jcnlwdGVkLWtleQ') =>
  `${b64(header)}.${key}.aXYtOTYtYml0cw.Y2lwaGVydGV4dA.dGFnLTEyOC1iaXRz`

describe('validateCompact: the false-positive rules', () => {
  it('accepts a JWS, an unsecured JWT and a JWE', () => {
    expect(validateCompact(jws())).toMatchObject({ kind: 'jws', alg: 'HS256' })
    expect(validateCompact(`${b64({ alg: 'none' })}.${b64({ sub: 'a' })}.`)).toMatchObject({ kind: 'unsecured' })
    expect(validateCompact(jwe())).toMatchObject({ kind: 'jwe', alg: 'RSA-OAEP' })
    expect(validateCompact(jwe({ alg: 'dir', enc: 'A128GCM' }, ''))).toMatchObject({ kind: 'jwe' })
  })
  it('rule 2: base64url alphabet only, no impossible lengths', () => {
    expect(validateCompact(`${b64({ alg: 'HS256' })}.${b64({ a: 1 })}.ab+c`)).toBeNull()
    expect(validateCompact(`${b64({ alg: 'HS256' })}.${b64({ a: 1 })}.abcde`)).toBeNull()
  })
  it('rule 3: exactly 3 or 5 segments; a trailing dot is dropped', () => {
    expect(validateCompact(`${jws()}.abcd`)).toBeNull()
    expect(validateCompact(`${b64({ alg: 'HS256' })}.${b64({ a: 1 })}`)).toBeNull()
    expect(validateCompact(`${jws()}.`)).toMatchObject({ token: jws() })
    expect(validateCompact(`${b64({ alg: 'none' })}.${b64({ a: 1 })}..`)).toMatchObject({
      token: `${b64({ alg: 'none' })}.${b64({ a: 1 })}.`,
    })
  })
  it('rule 4: the header must be a JSON object with a string alg', () => {
    expect(validateCompact(`${b64({ typ: 'JWT' })}.${b64({ a: 1 })}.${sig}`)).toBeNull()
    expect(validateCompact(`${b64({ alg: 5 })}.${b64({ a: 1 })}.${sig}`)).toBeNull()
    expect(validateCompact(`${b64('[1,2]')}.${b64({ a: 1 })}.${sig}`)).toBeNull()
    expect(validateCompact(`${b64('{"alg":"HS256"')}.${b64({ a: 1 })}.${sig}`)).toBeNull()
    // random base64 that happens to start like a header
    expect(validateCompact('eyJhbGciOiJIUzI1NiJ9xxxx.eyJzdWIiOiJhIn0.abcd')).toBeNull()
  })
  it('rule 5: non-empty payload; the signature-stripping shapes are reported, not dropped', () => {
    expect(validateCompact(`${b64({ alg: 'HS256' })}..${sig}`)).toBeNull()
    // review 9: HS256 with its signature stripped, alg none with a signature left on
    expect(validateCompact('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.')).toMatchObject({ kind: 'jws', alg: 'HS256' })
    expect(validateCompact('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln')).toMatchObject({ kind: 'jws', alg: 'none' })
    // random base64 with dots is still not a token: no header object with an alg
    for (const decoy of [
      'eyJhYmNkZWZnaGlqa2xtbm9w.eyJzdWIiOiJ4In0.',
      'eyJ4eXo.eyJzdWIiOiJ4In0.c2ln',
      'eyJub3RhIjoiaGVhZGVyIn0.eyJ4IjoxfQ.',
      'eyAgICAgICAg.QUJDRA.',
      'ewogICJhIjogMQp9.QUJD.QUJD',
    ])
      expect(validateCompact(decoy), decoy).toBeNull()
  })
  it('rule 6: a JWE needs enc, non-empty iv/ciphertext/tag, and an encrypted key unless dir/ECDH-ES', () => {
    expect(validateCompact(jwe({ alg: 'RSA-OAEP' }))).toBeNull()
    expect(validateCompact(jwe({ alg: 'RSA-OAEP', enc: 'A256GCM' }, ''))).toBeNull()
    expect(validateCompact(jwe({ alg: 'dir', enc: 'A256GCM' }))).toBeNull()
    expect(validateCompact(`${b64({ alg: 'dir', enc: 'A256GCM' })}...Y2lwaGVy.dGFn`)).toBeNull()
  })
})

describe('TokenFinder', () => {
  const log = [
    `2026-11-30T10:00:00Z GET /api Authorization: Bearer ${jws()}`,
    `token="${jwe()}";next=1`,
    `|${jws({ alg: 'ES256' })}|`,
    `decoy eyJub3RhIjoiaGVhZGVyIn0.eyJ4IjoxfQ.abc and v1.2.3 and eyJhbGciOiJIUzI1NiJ9 alone`,
    `url?t=${jws({ alg: 'RS256' }).replace(/\./g, '%2E')}&x=%22${jws({ alg: 'PS256' })}%22`,
    `prefix${jws({ alg: 'EdDSA' })}`,
  ].join('\n')

  it('finds every planted token with line and column, and no decoy', () => {
    const { hits } = findTokens(log)
    expect(hits.map((h) => [h.kind, h.line, h.column, h.percentEncoded])).toEqual([
      ['jws', 1, log.indexOf('Bearer ') + 8, false],
      ['jwe', 2, 8, false],
      ['jws', 3, 2, false],
      ['jws', 5, 7, true],
      ['jws', 5, 7 + jws({ alg: 'RS256' }).replace(/\./g, '%2E').length + 6, true],
    ])
    expect(hits[0]!.token).toBe(jws())
    expect(hits[3]!.token).toBe(jws({ alg: 'RS256' }))
    expect(hits[4]!.token).toBe(jws({ alg: 'PS256' }))
  })

  it('gives the same hits whatever the chunking', () => {
    const whole = findTokens(log).hits
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const finder = new TokenFinder()
      const hits = []
      for (let i = 0; i < log.length; i += size) hits.push(...finder.push(log.slice(i, i + size)))
      hits.push(...finder.end())
      expect(hits, `chunk size ${size}`).toEqual(whole)
    }
  })

  it('rule 7: a run above the budget is counted, not decoded, even across chunks', () => {
    const huge = `x ${jws({ alg: 'HS256' }, { pad: 'a'.repeat(500) })} y`
    expect(findTokens(huge, { maxTokenLength: 200 }).stats.skippedTooLong).toBe(1)
    expect(findTokens(huge, { maxTokenLength: 200 }).hits).toEqual([])
    const finder = new TokenFinder({ maxTokenLength: 100 })
    const hits = []
    for (let i = 0; i < huge.length; i += 50) hits.push(...finder.push(huge.slice(i, i + 50)))
    hits.push(...finder.end(), ...finder.push(''))
    expect(hits).toEqual([])
    expect(finder.stats.skippedTooLong).toBeGreaterThanOrEqual(1)
  })

  it('finds JWS and JWE JSON serializations inside JSON lines', () => {
    const flattened = { protected: b64({ alg: 'ES256' }), payload: b64({ sub: 'x' }), signature: sig }
    const general = { payload: b64({ sub: 'y' }), signatures: [{ protected: b64({ alg: 'RS256' }), signature: sig }] }
    const encrypted = {
      protected: b64({ enc: 'A128GCM' }),
      unprotected: { alg: 'dir' },
      iv: 'aXY',
      ciphertext: 'Y2lw',
      tag: 'dGFn',
    }
    const text = `noise\n{"level":"info","body":${JSON.stringify(flattened)}}\n{"a":[${JSON.stringify(general)}],"b":${JSON.stringify(encrypted)}}\n`
    const { hits } = findTokens(text)
    // each at its own "{" (line and column), not at the line's outer object
    const line3 = text.split('\n')[2]!
    expect(hits.map((h) => [h.kind, h.line, h.column])).toEqual([
      ['jws-json', 2, '{"level":"info","body":'.length + 1],
      ['jws-json', 3, '{"a":['.length + 1],
      ['jwe-json', 3, line3.indexOf(JSON.stringify(encrypted)) + 1],
    ])
    expect(JSON.parse(hits[0]!.token)).toEqual(flattened)
  })
})

describe('findJsonSerializations: decoys', () => {
  it('rejects objects without a decodable protected header, alg, or signature', () => {
    expect(findJsonSerializations({ payload: 'x', signature: 'y' })).toEqual([])
    expect(findJsonSerializations({ payload: 'x', signature: 'y', protected: 'notjson' })).toEqual([])
    expect(findJsonSerializations({ payload: 'x', signatures: [] })).toEqual([])
    expect(findJsonSerializations({ iv: 'a', ciphertext: 'b', tag: 'c', protected: b64({ alg: 'dir' }) })).toEqual([])
  })
  it('stops at the depth budget', () => {
    let deep: unknown = { payload: b64({ a: 1 }), signature: sig, header: { alg: 'HS256' } }
    for (let i = 0; i < 10; i++) deep = { inner: deep }
    expect(findJsonSerializations(deep, 5)).toEqual([])
    expect(findJsonSerializations(deep, 20)).toHaveLength(1)
  })
})

describe('percentDecode', () => {
  it('decodes escapes, keeps stray percent signs, never throws', () => {
    expect(percentDecode('a%2Eb%2ec')).toBe('a.b.c')
    expect(percentDecode('100% sure %zz %')).toBe('100% sure %zz %')
    expect(percentDecode('%E2%82%AC and %E2%82')).toBe('€ and \ufffd')
  })
})

describe('TokenFinder.skipLines', () => {
  it('advances lines and offsets as pushing the skipped lines would', () => {
    const token = jws()
    const skipped = 'plain\nlines\n'
    const pushed = new TokenFinder()
    const hits = [...pushed.push(`head\n${skipped}x ${token}\n`), ...pushed.end()]
    const skipping = new TokenFinder()
    const before = skipping.push('head\n')
    expect(skipping.skipLines(skipped.length, 2)).toBe(true)
    expect([...before, ...skipping.push(`x ${token}\n`), ...skipping.end()]).toEqual(hits)
    expect(hits[0]).toMatchObject({ line: 4, column: 3 })
  })

  it('refuses (and changes nothing) away from a line start or with a run carried over', () => {
    const midLine = new TokenFinder()
    midLine.push('head')
    expect(midLine.skipLines(6, 1)).toBe(false)
    const carrying = new TokenFinder()
    carrying.push('x eyJhbG')
    expect(carrying.skipLines(6, 1)).toBe(false)
    const jsonPending = new TokenFinder()
    jsonPending.push('{"signature"')
    expect(jsonPending.skipLines(6, 1)).toBe(false)
    // and a refused skip leaves the finder as it was: the next push still finds at the right place
    expect(midLine.push(` ${jws()}\n`)).toEqual([expect.objectContaining({ token: jws(), line: 1, column: 6 })])
    const fresh = new TokenFinder()
    expect(fresh.skipLines(0, 0)).toBe(false)
  })
})

describe('TokenFinder over a run longer than a chunk', () => {
  it('finds a token after a long run of run characters fed in many chunks, at its position, as one push does', () => {
    const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"a":1}').toString('base64url')}.`
    const text = `${'A'.repeat(300_000)} x ${token}\n`
    const whole = findTokens(text, { maxTokenLength: 200_000 })
    const finder = new TokenFinder({ maxTokenLength: 200_000 })
    const hits = []
    for (let at = 0; at < text.length; at += 1000) hits.push(...finder.push(text.slice(at, at + 1000)))
    hits.push(...finder.end())
    expect(hits).toEqual(whole.hits)
    expect(hits).toEqual([expect.objectContaining({ token, line: 1, column: 300_004 })])
    expect(finder.stats).toEqual(whole.stats)
  })

  it('drops a run over three times maxTokenLength fed in chunks, counts it, and goes on', () => {
    const token = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"a":1}').toString('base64url')}.`
    const finder = new TokenFinder({ maxTokenLength: 1000 })
    const hits = []
    for (let i = 0; i < 10; i++) hits.push(...finder.push('eyJ'.padEnd(1000, 'A')))
    hits.push(...finder.push(`\n${token}\n`), ...finder.end())
    expect(finder.stats.skippedTooLong).toBe(1)
    expect(hits).toEqual([expect.objectContaining({ token, line: 2, column: 1 })])
  })
})
