import type { DecodedToken } from '#shared/token/decode'
import type { JsonObject, JsonValue } from '#shared/encoding/json'
import { describeClaim, describeHeader, type NameInfo } from '#shared/token/registry'
import { numericDateOutOfRange } from '#shared/time/numeric-date-range'
import { describeTimeClaim, isNumericDate, numericDateToIso } from '#shared/time/relative'
import { paint } from './style'
import { formatBytes } from '#shared/text/format-bytes'

/** The human rendering of `signet decode`: every header parameter and claim, explained. */
export function formatDecoded(token: DecodedToken, options: { color: boolean; now: number }): string {
  const c = options.color
  const lines: string[] = []
  const algs =
    token.type === 'jws'
      ? token.signatures.map((s) => String(s.joseHeader.alg ?? '?'))
      : [String(token.joseHeader.alg ?? '?')]
  lines.push(`${paint('bold', token.label, c)}  ${paint('dim', algs.join(', '), c)}`)
  if (token.notes.normalized.length) lines.push(paint('dim', `  (removed ${token.notes.normalized.join(', ')})`, c))
  const literals = (segment: string) =>
    new Map(token.notes.numberLiterals.filter((n) => n.segment === segment).map((n) => [n.path, n.literal]))

  if (token.type === 'jws') {
    token.signatures.forEach((signature, i) => {
      const title = token.signatures.length > 1 ? `Header ${i + 1}` : 'Header'
      lines.push('', paint('cyan', title, c))
      lines.push(
        ...members(
          signature.joseHeader,
          describeHeader,
          options,
          literals(token.form === 'jws-json-general' ? `signatures[${i}].protected` : 'header'),
        ),
      )
    })
    lines.push('', paint('cyan', payloadTitle(token.payload.kind, token.payload.byteLength), c))
    const payload = token.payload
    if (payload.kind === 'claims') lines.push(...members(payload.claims, describeClaim, options, literals('payload')))
    else if (payload.kind === 'text') lines.push(`  ${payload.text}`)
    else if (payload.kind === 'binary')
      lines.push(`  ${formatBytes(payload.byteLength)} of binary data (not UTF-8 text)`)
    else lines.push('  (detached: the payload is not carried in the token)')
    lines.push('', paint('cyan', 'Signature', c))
    for (const signature of token.signatures) {
      lines.push(
        signature.joseHeader.alg === 'none'
          ? `  ${paint('red', 'none — this token is not signed; anyone can forge it', c)}`
          : `  ${formatBytes(signature.signatureLength)}, ${paint('yellow', 'not verified', c)} (decode only shows what the token claims; use signet verify)`,
      )
    }
  } else {
    lines.push('', paint('cyan', 'Protected header', c))
    lines.push(...members(token.joseHeader, describeHeader, options))
    lines.push('', paint('cyan', 'Encrypted parts', c))
    lines.push(
      `  recipients ${token.recipients.length}, encrypted key ${formatBytes(token.recipients[0]?.encryptedKeyLength ?? 0)}, iv ${formatBytes(token.ivLength)}, ciphertext ${formatBytes(token.ciphertextLength)}, tag ${formatBytes(token.tagLength)}`,
    )
    lines.push(paint('dim', '  The content is encrypted; decrypting it needs the recipient key.', c))
  }
  if (token.notes.duplicateMembers.length) {
    const names = [
      ...new Set(
        token.notes.duplicateMembers
          .slice(0, 5)
          .map((d) => `"${d.path ? `${d.path}.` : ''}${d.member}" in the ${d.segment}`),
      ),
    ]
    lines.push(
      '',
      paint(
        'red',
        `Note: duplicate member ${names.join(', ')}; parsers disagree on which value wins (the last is shown). signet lint reports it, signet verify rejects it.`,
        c,
      ),
    )
  }
  if (token.notes.nonCanonicalSegments.length) {
    lines.push(
      '',
      paint('yellow', `Note: non-canonical base64url in ${token.notes.nonCanonicalSegments.join(', ')}.`, c),
    )
  }
  return lines.join('\n')
}

function payloadTitle(kind: string, bytes: number): string {
  if (kind === 'claims') return `Payload (claims, ${formatBytes(bytes)})`
  return `Payload (${kind}, ${formatBytes(bytes)})`
}

function members(
  object: JsonObject,
  describe: (name: string) => NameInfo | undefined,
  options: { color: boolean; now: number },
  literals: ReadonlyMap<string, string> = new Map(),
): string[] {
  const entries = Object.entries(object)
  const width = Math.min(24, Math.max(0, ...entries.map(([name]) => name.length)))
  return entries.map(([name, value]) => {
    const info = describe(name)
    // A number is shown as written: 1e400 is not "null", 99999999999999999999999 is not 1e+23.
    const literal = literals.get(name)
    const shown = literal ?? showValue(value)
    const parts = [`  ${name.padEnd(width)}  ${shown}`]
    if (info?.numericDate && isNumericDate(value)) {
      parts.push(
        paint('green', `${numericDateToIso(value)} (${describeTimeClaim(name, value, options.now)})`, options.color),
      )
    } else if (info?.numericDate && typeof value === 'number') {
      parts.push(paint('yellow', numericDateOutOfRange(), options.color))
    }
    if (info) parts.push(paint('dim', `— ${info.title}`, options.color))
    return parts.join('  ')
  })
}

function showValue(value: JsonValue): string {
  const text = JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 117)}…` : text
}

/**
 * `signet decode --json`: the decoded structure plus `header` (the JOSE Header, RFC 7515 §4: the
 * union of protected and unprotected parameters of the first signature, or of the JWE) and
 * `claims` (null unless the payload is a JWT Claims Set) — the same names verify and decrypt use.
 */
export function decodeJson(token: DecodedToken): object {
  const header = token.type === 'jws' ? (token.signatures[0]?.joseHeader ?? {}) : token.joseHeader
  const claims = token.type === 'jws' && token.payload.kind === 'claims' ? token.payload.claims : null
  return { header, claims, ...token }
}
