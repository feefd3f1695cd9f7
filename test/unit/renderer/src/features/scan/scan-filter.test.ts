import { describe, expect, it } from 'vitest'
import type { ScanRow } from '#renderer/features/scan/scan-core'
import { filterRows } from '#renderer/features/scan/scan-filter'
import { summarise } from '#renderer/features/scan/scan-report'

type Finding = ScanRow['findings'][number]
const finding = (id: string, severity: Finding['severity']): Finding => ({
  id,
  severity,
  title: `title of ${id}`,
  message: '',
  remediation: '',
})

function row(id: number, fields: Partial<ScanRow>): ScanRow {
  return {
    id,
    token: `t${id}`,
    kind: 'jws',
    locations: [{ file: 'gateway.log', line: id, column: 1 }],
    verdict: 'unverifiable',
    reason: '',
    alg: 'ES256',
    iss: null,
    sub: null,
    kid: null,
    findings: [],
    ...fields,
  }
}

const rows = [
  row(1, { iss: 'https://evil.example', sub: 'mallory', alg: 'none', findings: [finding('alg-none', 'high')] }),
  row(2, { iss: 'https://auth.example', sub: 'alice', findings: [finding('alg-none-variant', 'high')] }),
  row(3, { iss: 'https://auth.example', sub: 'bob', verdict: 'expired', findings: [finding('aud-missing', 'low')] }),
  row(4, {
    iss: 'https://auth.example',
    sub: 'carol',
    kid: 'k-2026',
    findings: [finding('aud-missing', 'low'), finding('typ-missing', 'info')],
  }),
]
const ids = (kept: ScanRow[]) => kept.map((r) => r.id)

describe('the Scan table filter', () => {
  it('blank text keeps every row of the verdict', () => {
    expect(ids(filterRows(rows, '  ', 'all'))).toEqual([1, 2, 3, 4])
    expect(ids(filterRows(rows, '', 'expired'))).toEqual([3])
  })

  it('matches subject, issuer, kid and location anywhere, case-insensitively', () => {
    expect(ids(filterRows(rows, 'CAROL', 'all'))).toEqual([4])
    expect(ids(filterRows(rows, 'evil', 'all'))).toEqual([1])
    expect(ids(filterRows(rows, 'k-2026', 'all'))).toEqual([4])
    expect(ids(filterRows(rows, 'gateway.log:3:', 'all'))).toEqual([3])
  })

  it("a finding's id as its badge shows it (upper case) finds the tokens with it, and only that finding", () => {
    // "alg-none" is a prefix of "alg-none-variant": the exact id wins
    expect(ids(filterRows(rows, 'ALG-NONE', 'all'))).toEqual([1])
    expect(ids(filterRows(rows, 'alg-none-variant', 'all'))).toEqual([2])
    expect(ids(filterRows(rows, 'aud-missing', 'all'))).toEqual([3, 4])
    expect(ids(filterRows(rows, 'aud-missing', 'expired'))).toEqual([3])
    // part of an id still matches anywhere
    expect(ids(filterRows(rows, 'alg-no', 'all'))).toEqual([1, 2])
    // a finding's title matches too
    expect(ids(filterRows(rows, 'title of typ', 'all'))).toEqual([4])
  })
})

describe('the summary of findings', () => {
  it('counts tokens per finding id, most severe first, then most frequent, then by id', () => {
    expect(summarise(rows).findings.map((f) => [f.id, f.severity, f.tokens])).toEqual([
      ['alg-none', 'high', 1],
      ['alg-none-variant', 'high', 1],
      ['aud-missing', 'low', 2],
      ['typ-missing', 'info', 1],
    ])
    expect(summarise([]).findings).toEqual([])
  })
})
