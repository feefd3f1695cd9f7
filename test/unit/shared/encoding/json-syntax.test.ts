import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonSyntaxProblem } from '#shared/encoding/json-syntax'

describe('jsonSyntaxProblem says what and where, never the text', () => {
  it.each([
    ['s3cr3t-value', 'unexpected character at line 1, column 1'],
    ['{"a": tru}} Basic Y29va2llLXNlY3JldA==', 'unexpected identifier at line 1, column 7'],
    ['[1,2', 'unexpected number at line 1, column 4'],
    ['{\n  "issuer": "x",\n}', 'unexpected "}" at line 3, column 1'],
    ['', 'unexpected end of input at line 1, column 1'],
  ])('%j → %s', (text, expected) => {
    const problem = jsonSyntaxProblem(text)
    expect(problem).toBe(expected)
  })

  it('quotes nothing of any input (property: no run of 3+ input characters appears)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3, maxLength: 60 }), (text) => {
        let valid = true
        try {
          JSON.parse(text)
        } catch {
          valid = false
        }
        fc.pre(!valid)
        const problem = jsonSyntaxProblem(text)
        // a secret of letters/digits must not appear: check every 6-character window of the input
        for (let i = 0; i + 6 <= text.length; i++) {
          const window = text.slice(i, i + 6)
          if (/^[A-Za-z0-9+/=_-]{6}$/.test(window)) expect(problem).not.toContain(window)
        }
      }),
      { numRuns: 500 },
    )
  })
})
