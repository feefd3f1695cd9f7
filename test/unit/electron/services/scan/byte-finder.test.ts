import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteTokenFinder } from '#electron/services/scan/byte-finder'
import { TokenFinder, type TokenHit } from '#shared/scan/finder'

/**
 * The byte-level finder must report exactly what TokenFinder reports over the decoded text — same
 * tokens, kinds, lines, columns (UTF-16), JSON paths — for any text and any split into chunks,
 * while skipping the lines it can prove hold nothing.
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const signingInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x' })}`
const jws = `${signingInput}.${createHmac('sha256', 'k').update(signingInput).digest('base64url')}`
const unsecured = `${b64({ alg: 'none' })}.${b64({ sub: 'y' })}.`
const jwe = `${b64({ alg: 'dir', enc: 'A128GCM' })}..aXZpdml2aXZpdg.Y2lwaGVy.dGFndGFndGFndGFn`
const [h, p, s] = jws.split('.')
/** a header starting `{\n` encodes to "ew…" */
const ewHeader = Buffer.from('{\n"alg":"none"}').toString('base64url')
const ew = `${ewHeader}.${Buffer.from('{\n"sub":"z"}').toString('base64url')}.`

/** pieces that make hits, near-misses and the byte-level traps (non-ASCII, CR, BOM, escapes) */
const pieces = [
  jws,
  unsecured,
  jwe,
  `(${ew})`,
  // marks that no later "ey" in the same line stands in for: a JWE's iv does not start with "ey",
  // and these JSON serializations carry no base64url header at all
  `x%22${jwe}`,
  `{"unprotected":{"alg":"dir","enc":"A128GCM"},"iv":"aXY","ciphertext":"Y3Q","tag":"dGFn"}`,
  `{"payload":"cA","header":{"alg":"HS256"},"signature":"c2ln"}`,
  `Bearer ${jws}.`,
  `key=${jws}`,
  `x%22${jws}%22`,
  jws.replace(/\./g, '%2E'),
  // a token in a URL inside a URL-encoded parameter: its escapes escaped again, after "%253D"
  `next=https%3A%2F%2Fa%2Fcb%253Ft%253D${jws.replace(/\./g, '%252E')}%2526x`,
  `x253D${jws}`,
  `%65${jws.slice(1)}`,
  `{"payload":"${p}","signatures":[{"protected":"${h}","signature":"${s}"}]}`,
  `{"protected":"${h}","payload":"${p}","signature":"${s}"}`,
  '"ciphertext"',
  'they obey the key eye ewe',
  'eyJhbGciOiJub25lIn0',
  'é€😀 ─',
  '\ufeff',
  '\r',
  '\n',
  '\n',
  '\n',
  ' ',
  'ts=2026-11-30T10:00:00Z level=info svc=gateway status=200',
  // review 9: a token right after an escape ending in a letter or digit (rule 1), and glued decoys
  `\x1b[1;32m${jws}\x1b[0m`,
  `{"html":"\\u003c${jws}\\u003e"}`,
  `{"msg":"a\\n${unsecured}"}`,
  `\\x3c${jwe}`,
  `\\t${jws}`,
  `abc${jws}`,
  `\\q${jws}`,
  '\x1b[1;3',
  '2m',
  // review 9: JSON serializations pretty-printed across lines, and split into pieces of lines
  JSON.stringify({ payload: p, signatures: [{ protected: h, signature: s }] }, null, 2),
  '{\n  "protected": "' + h + '",',
  '  "payload": "' + p + '",\n  "signature": "' + s + '"\n}',
  // hints the byte search passes over (not a string member) and ones it must keep (value on a later line)
  '{"payload":{"a":1},"signature":"c2ln","header":{"alg":"HS256"}}',
  '{"header":{"alg":"HS256"},"signature":"c2ln","payload" :',
  ' "cA"}',
]

/** Runs a finder over the byte chunks given by `cuts`; hits in order. */
function byBytes(bytes: Buffer, cuts: number[]): { hits: TokenHit[]; characters: number } {
  const finder = new ByteTokenFinder()
  const hits: TokenHit[] = []
  let start = 0
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    hits.push(...finder.push(bytes.subarray(start, cut)))
    start = cut
  }
  hits.push(...finder.end())
  return { hits, characters: finder.characters }
}

function byText(text: string): TokenHit[] {
  const finder = new TokenFinder()
  return [...finder.push(text), ...finder.end()]
}

const inOrder = (hits: TokenHit[]) =>
  [...hits].sort((a, b) => a.line - b.line || a.column - b.column || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))

describe('ByteTokenFinder', () => {
  it('finds what TokenFinder finds, at the same places, for any text and any chunking', () => {
    fc.assert(
      fc.property(
        // lines of a few pieces each, so most lines hold at most one mark and are skipped or not on it
        fc.array(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 })), { maxLength: 3 }), {
          maxLength: 40,
        }),
        fc.array(fc.nat(4000), { maxLength: 12 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map((line) => line.join('')).join('\n'), 'utf8')
          const text = new TextDecoder().decode(bytes)
          const { hits, characters } = byBytes(bytes, cuts)
          // In document order: TokenFinder itself reports a JSON line's hits at the end of the push
          // that completes the line, so the order between kinds already depends on the chunking.
          expect(inOrder(hits)).toEqual(inOrder(byText(text)))
          expect(characters).toBe(text.length)
        },
      ),
      { numRuns: 600 },
    )
  })

  it('finds the same across the 64 KB windows a big chunk is searched in', () => {
    fc.assert(
      fc.property(
        // ~200 KB of filler lines with pieces at random lines: marks, tokens and non-ASCII text
        // fall on both sides of each window edge, and a line can span one
        fc.array(fc.tuple(fc.nat(3999), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(250_000), { maxLength: 3 }),
        (placed, cuts) => {
          const lines = Array.from({ length: 4000 }, (_, i) => `ts=${i} level=info svc=gateway they key`)
          for (const [at, piece] of placed) lines[at] += ` ${piece}`
          const bytes = Buffer.from(lines.join('\n'), 'utf8')
          const { hits, characters } = byBytes(bytes, cuts)
          const text = new TextDecoder().decode(bytes)
          expect(inOrder(hits)).toEqual(inOrder(byText(text)))
          expect(characters).toBe(text.length)
        },
      ),
      { numRuns: 30 },
    )
  })

  it('keeps lines and UTF-16 columns exact across skipped ASCII lines and decoded non-ASCII ones', () => {
    const lines = ['plain line', 'é 😀 non-ASCII line', 'another', `at column 13 ${jws}`, '😀😀 ' + jws, 'tail']
    const bytes = Buffer.from(lines.join('\n') + '\n')
    const { hits } = byBytes(bytes, [3, 40, 41])
    expect(hits.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 4, column: 14 },
      { line: 5, column: 6 },
    ])
  })

  it('skips the lines without a mark instead of decoding them', () => {
    const filler = 'ts=2026 level=info they key path=/api status=200\n'.repeat(2000)
    const bytes = Buffer.from(`${filler}auth ${jws}\n${filler}`)
    const finder = new ByteTokenFinder()
    const pushed: string[] = []
    const push = finder.finder.push.bind(finder.finder)
    finder.finder.push = (text: string) => {
      pushed.push(text)
      return push(text)
    }
    const hits = [...finder.push(bytes), ...finder.end()]
    expect(hits).toHaveLength(1)
    expect(hits[0]).toMatchObject({ token: jws, line: 2001, column: 6 })
    // the first line (the finder must reach a line start), the token's line and the one line cut
    // at each edge of the 64 KB windows the chunk is searched in; nothing else
    const edges = Math.ceil(bytes.length / (64 * 1024)) - 1
    expect(pushed.join('').length).toBeLessThan(200 + edges * 50)
    expect(finder.characters).toBe(bytes.length)
  })
})
