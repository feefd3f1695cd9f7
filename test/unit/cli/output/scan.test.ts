import { describe, expect, it } from 'vitest'
import { formatTokenResult } from '#cli/output/scan'
import type { TokenResult } from '#electron/services/scan/report'

const result = (fields: Partial<TokenResult>): TokenResult => ({
  sha256: 'ab'.repeat(32),
  fingerprint: 'sha256:abababababababab',
  redacted: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOi…',
  kind: 'jws',
  occurrences: 1,
  locations: [{ file: 'gateway.log', line: 3, column: 14 }],
  verdict: 'unverifiable',
  verifyVerdict: null,
  reason: 'No key was given.',
  alg: 'ES256',
  kid: 'k1',
  iss: 'https://issuer.example',
  sub: 'user-42',
  typ: 'JWT',
  form: 'jws-compact',
  findings: [],
  failedChecks: [],
  ...fields,
})

describe("signet scan's human report of one token", () => {
  it('heads each token with verdict, alg, issuer, subject, kid and fingerprint: tokens of one issuer and key differ by subject', () => {
    const [head] = formatTokenResult(result({}), false).split('\n')
    expect(head).toBe('UNVERIFIABLE  ES256  iss=https://issuer.example  sub=user-42  kid=k1  sha256:abababababababab')
    expect(formatTokenResult(result({ sub: null, kid: null }), false).split('\n')[0]).toBe(
      'UNVERIFIABLE  ES256  iss=https://issuer.example  sha256:abababababababab',
    )
  })

  it('escapes a hostile subject: it cannot move the cursor, recolour the terminal or start a line', () => {
    const [head, second] = formatTokenResult(result({ sub: 'eve\u001b[2J\u001b[31m\nFAKE VALID' }), false).split('\n')
    expect(head).not.toContain('\u001b')
    expect(head).toContain('sub=eve')
    expect(head).toContain('FAKE VALID')
    expect(second).toBe('  eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOi…')
  })
})
