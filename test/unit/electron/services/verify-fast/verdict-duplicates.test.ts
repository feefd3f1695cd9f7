import { createHmac, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validVerdictOfToken } from '#electron/services/verify-fast/verdict-fast'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { SignetError } from '#shared/errors'
import { decodeToken } from '#shared/token/decode'
import { defaultPolicy } from '#shared/validation-policy/default-policy'

/**
 * The verdict-only path reads claims with JSON.parse and tells a dropped duplicate member by counting
 * (verdict-fast.ts, quickObject): colons without a backslash in the text, names string by string
 * with one. A duplicate it misses would let JSON.parse's last-member-wins reading through as
 * "valid" where decodeToken reports the duplicate and the full path fails the token. These build
 * claims sets with colons and escapes in names and values, with and without a duplicate at any
 * depth, and hold the path to decodeToken's own duplicate report.
 */

const at = 1_750_000_000
const secret = randomBytes(32)
const b64 = (text: string) => Buffer.from(text).toString('base64url')
const sourcePromise = parseKeyText(JSON.stringify({ kty: 'oct', k: secret.toString('base64url') })).then(
  keySourceFromParsed,
)

function tokenOf(claimsJson: string): string {
  const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(claimsJson)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** Whether decodeToken sees a duplicate member: noted, or refused outright (a duplicate registered claim). */
function decodeSeesDuplicate(claimsJson: string): boolean {
  try {
    return decodeToken(tokenOf(claimsJson)).notes.duplicateMembers.length > 0
  } catch (error) {
    if (error instanceof SignetError && error.code === 'ERR_TOKEN_DUPLICATE_MEMBER') return true
    throw error
  }
}

async function verdictOf(claimsJson: string) {
  return validVerdictOfToken(tokenOf(claimsJson), await sourcePromise, defaultPolicy(), at)
}

const base = `"iss":"https://issuer.example","exp":${at + 600},"iat":${at - 60}`

describe('verdict-only path: duplicate members behind JSON.parse', () => {
  it.each([
    ['a duplicate whose dropped value holds a colon', `{${base},"sub":"a:b","sub":"c"}`],
    ['a duplicate whose kept value holds a colon', `{${base},"sub":"c","sub":"a:b"}`],
    ['a duplicate with an escaped colon in the kept value', `{${base},"sub":1,"sub":"\\u003a"}`],
    ['a duplicate written with an escape in its name', `{${base},"sub":"x","s\\u0075b":"y"}`],
    ['a nested duplicate', `{${base},"cnf":{"jkt":"a","jkt":"b"}}`],
    ['a duplicate inside an array element', `{${base},"roles":[{"r":"a:1","r":"b"}]}`],
    ['a duplicate of exp', `{${base},"exp":${at - 10}}`],
  ])('answers nothing for %s, as decodeToken reports a duplicate', async (_name, json) => {
    expect(decodeSeesDuplicate(json)).toBe(true)
    expect(await verdictOf(json)).toBeNull()
  })

  it.each([
    ['colons in names and values', `{${base},"urn:x:y":"a:b:c","sub":"u:1"}`],
    ['an escaped colon and quote', `{${base},"sub":"\\u003a\\"x\\":1","note":"\\\\:"}`],
    ['nested objects and arrays', `{${base},"cnf":{"jkt":"a:b"},"roles":["a:1",{"r":"b"}]}`],
  ])('answers "valid" for %s without a duplicate', async (_name, json) => {
    expect(decodeSeesDuplicate(json)).toBe(false)
    expect((await verdictOf(json))?.verdict).toBe('valid')
  })

  it('agrees with decodeToken on generated claims with colons, escapes and planted duplicates', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ':', '"', '\\', 'é', '{', ',', ' '), maxLength: 6 })
    const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.integer(),
        fc.boolean(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(text, tie('value'), { maxKeys: 3 }),
      ),
    })).value
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(text, value, { maxKeys: 4 }),
        fc.option(fc.tuple(fc.nat(), text, value)),
        async (extra, planted) => {
          const members = Object.entries(extra)
            .filter(([name]) => !['iss', 'exp', 'iat'].includes(name))
            .map(([name, v]) => `${JSON.stringify(name)}:${JSON.stringify(v)}`)
          if (planted !== null) {
            // a second member named like an existing one, written the same way or escaped
            const [index, v] = [planted[0], planted[2]]
            const names = members
              .map((m) => JSON.parse(`{${m}}`) as Record<string, unknown>)
              .map((o) => Object.keys(o)[0]!)
            const name = names.length > 0 ? names[index % names.length]! : 'iss'
            const written =
              index % 2 === 0
                ? JSON.stringify(name)
                : `"${[...name].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
            members.splice(index % (members.length + 1), 0, `${written}:${JSON.stringify(v)}`)
          }
          const json = `{${[base, ...members].join(',')}}`
          const verdict = await verdictOf(json)
          if (decodeSeesDuplicate(json)) expect(verdict).toBeNull()
          else expect(verdict?.verdict).toBe('valid')
        },
      ),
      { numRuns: 400 },
    )
  })
})
