import type { JsonValue } from '../../encoding/json'
import type { DetailLabels } from '../../audit/detail-labels'
import { readableDetail } from '../../audit/readable-detail'
import type { Check } from './check'

/**
 * A check's `detail` (shared/token/verify/check.ts) as a person reads it: each stored name as a
 * label, each NumericDate (RFC 7519 §2) as a date in the one time format, each span of seconds as a
 * duration — never `1796013936`, `900` or `maxTokenAge`. Nested objects (an x5c chain's
 * certificates) read the same way, one group each. The `attempts` list has its own rendering
 * (renderer/src/components/check-attempts.tsx) and is not read here.
 */

/** The names the checks write into `detail` (grep `check(` under shared/token), and what each holds. */
export const checkDetailLabels: DetailLabels = {
  exp: { label: 'Expires (exp)', kind: 'time' },
  nbf: { label: 'Not before (nbf)', kind: 'time' },
  iat: { label: 'Issued at (iat)', kind: 'time' },
  at: { label: 'Checked at', kind: 'time' },
  skew: { label: 'Clock skew allowed', kind: 'duration' },
  ttl: { label: 'Time to live (ttl)', kind: 'duration' },
  futureIat: { label: 'A future iat is, by the policy', kind: 'text' },
  maxTokenAge: { label: 'Maximum token age', kind: 'duration' },
  age: { label: 'Token age', kind: 'duration' },
  maxLifetime: { label: 'Maximum token lifetime', kind: 'duration' },
  lifetime: { label: 'Token lifetime', kind: 'duration' },
  idx: { label: 'Index (idx)', kind: 'count' },
  size: { label: 'List size (entries)', kind: 'count' },
  bits: { label: 'Bits per status', kind: 'count' },
  status: { label: 'Status value', kind: 'count' },
  label: { label: 'Status', kind: 'text' },
  entries: { label: 'Live entries', kind: 'count' },
  sub: { label: 'Subject (sub)', kind: 'text' },
  iss: { label: 'Issuer (iss)', kind: 'text' },
  uri: { label: 'Status list (uri)', kind: 'text' },
  typ: { label: 'Type (typ)', kind: 'text' },
  alg: { label: 'Algorithm (alg)', kind: 'text' },
  enc: { label: 'Content encryption (enc)', kind: 'text' },
  kty: { label: 'Key type (kty)', kind: 'text' },
  crv: { label: 'Curve (crv)', kind: 'text' },
  expected: { label: 'Expected', kind: 'text' },
  required: { label: 'Required claims', kind: 'text' },
  notBefore: { label: 'Not before', kind: 'time' },
  notAfter: { label: 'Not after', kind: 'time' },
  subject: { label: 'Subject', kind: 'text' },
  issuer: { label: 'Issuer', kind: 'text' },
  problems: { label: 'Problems', kind: 'text' },
  certificates: { label: 'Certificates', kind: 'text' },
  validated: { label: 'Checked', kind: 'text' },
  notValidated: { label: 'Not checked', kind: 'text' },
}

/** One fact of a check's detail: a label with its text, or (for nested objects) groups of facts. */
export interface CheckDetailFact {
  /** the stored name ("maxTokenAge") */
  name: string
  /** what a person reads ("Maximum token age") */
  label: string
  /** the value in words ("15 min", "2026-11-30T10:00:00Z", "iss, sub"); empty when `groups` holds it */
  text: string
  /** one list of facts per nested object (an x5c chain's certificates, in order) */
  groups?: CheckDetailFact[][]
}

/** Nesting deeper than this is shown as compact JSON text: a detail is a few levels at most. */
const maxDepth = 3

/** The facts of a check's detail, in the order the check wrote them, `attempts` left out. */
export function readableCheckDetail(detail: NonNullable<Check['detail']>): CheckDetailFact[] {
  return facts(detail, 0, true)
}

function facts(object: { [name: string]: JsonValue }, depth: number, top: boolean): CheckDetailFact[] {
  return Object.entries(object)
    .filter(([name]) => !(top && name === 'attempts'))
    .map(([name, value]) => fact(name, value, depth))
}

function fact(name: string, value: JsonValue, depth: number): CheckDetailFact {
  if (value === null || typeof value !== 'object') {
    const read = readableDetail(name, value, checkDetailLabels)
    return { name, label: read.label, text: read.text }
  }
  const label = readableDetail(name, null, checkDetailLabels).label
  if (depth >= maxDepth) return { name, label, text: JSON.stringify(value) }
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object'))
      return { name, label, text: value.length === 0 ? 'none' : value.map((item) => textOf(name, item)).join(', ') }
    return {
      name,
      label,
      text: '',
      groups: value.map((item) =>
        item !== null && typeof item === 'object' && !Array.isArray(item)
          ? facts(item, depth + 1, false)
          : [fact(name, item, depth + 1)],
      ),
    }
  }
  return { name, label, text: '', groups: [facts(value, depth + 1, false)] }
}

function textOf(name: string, item: string | number | boolean | null): string {
  return readableDetail(name, item, checkDetailLabels).text
}
