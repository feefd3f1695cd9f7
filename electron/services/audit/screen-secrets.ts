import { SignetError } from '#shared/errors'
import type { AuditEntryInput } from '../audit-sink'

/**
 * The audit log must never hold a secret, and it is written by many callers, so it checks for
 * itself instead of trusting each of them. A hit is a programming error in the caller: the append
 * is refused with ERR_AUDIT_SECRET_REJECTED, and the message names the field but never the value.
 */

/** JWK members that carry private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const privateJwkMembers = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'])

/** Detail names that only a secret would be filed under. */
const secretNamePattern = /pass(word|phrase)|secret|private|credential|^token$|^jwt$|^jws$|^jwe$/i

interface Finding {
  test: (value: string) => boolean
  why: string
}

const findings: Finding[] = [
  { test: (v) => /-----BEGIN [A-Z0-9 ]*-----/.test(v), why: 'it contains a PEM block' },
  { test: (v) => /"(d|p|q|dp|dq|qi|k|oth)"\s*:/.test(v), why: 'it looks like a JWK with private members' },
  // A compact JWS/JWE (three or five base64url segments, header starting with "{" = "ey").
  {
    test: (v) => /ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/.test(v),
    why: 'it looks like a token (compact JWS or JWE)',
  },
  {
    test: (v) => /[A-Za-z0-9_+/-]{201,}/.test(v),
    why: 'it contains a base64/base64url run longer than 200 characters (key material or a token)',
  },
]

export function screenForSecrets(input: AuditEntryInput): void {
  for (const [name, value] of Object.entries(input.subject ?? {})) {
    if (typeof value === 'string') checkValue(`subject.${name}`, value)
  }
  for (const [name, value] of Object.entries(input.details ?? {})) {
    if (privateJwkMembers.has(name) || secretNamePattern.test(name)) {
      throw rejected(`details.${name}`, 'its name is one only a secret or a token would be filed under')
    }
    if (typeof value === 'string') checkValue(`details.${name}`, value)
  }
}

function checkValue(field: string, value: string): void {
  for (const finding of findings) {
    if (finding.test(value)) throw rejected(field, finding.why)
  }
}

function rejected(field: string, why: string): SignetError {
  return new SignetError(
    'ERR_AUDIT_SECRET_REJECTED',
    `Refused to write an audit entry: ${field} was rejected because ${why}. The audit log records identifiers ` +
      '(kid, jti, sub, exp), never tokens, key material or passphrases; pass an identifier instead.',
  )
}
