/**
 * Status Types of the Token Status List, draft-ietf-oauth-status-list-19 §7.1 ("Status Types
 * Values") and the IANA "Status Types" registry it creates (§14.5).
 */

/** The number of bits each status occupies (draft §4.1 step 1). */
export type StatusBits = 1 | 2 | 4 | 8

export const statusBits: readonly StatusBits[] = [1, 2, 4, 8]

export function isStatusBits(value: unknown): value is StatusBits {
  return value === 1 || value === 2 || value === 4 || value === 8
}

export const statusValid = 0x00
export const statusInvalid = 0x01
export const statusSuspended = 0x02

export type StatusKind = 'valid' | 'invalid' | 'suspended' | 'application-specific' | 'reserved'

/**
 * What a status value means: 0x00 VALID, 0x01 INVALID, 0x02 SUSPENDED, 0x03 and 0x0C–0x0F
 * application-specific, everything else (0x04–0x0B, 0x10–0xFF) reserved for future registration.
 */
export function statusKind(value: number): StatusKind {
  if (value === statusValid) return 'valid'
  if (value === statusInvalid) return 'invalid'
  if (value === statusSuspended) return 'suspended'
  if (value === 0x03 || (value >= 0x0c && value <= 0x0f)) return 'application-specific'
  return 'reserved'
}

/** "VALID", "INVALID", "SUSPENDED", or "0x0C (application-specific)" for people and the trace. */
export function statusLabel(value: number): string {
  const kind = statusKind(value)
  if (kind === 'valid' || kind === 'invalid' || kind === 'suspended') return kind.toUpperCase()
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')} (${kind})`
}

/** The largest status a list of this width can hold: 1, 3, 15 or 255. */
export function maxStatus(bits: StatusBits): number {
  return (1 << bits) - 1
}

/**
 * Parses a status as a person types it: valid | invalid | suspended, or a number (decimal or 0x hex).
 * Returns undefined when the text is none of these; range and reserved checks are the caller's.
 */
export function parseStatusName(text: string): number | undefined {
  const lower = text.trim().toLowerCase()
  if (lower === 'valid') return statusValid
  if (lower === 'invalid' || lower === 'revoked') return statusInvalid
  if (lower === 'suspended') return statusSuspended
  if (/^0x[0-9a-f]{1,2}$/.test(lower)) return Number.parseInt(lower.slice(2), 16)
  if (/^\d{1,3}$/.test(lower)) return Number(lower)
  return undefined
}
