import { describe, expect, it } from 'vitest'
import { csvCell } from '#shared/audit/csv-cell'
import { auditCsvColumns, exportAuditEntries, type ExportableEntry } from '#shared/audit/export-entries'

const base: ExportableEntry = {
  seq: 3,
  at: '2026-11-30T10:00:00.000Z',
  action: 'key.compromise',
  subject: { set: 'prod', kid: 'k1' },
  details: { reason: 'left on a "shared" drive, oops', forced: false, exp: 1796013936 },
  source: { via: 'cli', user: 'ada', host: 'build-01' },
  prev: 'a'.repeat(64),
  hash: 'b'.repeat(64),
}

/** A small RFC 4180 reader: enough to read our own output back, quoted fields, CRLF and all. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  expect(cell).toBe('')
  expect(row).toEqual([])
  return rows
}

describe('csvCell (RFC 4180 quoting, formula injection)', () => {
  it('quotes only what needs it and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"')
  })

  it.each(['=1+1', '+1', '-mLYt', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])(
    'neutralises %j with a leading apostrophe',
    (value) => {
      const cell = csvCell(value)
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell
      expect(unquoted).toBe(`'${value}`)
    },
  )

  it('leaves a value that merely contains those characters alone', () => {
    expect(csvCell('a=b')).toBe('a=b')
    expect(csvCell('x-1')).toBe('x-1')
  })
})

describe('exportAuditEntries', () => {
  it('csv: a header, one row per entry, CRLF, parses back to the same values', () => {
    const other: ExportableEntry = {
      ...base,
      seq: 4,
      action: 'set.create',
      subject: { set: '=cmd|calc' },
      details: { note: 'Grüße 🔑 签名' },
      source: undefined,
      flagged: 'edited',
    }
    const csv = exportAuditEntries([base, other], 'csv')
    expect(csv.endsWith('\r\n')).toBe(true)
    const rows = parseCsv(csv)
    expect(rows[0]).toEqual([...auditCsvColumns])
    expect(rows).toHaveLength(3)
    const record = (row: string[]) => Object.fromEntries(auditCsvColumns.map((c, i) => [c, row[i]]))
    expect(record(rows[1]!)).toEqual({
      seq: '3',
      at: base.at,
      action: 'key.compromise',
      set: 'prod',
      kid: 'k1',
      via: 'cli',
      user: 'ada',
      host: 'build-01',
      details: '{"exp":1796013936,"forced":false,"reason":"left on a \\"shared\\" drive, oops"}',
      flagged: '',
      prev: base.prev,
      hash: base.hash,
    })
    expect(JSON.parse(record(rows[1]!).details!)).toEqual(base.details)
    // an old entry has no source; a set name that is a formula is defused; unicode passes untouched
    expect(record(rows[2]!)).toMatchObject({ set: "'=cmd|calc", via: '', user: '', host: '', flagged: 'edited' })
    expect(JSON.parse(record(rows[2]!).details!)).toEqual({ note: 'Grüße 🔑 签名' })
  })

  it('jsonl: one stored entry per line, members sorted, listing extras left out', () => {
    const listed = { ...base, line: 7, flagged: null } as ExportableEntry
    const text = exportAuditEntries(
      [listed, { ...base, seq: 4, source: undefined, details: { note: 'Grüße 🔑\u2028' } }],
      'jsonl',
    )
    const lines = text.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines).toHaveLength(2)
    const first = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(Object.keys(first)).toEqual(['action', 'at', 'details', 'hash', 'prev', 'seq', 'source', 'subject'])
    expect(first).toEqual({ ...base })
    const second = JSON.parse(lines[1]!) as Record<string, unknown>
    expect(second).not.toHaveProperty('source')
    expect(second.details).toEqual({ note: 'Grüße 🔑\u2028' })
  })

  it('nothing for no entries (jsonl), the header alone (csv)', () => {
    expect(exportAuditEntries([], 'jsonl')).toBe('')
    expect(exportAuditEntries([], 'csv')).toBe(`${auditCsvColumns.join(',')}\r\n`)
  })
})
