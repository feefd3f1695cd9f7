import { describe, expect, it } from 'vitest'
import { lintToken } from '#shared/token/lint'
import { cardNetwork, luhn } from '#shared/token/lint/rules/sensitive'
import { compact, find, now } from './tokens'

const lint = (claims: object) =>
  lintToken(compact({ alg: 'ES256', typ: 'JWT' }, { aud: 'a', exp: now + 60, ...claims }), { now })

describe('lint — sensitive data in clear', () => {
  it('flags credential claims, masking the value', () => {
    const findings = lint({ user: { name: 'ann', password: 'hunter2-correct-horse' } })
    const finding = find(findings, 'sensitive-claim')!
    expect(finding.severity).toBe('high')
    expect(finding.location?.path).toBe('user.password')
    expect(finding.message).toContain('hu*****************se')
    expect(JSON.stringify(findings)).not.toContain('hunter2-correct-horse')
  })

  it.each(['client_secret', 'apiKey', 'AWS_SECRET_ACCESS_KEY', 'privateKey', 'db-password', 'pwd', 'pin'])(
    'recognises %s',
    (name) => {
      expect(
        find(lint({ [name]: name === 'pin' ? 4321 : 'value-of-some-length' }), 'sensitive-claim')?.location?.path,
      ).toBe(name)
    },
  )

  it('ignores empty values, booleans and registered numeric claims that merely mention secrets', () => {
    expect(
      find(lint({ password: '', has_password: true, client_secret_expires_at: 0 }), 'sensitive-claim'),
    ).toBeUndefined()
  })

  it('finds card numbers that pass Luhn and a network check, masked like a receipt', () => {
    const finding = find(lint({ payment: { pan: '4111 1111 1111 1111' } }), 'card-number')!
    expect(finding.message).toContain('Visa')
    expect(finding.message).toContain('4111 **** **** 1111')
    expect(finding.location?.path).toBe('payment.pan')
    expect(find(lint({ note: 'card 5555-5555-5555-4444 on file' }), 'card-number')?.message).toContain('Mastercard')
    expect(find(lint({ amex: 378282246310005 }), 'card-number')?.message).toContain('American Express')
  })

  it('does not mistake ordinary numbers for card numbers', () => {
    // passes Luhn but no network uses the prefix
    expect(luhn('1234567812345670')).toBe(true)
    expect(find(lint({ id: '1234567812345670' }), 'card-number')).toBeUndefined()
    // Visa prefix, fails Luhn
    expect(find(lint({ id: '4111111111111112' }), 'card-number')).toBeUndefined()
    expect(find(lint({ iat: now, exp: now + 60, phone: '+44 20 7946 0958' }), 'card-number')).toBeUndefined()
  })

  it('finds national identifiers by pattern and by claim name, masked', () => {
    const ssn = find(lint({ tax: { id: '123-45-6789' } }), 'national-id')!
    expect(ssn.message).toContain('US Social Security number')
    expect(ssn.message).toContain('***-**-6789')
    expect(ssn.message).not.toContain('123-45')
    expect(find(lint({ ni: 'AB 12 34 56 C' }), 'national-id')?.message).toContain('UK National Insurance')
    expect(find(lint({ ssn: '987654321' }), 'national-id')?.location?.path).toBe('ssn')
    // invalid SSN areas are not SSNs
    expect(find(lint({ ref: '000-12-3456' }), 'national-id')).toBeUndefined()
    expect(find(lint({ ref: '666-12-3456' }), 'national-id')).toBeUndefined()
  })

  it('knows the major card networks', () => {
    expect(cardNetwork('6011111111111117')).toBe('Discover')
    expect(cardNetwork('3530111333300000')).toBe('JCB')
    expect(cardNetwork('30569309025904')).toBe('Diners Club')
    expect(cardNetwork('2223003122003222')).toBe('Mastercard')
    expect(cardNetwork('9999999999999995')).toBeNull()
  })
})
