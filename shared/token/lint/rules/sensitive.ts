import type { JsonValue } from '../../../encoding/json'
import { maskCardNumber, maskSecret, maskTail } from '../mask'
import type { Finding, Rule } from '../types'

/**
 * A JWS payload is only base64url-encoded: everyone who handles the token (browser, proxies, logs,
 * analytics) can read every claim. These rules look for things that must not be readable.
 */

/** Claim names (lower-cased, separators removed) that hold credentials when they contain this. */
const credentialFragments = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'privatekey',
  'apikey',
  'accesskey',
  'credential',
  'mnemonic',
  'seedphrase',
]
/** Exact claim names (normalised) that are credentials on their own. */
const credentialNames = new Set(['pwd', 'pass', 'cvv', 'cvc', 'cvv2', 'cvc2', 'pin', 'otp', 'totp', 'privkey'])
/** Claim names that announce a national identifier, whatever the value's format. */
const nationalIdNames = new Set([
  'ssn',
  'socialsecuritynumber',
  'nationalid',
  'nationalidnumber',
  'nin',
  'nino',
  'taxid',
  'tin',
  'personnummer',
  'passportnumber',
  'nationalinsurancenumber',
  'aadhaar',
  'cpf',
  'curp',
])

const maxFindings = 25

export const sensitiveRules: Rule = ({ claims }) => {
  if (!claims) return []
  const findings: Finding[] = []
  walk(claims, '', findings)
  return findings.slice(0, maxFindings)
}

function walk(value: JsonValue, path: string, findings: Finding[]): void {
  if (findings.length >= maxFindings) return
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, findings))
    return
  }
  if (value !== null && typeof value === 'object') {
    for (const [name, member] of Object.entries(value)) {
      const memberPath = path ? `${path}.${name}` : name
      const byName = nameFinding(name, member, memberPath)
      if (byName) findings.push(byName)
      else walk(member, memberPath, findings)
    }
    return
  }
  const card = cardFinding(value, path)
  if (card) {
    findings.push(card)
    return
  }
  const id = nationalIdPatternFinding(value, path)
  if (id) findings.push(id)
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

function nameFinding(name: string, value: JsonValue, path: string): Finding | null {
  const key = normalise(name)
  const present = (typeof value === 'string' && value.trim().length > 0) || typeof value === 'number'
  if (!present) return null
  const location = { segment: 'payload', path }
  const shown = maskSecret(String(value))
  if (
    credentialNames.has(key) ||
    (typeof value === 'string' && credentialFragments.some((fragment) => key.includes(fragment)))
  ) {
    return {
      id: 'sensitive-claim',
      severity: 'high',
      title: `Credential in clear: "${path}"`,
      message: `The claim "${path}" carries what looks like a credential (${shown}). JWT payloads are encoded, not encrypted: anyone who sees the token — browser storage, proxies, logs — can read it.`,
      remediation:
        'Remove credentials from tokens. Keep them server-side and refer to them by id; if a token must carry confidential data, encrypt it (JWE, or a nested JWT).',
      location,
      reference: 'RFC 8725 §3.4, RFC 7519 §11.2',
    }
  }
  if (nationalIdNames.has(key)) {
    return {
      id: 'national-id',
      severity: 'high',
      title: `National identifier in clear: "${path}"`,
      message: `The claim "${path}" holds a national identifier (${maskTail(String(value))}). It is readable by anyone who handles the token and is regulated personal data in most jurisdictions.`,
      remediation:
        'Do not put national identifiers in tokens; use an opaque internal subject id, or encrypt the token (JWE).',
      location,
      reference: 'RFC 7519 §11.2',
    }
  }
  return null
}

// 13 to 19 digits, optionally grouped by single spaces or dashes.
const cardCandidate = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g

function cardFinding(value: JsonValue, path: string): Finding | null {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return null
    text = String(value)
  } else if (typeof value === 'string') {
    text = value
  } else {
    return null
  }
  for (const match of text.matchAll(cardCandidate)) {
    const digits = match[0].replace(/[ -]/g, '')
    if (!luhn(digits) || !cardNetwork(digits)) continue
    return {
      id: 'card-number',
      severity: 'high',
      title: `Payment card number in clear: "${path}"`,
      message: `The claim "${path}" contains a ${cardNetwork(digits)} card number (${maskCardNumber(digits)}, passes the Luhn check). Card numbers in a readable token put every system that logs it in PCI DSS scope.`,
      remediation: 'Remove the card number; use a payment-provider token or a masked reference instead.',
      location: { segment: 'payload', path },
      reference: 'PCI DSS 4.0 req. 3.4',
    }
  }
  return null
}

export function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/** Issuer ranges (IIN) and lengths of the major networks: Luhn alone passes one random number in ten. */
export function cardNetwork(digits: string): string | null {
  const n = digits.length
  const prefix = (length: number) => Number(digits.slice(0, length))
  if (/^4/.test(digits) && (n === 13 || n === 16 || n === 19)) return 'Visa'
  if (n === 16 && ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720)))
    return 'Mastercard'
  if (n === 15 && /^3[47]/.test(digits)) return 'American Express'
  if (n >= 16 && n <= 19 && (/^6011/.test(digits) || /^65/.test(digits) || (prefix(3) >= 644 && prefix(3) <= 649)))
    return 'Discover'
  if (n >= 16 && n <= 19 && prefix(4) >= 3528 && prefix(4) <= 3589) return 'JCB'
  if (n >= 14 && n <= 19 && /^3(0[0-5]|[68])/.test(digits)) return 'Diners Club'
  if (n >= 16 && n <= 19 && /^62/.test(digits)) return 'UnionPay'
  if (n >= 12 && n <= 19 && /^(5018|5020|5038|6304|6759|676[1-3])/.test(digits)) return 'Maestro'
  return null
}

const usSsn = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/
const ukNino = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/

function nationalIdPatternFinding(value: JsonValue, path: string): Finding | null {
  if (typeof value !== 'string') return null
  const text = value.trim()
  const kind = usSsn.test(text)
    ? 'US Social Security number'
    : ukNino.test(text.toUpperCase()) && /\d/.test(text)
      ? 'UK National Insurance number'
      : null
  if (!kind) return null
  return {
    id: 'national-id',
    severity: 'high',
    title: `National identifier in clear: "${path}"`,
    message: `The claim "${path}" holds what looks like a ${kind} (${maskTail(text)}). It is readable by anyone who handles the token.`,
    remediation:
      'Do not put national identifiers in tokens; use an opaque internal subject id, or encrypt the token (JWE).',
    location: { segment: 'payload', path },
    reference: 'RFC 7519 §11.2',
  }
}
