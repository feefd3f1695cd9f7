import { describe, expect, it } from 'vitest'
import { readableCheckDetail } from '#shared/token/verify/check-detail-text'

describe("a check's detail as people read it", () => {
  it('reads NumericDates as dates, seconds as durations, names as words', () => {
    const facts = readableCheckDetail({ exp: 1796013936, at: 1796014000, skew: 60 })
    expect(facts).toEqual([
      { name: 'exp', label: 'Expires (exp)', text: '2026-11-30T04:45:36Z' },
      { name: 'at', label: 'Checked at', text: '2026-11-30T04:46:40Z' },
      { name: 'skew', label: 'Clock skew allowed', text: '1 min' },
    ])
    const age = readableCheckDetail({ maxTokenAge: 900, age: 1200 })
    expect(age.map((f) => `${f.label}: ${f.text}`)).toEqual(['Maximum token age: 15 min', 'Token age: 20 min'])
    const text = JSON.stringify([...facts, ...age].map((f) => [f.label, f.text]))
    expect(text).not.toMatch(/1796013936|\b900\b|maxTokenAge/)
  })
  it('reads an x5c chain’s certificates as one group of facts each, and lists as words', () => {
    const facts = readableCheckDetail({
      certificates: [
        {
          subject: 'CN=leaf',
          issuer: 'CN=root',
          notBefore: '2026-01-01T00:00:00.000Z',
          notAfter: '2027-01-01T00:00:00.000Z',
          problems: [],
        },
      ],
      validated: ['signatures', 'validity'],
      notValidated: ['revocation'],
    })
    expect(facts[0]!.label).toBe('Certificates')
    expect(facts[0]!.groups![0]!.map((f) => `${f.label}: ${f.text}`)).toEqual([
      'Subject: CN=leaf',
      'Issuer: CN=root',
      'Not before: 2026-01-01T00:00:00Z',
      'Not after: 2027-01-01T00:00:00Z',
      'Problems: none',
    ])
    expect(facts.slice(1).map((f) => `${f.label}: ${f.text}`)).toEqual([
      'Checked: signatures, validity',
      'Not checked: revocation',
    ])
  })
  it('leaves the attempts list to its own rendering, and words an unknown name', () => {
    const facts = readableCheckDetail({ attempts: [{ key: 'k', outcome: 'verified', message: '' }], someNewField: 3 })
    expect(facts).toEqual([{ name: 'someNewField', label: 'Some new field', text: '3' }])
  })
})
