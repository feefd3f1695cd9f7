import { describe, expect, it } from 'vitest'
import { attemptLines } from '#renderer/components/check-attempts'
import { signatureCheck } from '#shared/token/verify/verify-signature'
import type { SignatureAttempt } from '#shared/token/verify/verify-signature'
import type { KeySelection } from '#shared/key-material/types'

const attempt = (label: string, outcome: SignatureAttempt['outcome'], message: string) =>
  ({ key: { label }, checks: [], outcome, message }) as unknown as SignatureAttempt

describe('a check’s attempts detail, in words', () => {
  it('turns the signature check’s own detail into one line per key tried, in order', () => {
    const check = signatureCheck(
      [
        attempt('JWK "old-key"', 'mismatch', 'The signature does not match JWK "old-key".'),
        attempt('JWK "new-key"', 'verified', 'Verified.'),
      ],
      { message: 'two keys' } as unknown as KeySelection,
      'ES256',
    )
    expect(attemptLines(check.detail)).toEqual([
      {
        key: 'JWK "old-key"',
        outcome: 'signature does not match',
        tone: 'bad',
        message: 'The signature does not match JWK "old-key".',
      },
      { key: 'JWK "new-key"', outcome: 'verified', tone: 'ok', message: 'Verified.' },
    ])
  })

  it('names decryption outcomes and keeps an unknown outcome in words rather than dropping it', () => {
    const lines = attemptLines({
      attempts: [
        { key: 'password', outcome: 'failed', message: 'wrong password' },
        { key: 'JWK "x"', outcome: 'timed-out', message: '' },
      ],
    })
    expect(lines?.map((l) => `${l.key} → ${l.outcome}`)).toEqual(['password → did not decrypt', 'JWK "x" → timed out'])
  })

  it('leaves any other detail to the JSON view', () => {
    expect(attemptLines(undefined)).toBeNull()
    expect(attemptLines({ expected: 'https://a', actual: 'https://b' })).toBeNull()
    expect(attemptLines({ attempts: [] })).toBeNull()
    expect(attemptLines({ attempts: [{ key: 1, outcome: 'verified' }] })).toBeNull()
  })
})
