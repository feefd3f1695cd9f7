import { isJsonObject } from '../../../encoding/json'
import { quote } from '../mask'
import type { Finding, HeaderView, Rule } from '../types'

/** JWK members that hold private or secret key material (RFC 7518 §6). */
const privateJwkMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']

/**
 * Header parameters that tell the verifier where to find the key: a verifier that follows them
 * lets the token choose the key it is checked with.
 */
export const keyHeaderRules: Rule = ({ headers }) =>
  headers.flatMap((view) => [...urlFindings(view), ...embeddedKeyFindings(view), ...kidFindings(view)])

function urlFindings({ header, segment }: HeaderView): Finding[] {
  const findings: Finding[] = []
  for (const name of ['jku', 'x5u'] as const) {
    const value = header[name]
    if (value === undefined) continue
    const url = typeof value === 'string' ? value : ''
    const insecure = !/^https:\/\//i.test(url)
    const what = name === 'jku' ? 'a JWK Set' : 'an X.509 certificate (chain)'
    findings.push({
      id: `${name}-present`,
      severity: insecure ? 'high' : 'medium',
      title: `"${name}" header: the token says where to fetch its key`,
      message:
        `The ${segment} has "${name}": ${quote(value)}, pointing at ${what}. A verifier that fetches keys from a URL in the token accepts any token whose signer controls that URL, and can be used for SSRF.` +
        (insecure ? ' The URL is not https, so the key could also be swapped in transit.' : ''),
      remediation: `Ignore "${name}" or match it against an exact allow-list of your issuers' key URLs; resolve keys from configuration, never from the token.`,
      location: { segment, path: name },
      reference: name === 'jku' ? 'RFC 7515 §4.1.2, RFC 8725 §3.10' : 'RFC 7515 §4.1.5, RFC 8725 §3.10',
    })
  }
  return findings
}

function embeddedKeyFindings({ header, segment }: HeaderView): Finding[] {
  const findings: Finding[] = []
  const jwk = header.jwk
  if (jwk !== undefined) {
    findings.push({
      id: 'jwk-embedded',
      severity: 'high',
      title: 'Embedded "jwk": the token carries its own verification key',
      message: `The ${segment} embeds a key in "jwk"${isJsonObject(jwk) && typeof jwk.kty === 'string' ? ` (kty ${quote(jwk.kty)})` : ''}. A verifier that uses it checks the signature against a key the token's author chose: anyone can sign such a token (CVE-2018-0114 family).`,
      remediation:
        'Never verify with a key taken from the token; at most use "jwk" to look up (by thumbprint) a key you already trust.',
      location: { segment, path: 'jwk' },
      reference: 'RFC 7515 §4.1.3, RFC 8725 §3.10',
    })
    if (isJsonObject(jwk)) {
      const leaked = privateJwkMembers.filter((member) => jwk[member] !== undefined)
      if (leaked.length > 0) {
        findings.push({
          id: 'jwk-private',
          severity: 'high',
          title: 'Private key material in the header',
          message: `The embedded "jwk" in the ${segment} contains private or secret members (${leaked.map((m) => `"${m}"`).join(', ')}): the signing key is published inside every token.`,
          remediation:
            'Treat the key as compromised: rotate it now, and fix the issuer to embed only public members (if anything).',
          location: { segment, path: `jwk.${leaked[0]}` },
          reference: 'RFC 7517 §4, RFC 7518 §6',
        })
      }
    }
  }
  const x5c = header.x5c
  if (x5c !== undefined) {
    const count = Array.isArray(x5c) ? x5c.length : 0
    findings.push({
      id: 'x5c-present',
      severity: 'low',
      title: 'Embedded certificate chain ("x5c")',
      message: `The ${segment} carries ${count === 1 ? 'a certificate' : `${count} certificates`} in "x5c". Verifiers must validate the chain to a trust anchor and check the subject; using the leaf's key directly lets anyone sign with a self-made certificate.`,
      remediation:
        'Validate the chain against a pinned trust anchor and expected subject, or resolve the key from configuration instead.',
      location: { segment, path: 'x5c' },
      reference: 'RFC 7515 §4.1.6, RFC 8725 §3.10',
    })
  }
  return findings
}

const traversal = /(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[A-Za-z]:[\\/]|%2e%2e|%2f|%5c|\/dev\/|\/etc\/|\/proc\/|\0/i
// "--" only as a comment ("-- " or at the end): base64url thumbprints used as kids can contain "--".
const sqlMeta = /'|"|;|--(\s|$)|\/\*|\*\/|\b(union|select|insert|update|delete|drop|or|and|sleep|benchmark)\b[\s(]/i
const shellMeta = /[|&;`$<>]|\$\(|\|\||&&|\n|\r/

function kidFindings({ header, segment }: HeaderView): Finding[] {
  const kid = header.kid
  if (kid === undefined) return []
  const location = { segment, path: 'kid' }
  if (typeof kid !== 'string') {
    return [
      {
        id: 'kid-invalid',
        severity: 'low',
        title: '"kid" is not a string',
        message: `"kid" in the ${segment} is ${quote(kid)}; RFC 7515 requires a string, and key lookups keyed on other types behave unpredictably.`,
        remediation: 'Reject the token, and have the issuer emit string key ids.',
        location,
        reference: 'RFC 7515 §4.1.4',
      },
    ]
  }
  const findings: Finding[] = []
  if (traversal.test(kid)) {
    findings.push({
      id: 'kid-path-traversal',
      severity: 'high',
      title: 'Path traversal in "kid"',
      message: `"kid" in the ${segment} is ${quote(kid)}, which looks like a file path. Verifiers that load the key from a file named by "kid" can be pointed at a predictable file (e.g. /dev/null, an empty key) and accept a forged HMAC.`,
      remediation: 'Look keys up by exact match in a key set; never build file paths from "kid".',
      location,
      reference: 'RFC 8725 §3.10',
    })
  }
  const sql = sqlMeta.test(kid)
  const shell = shellMeta.test(kid)
  if (sql || shell) {
    const kinds = [sql ? 'SQL' : '', shell ? 'shell' : ''].filter(Boolean).join(' and ')
    findings.push({
      id: 'kid-injection',
      severity: 'high',
      title: `${kinds} metacharacters in "kid"`,
      message: `"kid" in the ${segment} is ${quote(kid)}, which contains ${kinds} metacharacters. A verifier that puts "kid" into a query or a command can be made to return an attacker-chosen key (or run code).`,
      remediation:
        'Use "kid" only as an exact-match lookup key, with parameterised queries; reject key ids outside a strict pattern such as [A-Za-z0-9._-]{1,128}.',
      location,
      reference: 'RFC 8725 §3.10',
    })
  }
  return findings
}
