import { formatUtc } from '../time/format-time'
import { formatReadableDuration } from '../time/readable-duration'
import { auditDetailLabels, detailKind, detailLabel, type DetailKind, type DetailLabels } from './detail-labels'

export type AuditDetailValue = string | number | boolean | null

export interface ReadableDetail {
  /** the stored name ("jwksCacheTime") */
  name: string
  /** what a person reads ("JWKS cache time") */
  label: string
  /** how the value was read; 'time' only when the value really was a time */
  kind: DetailKind
  /** the value as a person reads it: "15 min", "2026-11-30T10:00:00Z", "yes", "—" */
  text: string
  /** the stored value, untouched (for copy buttons and exports) */
  raw: AuditDetailValue
}

/** NumericDates Signet writes lie between 2001 and 2286; a smaller number under a time label is not a date. */
const minNumericDate = 1_000_000_000
const maxNumericDate = 9_999_999_999

/**
 * One stored detail as it reads on the Audit screen (shapes in ReadableDetail). Durations are
 * whole seconds, times NumericDates (RFC 7519 §2) or ISO 8601 strings, printed in the one time
 * format (shared/time/format-time.ts). A value that does not fit its kind reads as itself.
 * `labels`: the names this value's producer writes (the audit log's by default; a check's detail
 * has its own, shared/token/verify/check-detail-text.ts).
 */
export function readableDetail(
  name: string,
  raw: AuditDetailValue,
  labels: DetailLabels = auditDetailLabels,
): ReadableDetail {
  const label = detailLabel(name, labels)
  const kind = detailKind(name, labels)
  if (raw === null) return { name, label, kind, text: '—', raw }
  if (typeof raw === 'boolean') return { name, label, kind: 'flag', text: raw ? 'yes' : 'no', raw }
  switch (kind) {
    case 'duration':
      return typeof raw === 'number' && Number.isFinite(raw)
        ? { name, label, kind, text: formatReadableDuration(raw), raw }
        : plain(name, label, raw)
    case 'time':
      if (typeof raw === 'number' && Number.isFinite(raw) && raw >= minNumericDate && raw <= maxNumericDate)
        return { name, label, kind, text: formatUtc(raw * 1000), raw }
      if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw) && !Number.isNaN(Date.parse(raw)))
        return { name, label, kind, text: formatUtc(raw), raw }
      return plain(name, label, raw)
    case 'kids':
      return { name, label, kind, text: String(raw).split(',').filter(Boolean).join(', ') || '—', raw }
    case 'count':
      return { name, label, kind, text: typeof raw === 'number' ? raw.toLocaleString('en-US') : raw, raw }
    default:
      return { name, label, kind, text: String(raw), raw }
  }
}

/** Every detail of an entry, in the order the service wrote them. */
export function readableDetails(details: Record<string, AuditDetailValue>): ReadableDetail[] {
  return Object.entries(details).map(([name, raw]) => readableDetail(name, raw))
}

function plain(name: string, label: string, raw: string | number): ReadableDetail {
  return { name, label, kind: 'text', text: String(raw), raw }
}
