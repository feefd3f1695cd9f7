import { maxStatus, statusKind, type StatusBits } from '#shared/status-list/status-types'
import { formatCount } from '#shared/text/format-count'

/**
 * How the Revocations screen names and colours statuses (draft-ietf-oauth-status-list-19 §7.1), and
 * which cells a filter keeps. Colours are CSS custom properties from revocations.module.css, so both
 * themes pick their own; the canvas reads them at draw time.
 */

export type CellKind = 'free' | 'allocated' | 'invalid' | 'suspended' | 'application-specific' | 'reserved'

export const cellKinds: readonly CellKind[] = [
  'free',
  'allocated',
  'invalid',
  'suspended',
  'application-specific',
  'reserved',
]

/** The CSS custom property holding each kind's colour. */
export const cellColorVar: Record<CellKind, string> = {
  free: '--rev-cell-free',
  allocated: '--rev-cell-allocated',
  invalid: '--rev-cell-invalid',
  suspended: '--rev-cell-suspended',
  'application-specific': '--rev-cell-app',
  reserved: '--rev-cell-reserved',
}

export const cellLabel: Record<CellKind, string> = {
  free: 'Valid, not allocated',
  allocated: 'Valid, allocated',
  invalid: 'Invalid (revoked)',
  suspended: 'Suspended',
  'application-specific': 'Application-specific',
  reserved: 'Reserved value',
}

/** A VALID index is "allocated" once a token was given it; any other status shows as its status. */
export function cellKind(status: number, allocated: boolean): CellKind {
  const kind = statusKind(status)
  if (kind === 'valid') return allocated ? 'allocated' : 'free'
  return kind
}

export type StatusFilter = 'all' | 'allocated' | 'invalid' | 'suspended' | 'other'

export const statusFilters: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'allocated', label: 'Allocated' },
  { value: 'invalid', label: 'Invalid' },
  { value: 'suspended', label: 'Suspended' },
  { value: 'other', label: 'Other' },
]

export function filterKeeps(filter: StatusFilter, kind: CellKind): boolean {
  switch (filter) {
    case 'all':
      return true
    case 'allocated':
      return kind !== 'free'
    case 'invalid':
      return kind === 'invalid'
    case 'suspended':
      return kind === 'suspended'
    case 'other':
      return kind === 'application-specific' || kind === 'reserved'
  }
}

/** The statuses a person may set on a list of this width (reserved values are refused by main). */
export function settableStatuses(bits: StatusBits): { value: string; label: string }[] {
  const out = [
    { value: '1', label: 'INVALID (revoked)' },
    { value: '0', label: 'VALID (restore)' },
  ]
  if (bits >= 2) out.push({ value: '2', label: 'SUSPENDED' }, { value: '3', label: '0x03 (application-specific)' })
  if (bits >= 4)
    for (let v = 0x0c; v <= Math.min(0x0f, maxStatus(bits)); v++)
      out.push({ value: String(v), label: `0x${v.toString(16).toUpperCase().padStart(2, '0')} (application-specific)` })
  return out
}

/**
 * Parses "3, 7, 10-20" into explicit indexes and inclusive ranges. Throws an Error naming the
 * first part that is not an index or a range (the form shows it under the field).
 */
export function parseIndexList(text: string, maxParts = 1000): { indexes: number[]; ranges: [number, number][] } {
  const indexes: number[] = []
  const ranges: [number, number][] = []
  const parts = text.split(/[\s,;]+/).filter(Boolean)
  if (parts.length === 0) throw new Error('Give at least one index, e.g. 17 or 100-200.')
  if (parts.length > maxParts)
    throw new Error(`At most ${formatCount(maxParts)} indexes or ranges at once; use a range for more.`)
  for (const part of parts) {
    const range = /^(\d{1,9})\s*[-–]\s*(\d{1,9})$/.exec(part)
    if (range) {
      const from = Number(range[1])
      const to = Number(range[2])
      if (to < from) throw new Error(`"${part}" runs backwards.`)
      ranges.push([from, to])
    } else if (/^\d{1,9}$/.test(part)) indexes.push(Number(part))
    else throw new Error(`"${part.slice(0, 40)}" is not an index or a range (like 100-200).`)
  }
  return { indexes, ranges }
}
