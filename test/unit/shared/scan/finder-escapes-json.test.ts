import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { candidateRun, isTokenBoundary } from '#shared/scan/candidates'
import { findTokens, TokenFinder, type TokenHit } from '#shared/scan/finder'

/**
 * The outside review's misses (review 9): a token right after an escape sequence ending in a letter
 * or digit (rule 1), and JWS/JWE JSON serializations that were not on one newline-terminated line.
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const sig = 'c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0aW5nLW9ubHk'
const T = `${b64({ alg: 'ES256', kid: 'ec1' })}.${b64({ sub: 'user33' })}.${sig}`

function chunked(text: string, size: number): TokenHit[] {
  const finder = new TokenFinder()
  const hits: TokenHit[] = []
  for (let i = 0; i < text.length; i += size) hits.push(...finder.push(text.slice(i, i + size)))
  hits.push(...finder.end())
  return hits
}

const inOrder = (hits: TokenHit[]) => [...hits].sort((a, b) => a.line - b.line || a.column - b.column)

describe('rule 1: a token right after an escape sequence', () => {
  const cases: [string, string][] = [
    ['ANSI colour (printf "\\033[1;32m%s\\033[0m")', `\x1b[1;32m${T}\x1b[0m`],
    ['ANSI CSI without parameters', `\x1b[m${T}`],
    ['Go JSON-escaped HTML', `{"html":"\\u003c${T}\\u003e"}`],
    ['JSON \\n inside a string', `{"msg":"first line\\n${T}"}`],
    ['JSON \\t', `{"msg":"a\\t${T}"}`],
    ['JSON \\r', `{"msg":"a\\r${T}"}`],
    ['JSON \\b and \\f', `"\\b${T}" "\\f${T}"`],
    ['JSON \\"', `{"msg":"say \\"${T}\\""}`],
    ['JSON escaped twice (\\\\n)', `{"outer":"{\\"msg\\":\\"a\\\\n${T}\\"}"}`],
    ['JS \\x3c', `"\\x3c${T}\\x3e"`],
    ['percent %3C', `%3C${T}%3E`],
  ]
  for (const [name, line] of cases) {
    it(`finds it after ${name}, whatever the chunking`, () => {
      const text = `ts=1 ${line}\n`
      const { hits } = findTokens(text)
      expect(hits.length).toBeGreaterThan(0)
      for (const hit of hits) expect(hit.token).toBe(T)
      expect(hits[0]!.column).toBe(text.indexOf(T.slice(0, 12)) + 1)
      for (const size of [1, 2, 3, 5, 8, 13, 40])
        expect(inOrder(chunked(text, size)), `chunk ${size}`).toEqual(inOrder(hits))
    })
  }

  it('still rejects a token glued to text, and look-alike escapes that are not escapes', () => {
    for (const glued of [
      `abc${T}`,
      `x9${T}`,
      `\\q${T}`,
      `\\u00c${T}`,
      `\\xg${T}`,
      `[1;32m${T}`,
      `\x1bX1;32m${T}`,
      `\x1b[${'1'.repeat(33)}m${T}`,
    ])
      expect(findTokens(`${glued}\n`).hits, glued).toEqual([])
  })

  it('isTokenBoundary is the regex lookbehind, position by position', () => {
    const sticky = new RegExp(candidateRun.source, 'y')
    const alphabet = [
      'e',
      'y',
      'w',
      'a',
      '1',
      '\\',
      'u',
      'x',
      'n',
      '%',
      '2',
      '5',
      'C',
      '\x1b',
      '[',
      ';',
      ' ',
      'm',
      '-',
      '"',
    ]
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const text = chars.join('')
        for (let i = 0; i + 1 < text.length; i++) {
          if (text[i] !== 'e' || (text[i + 1] !== 'y' && text[i + 1] !== 'w')) continue
          sticky.lastIndex = i
          expect(isTokenBoundary(text, i), `${JSON.stringify(text)} at ${i}`).toBe(sticky.test(text))
        }
      }),
      { numRuns: 3000 },
    )
  })
})

describe('JWS/JWE JSON serializations in any layout', () => {
  const flattened = { protected: b64({ alg: 'ES256' }), payload: b64({ sub: 'flat' }), signature: sig }
  const general = {
    payload: b64({ sub: 'general' }),
    signatures: [
      { protected: b64({ alg: 'RS256' }), signature: sig },
      { header: { alg: 'HS256', kid: 'h' }, signature: sig },
    ],
  }
  const jwe = {
    protected: b64({ alg: 'dir', enc: 'A256GCM' }),
    iv: 'AGLnNdOjDsc2xo4z',
    ciphertext: 'I8okR622wLUlyBciu_c',
    tag: 'PNE5TzVIG66eG57RWKu8rw',
  }

  it('finds a file written by JSON.stringify without a final newline (flattened, general, JWE)', () => {
    for (const [value, kind] of [
      [flattened, 'jws-json'],
      [general, 'jws-json'],
      [jwe, 'jwe-json'],
    ] as const) {
      const { hits } = findTokens(JSON.stringify(value))
      expect(hits).toEqual([{ token: expect.any(String), kind, line: 1, column: 1, percentEncoded: false }])
      expect(JSON.parse(hits[0]!.token)).toEqual(value)
    }
  })

  it('finds pretty-printed JSON across lines, at its "{", whatever the chunking', () => {
    const text = `log start\n${JSON.stringify({ level: 'info', jws: flattened, enc: jwe, all: [general] }, null, 2)}`
    const { hits } = findTokens(text)
    const lines = text.split('\n')
    const lineOf = (member: string) => lines.findIndex((l) => l.includes(`"${member}": `)) + 1
    expect(hits.map((h) => [h.kind, h.line, h.column])).toEqual([
      ['jws-json', lineOf('jws'), 10],
      ['jwe-json', lineOf('enc'), 10],
      ['jws-json', lineOf('all') + 1, 5],
    ])
    expect(hits.map((h) => JSON.parse(h.token))).toEqual([flattened, jwe, general])
    for (const size of [1, 7, 64, 300]) expect(inOrder(chunked(text, size)), `chunk ${size}`).toEqual(inOrder(hits))
  })

  it('keeps a serialization and the compact token of the same parts distinct', () => {
    const compact = `${flattened.protected}.${flattened.payload}.${flattened.signature}`
    const { hits } = findTokens(`Bearer ${compact}\n${JSON.stringify(flattened)}\n`)
    expect(hits.map((h) => h.kind)).toEqual(['jws', 'jws-json'])
    expect(hits[0]!.token).toBe(compact)
  })

  it('reports no decoy: a "payload" member of other JSON, a value named "payload", a broken object', () => {
    const text = [
      JSON.stringify({ payload: { user: 1 }, signature: 'x' }),
      JSON.stringify({ kind: 'payload', ciphertext: 'nope' }),
      `{"payload":"${flattened.payload}","signature":"${sig}"`,
      `{"payload":"${flattened.payload}","signature":"${sig}","protected":"notbase64!"}`,
      '}}}} "payload" {{{{',
    ].join('\n')
    expect(findTokens(text).hits).toEqual([])
  })

  it('budgets: an object longer than maxTokenLength, or nested deeper than 64 levels, is counted and dropped', () => {
    const long = JSON.stringify({ ...flattened, pad: 'a'.repeat(600) })
    const over = findTokens(`${long}\n${JSON.stringify(jwe)}`, { maxTokenLength: 500 })
    expect(over.stats.skippedLongJson).toBe(1)
    expect(over.hits.map((h) => h.kind)).toEqual(['jwe-json'])
    const deep = `{"payload":"${flattened.payload}","signature":"${sig}","header":{"alg":"HS256"},"x":${'['.repeat(10)}${'{"a":'.repeat(70)}1${'}'.repeat(70)}${']'.repeat(10)}}`
    const nested = findTokens(deep)
    expect(nested.hits).toEqual([])
    expect(nested.stats.skippedLongJson).toBe(1)
  })
})
