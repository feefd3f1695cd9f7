import { describe, expect, it } from 'vitest'
import type { AuditListedEntry } from '#shared/contract'
import { statusListHistorySummary } from '#renderer/features/revocations/status-list-history'

/** An audit entry as audit:list returns it, with only what the summary reads filled in. */
function entry(action: string, details: AuditListedEntry['details'], kid?: string): AuditListedEntry {
  return {
    seq: 1,
    at: '2026-11-30T10:00:00Z',
    action,
    subject: { set: 'payments', ...(kid ? { kid } : {}) },
    details,
    prev: '',
    hash: '',
    line: 1,
    flagged: null,
  } as AuditListedEntry
}

describe("a status list's history line", () => {
  it('names statuses instead of the stored "idx:from>to" pairs', () => {
    const line = statusListHistorySummary(
      entry('status-list.set', { list: 'a', status: 1, changed: 2, indexes: '5:0>1,9:2>1', reason: 'laptop lost' }),
    )
    expect(line).toBe('to INVALID: 5 (VALID → INVALID), 9 (SUSPENDED → INVALID) · “laptop lost”')
    expect(line).not.toMatch(/\d:\d>\d/)
  })
  it('counts the changed indexes beyond those it lists', () => {
    const indexes = Array.from({ length: 10 }, (_, i) => `${i}:0>1`).join(',')
    expect(statusListHistorySummary(entry('status-list.set', { status: 1, changed: 40, indexes }))).toMatch(
      / and 32 more$/,
    )
  })
  it('reads ttl and lifetime changes as durations, not seconds or field names', () => {
    const line = statusListHistorySummary(
      entry('status-list.update', { list: 'a', ttlFrom: 3600, ttlTo: 900, lifetimeFrom: 86_400, lifetimeTo: null }),
    )
    expect(line).toBe('ttl 1 h → 15 min · token lifetime 1 day → none')
    expect(line).not.toMatch(/3600|900|ttlFrom|lifetimeTo/)
  })
  it('reads an export’s NumericDates as dates in the one time format', () => {
    const line = statusListHistorySummary(
      entry('status-list.export', { list: 'a', iat: 1796013936, exp: 1796017536, changed: 1 }),
    )
    expect(line).toBe('issued 2026-11-30T04:45:36Z · expires 2026-11-30T05:45:36Z · 1 change since the last export')
  })
  it('reads a revoke-by-signer entry’s stored list counts as words', () => {
    const line = statusListHistorySummary(
      entry('status-list.revoke-signed-by', { revoked: 3, lists: 'a:2,b:1', unknownSigner: 1, reason: null }, 'k1'),
    )
    expect(line).toBe('3 indexes revoked · in a (2), b (1) · 1 index with no signer recorded · key k1')
  })
  it('words an action it does not know', () => {
    expect(statusListHistorySummary(entry('status-list.some-new-thing', {}))).toBe('some new thing')
  })
})
