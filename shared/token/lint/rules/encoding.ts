import type { Finding, Rule } from '../types'
import { formatBytes } from '../../../text/format-bytes'

/**
 * Limits a token meets on its way: a cookie is capped at 4096 bytes by browsers (RFC 6265 §6.1 sets
 * that as the minimum to support, and it is what they do), and many servers and proxies refuse
 * request headers beyond 8 KB (nginx large_client_header_buffers, Apache LimitRequestFieldSize,
 * AWS ALB/CloudFront).
 */
const cookieLimit = 4096
const headerLimit = 8192

export const encodingRules: Rule = ({ token }) => {
  const findings: Finding[] = []
  const size = new TextEncoder().encode(token.token).length
  if (size > headerLimit) {
    findings.push({
      id: 'token-size',
      severity: 'medium',
      title: `Token larger than ${formatBytes(headerLimit)}`,
      message: `The token is ${formatBytes(size)}. Many servers and proxies reject request headers over ${formatBytes(headerLimit)} (nginx, Apache, cloud load balancers), so "Authorization: Bearer …" with this token fails intermittently depending on the path it takes.`,
      remediation:
        'Slim the claims (move authorisation data server-side, reference it by id), or send the token in a request body.',
      location: { segment: 'token' },
      reference: 'RFC 6265 §6.1; nginx large_client_header_buffers',
    })
  } else if (size > cookieLimit) {
    findings.push({
      id: 'token-size',
      severity: 'low',
      title: `Token larger than ${formatBytes(cookieLimit)}`,
      message: `The token is ${formatBytes(size)}: too large for a single browser cookie (${formatBytes(cookieLimit)} including name and attributes), and close to the ${formatBytes(headerLimit)} header limit of common servers.`,
      remediation: 'Keep tokens small: move bulky claims (roles lists, profile data) server-side.',
      location: { segment: 'token' },
      reference: 'RFC 6265 §6.1',
    })
  }
  // What the shared normalisation (normalize.ts) changed to read the input: decode notes it, verify fails on it.
  for (const change of token.notes.changes ?? []) {
    if (change.kind === 'surrounding-whitespace') continue
    findings.push(
      change.altersToken
        ? {
            id: 'token-not-strictly-encoded',
            severity: 'medium',
            title: change.kind === 'padding' ? 'Base64 padding in the token' : 'Whitespace inside the token',
            message: `Signet removed ${change.message} to read the token. A strict verifier rejects the token as given (JOSE base64url has no padding and no whitespace), and a lenient one accepts several spellings of the same token.`,
            remediation:
              'Send the token exactly as issued: no "=" padding, no line breaks. Fix the encoder or the transport that added them.',
            location: { segment: 'token' },
            reference: 'RFC 7515 §2, §7.1',
          }
        : {
            id: 'token-extracted',
            severity: 'info',
            title: 'Token read from surrounding text',
            message: `Signet removed ${change.message}; the findings are about the token alone.`,
            remediation: 'None needed: this notes how the input was read.',
            location: { segment: 'token' },
          },
    )
  }
  for (const segment of token.notes.nonCanonicalSegments) {
    findings.push({
      id: 'non-canonical-base64url',
      severity: 'medium',
      title: `Non-canonical base64url in the ${segment}`,
      message: `The ${segment} is valid base64url but not in canonical form (its unused trailing bits are not zero). Lenient decoders accept it, so several different strings decode to the same token: signature-stripping, cache and replay-detection logic keyed on the token text can be bypassed.`,
      remediation: 'Reject non-canonical encodings at the verifier, and fix the encoder that produced them.',
      location: { segment },
      reference: 'RFC 4648 §3.5, RFC 7515 §2',
    })
  }
  for (const duplicate of token.notes.duplicateMembers) {
    const name = duplicate.path ? `${duplicate.path}.${duplicate.member}` : duplicate.member
    findings.push({
      id: 'duplicate-member',
      severity: 'high',
      title: `Duplicate member "${name}" in the ${duplicate.segment}`,
      message: `The ${duplicate.segment} contains "${name}" more than once. JSON parsers disagree on which value wins (first or last), so the signature check and the claims check may read different values — a known way to smuggle claims past a verifier.`,
      remediation:
        'Reject tokens with duplicate member names (RFC 7515 §5.2 allows it, RFC 8725 recommends it), and fix the issuer.',
      location: { segment: duplicate.segment, path: name },
      reference: 'RFC 7515 §5.2, RFC 7519 §4, RFC 8259 §4',
    })
  }
  return findings
}
