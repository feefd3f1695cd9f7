import { parseCertificate } from '../../../key-material/certificate'
import { parseSpki } from '../../../key-material/pem'
import { encodeBase64url } from '../../../encoding/base64url'
import { lenientBytes } from '../material'
import { finding, keyName, type JwksFinding, type KeyView } from '../types'
import { formatBytes } from '../../../text/format-bytes'

/**
 * A key's certificate members (RFC 7517 §4.7–4.9): the first certificate of "x5c" must hold the very
 * key the JWK states, and "x5t" / "x5t#S256" must be the SHA-1 / SHA-256 of that certificate's DER.
 * A mismatch means a verifier that trusts the chain and one that trusts the JWK use different keys.
 */

/** A chain longer than this, or a certificate larger, is not looked at further (budget). */
export const maxX5cCertificates = 10
export const maxCertificateBytes = 64 * 1024

export async function x5cRules(key: KeyView): Promise<JwksFinding[]> {
  const { jwk } = key
  const x5c = jwk.x5c
  const thumbprints = ['x5t', 'x5t#S256'].filter((name) => typeof jwk[name] === 'string')
  if (x5c === undefined) return []
  const invalid = (member: string, why: string) =>
    finding(
      key,
      'x5c-invalid',
      member,
      `"x5c" of ${keyName(key)} ${why}.`,
      "Publish the certificate chain as an array of standard base64 (padded, not base64url) DER certificates, the key's own certificate first (RFC 7517 §4.7).",
    )
  if (!Array.isArray(x5c) || x5c.length === 0) return [invalid('x5c', 'must be a non-empty array')]
  if (x5c.length > maxX5cCertificates)
    return [invalid('x5c', `has ${x5c.length} certificates, more than the ${maxX5cCertificates} this lint reads`)]
  const out: JwksFinding[] = []
  for (const [index, entry] of x5c.entries()) {
    if (typeof entry !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(entry) || entry.length % 4 !== 0) {
      out.push({
        ...invalid('x5c', `entry ${index} is not a standard base64 string`),
        pointer: `${key.pointer}/x5c/${index}`,
      })
    } else if ((entry.length / 4) * 3 > maxCertificateBytes) {
      out.push({
        ...invalid('x5c', `entry ${index} is larger than ${formatBytes(maxCertificateBytes)}`),
        pointer: `${key.pointer}/x5c/${index}`,
      })
    }
  }
  if (out.length) return out
  const der = Uint8Array.from(atob(x5c[0] as string), (ch) => ch.charCodeAt(0))
  let leafSpki: Uint8Array
  try {
    leafSpki = (await parseCertificate(der, 'x5c[0]')).spki
  } catch (error) {
    return [
      {
        ...invalid('x5c', `entry 0 is not an X.509 certificate: ${(error as Error).message}`),
        pointer: `${key.pointer}/x5c/0`,
      },
    ]
  }
  const certKey = await spkiToJwk(leafSpki)
  if (certKey === null) {
    out.push({
      ...invalid('x5c', 'has a first certificate whose key type Signet cannot read'),
      pointer: `${key.pointer}/x5c/0`,
    })
  } else if (!sameKey(jwk, certKey)) {
    out.push({
      ...finding(
        key,
        'x5c-key-mismatch',
        'x5c',
        `The first certificate of "x5c" in ${keyName(key)} holds a different key (${describe(certKey)}) than the JWK (${describe(jwk)}).`,
        'Publish the certificate issued for this key, or drop "x5c" (and "x5t") from the JWK.',
      ),
      pointer: `${key.pointer}/x5c/0`,
    })
  }
  for (const name of thumbprints) {
    const algorithm = name === 'x5t' ? 'SHA-1' : 'SHA-256'
    const expected = encodeBase64url(new Uint8Array(await crypto.subtle.digest(algorithm, der.slice())))
    if (jwk[name] !== expected) {
      out.push(
        finding(
          key,
          name === 'x5t' ? 'x5t-mismatch' : 'x5t-s256-mismatch',
          name,
          `"${name}" of ${keyName(key)} is not the ${algorithm} thumbprint of the first "x5c" certificate (expected ${expected}).`,
          `Recompute "${name}" as base64url(${algorithm}(DER of x5c[0])) or drop it.`,
        ),
      )
    }
  }
  return out
}

/** The certificate's key as JWK members (kty, crv, n/e or x/y), or null when WebCrypto cannot read it. */
async function spkiToJwk(der: Uint8Array): Promise<Record<string, unknown> | null> {
  try {
    const { info } = parseSpki(der, "the certificate's key")
    const algorithm =
      info.kty === 'RSA'
        ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
        : info.kty === 'EC'
          ? { name: 'ECDSA', namedCurve: info.crv! }
          : { name: info.crv! }
    const key = await crypto.subtle.importKey(
      'spki',
      der.slice(),
      algorithm,
      true,
      info.kty === 'OKP' && info.crv === 'X25519' ? [] : ['verify'],
    )
    return (await crypto.subtle.exportKey('jwk', key)) as Record<string, unknown>
  } catch {
    return null
  }
}

/** Compares the key material only, by value: leading zero octets and base64url spelling do not matter. */
function sameKey(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a.kty !== b.kty) return false
  const members = a.kty === 'RSA' ? ['n', 'e'] : a.kty === 'EC' ? ['crv', 'x', 'y'] : ['crv', 'x']
  return members.every((name) => {
    if (name === 'crv') return a.crv === b.crv
    const left = lenientBytes(a[name])
    const right = lenientBytes(b[name])
    if (!left || !right) return false
    return stripZeros(left) === stripZeros(right)
  })
}

function stripZeros(bytes: Uint8Array): string {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  return encodeBase64url(bytes.subarray(i))
}

function describe(jwk: Record<string, unknown>): string {
  const value = typeof jwk.x === 'string' ? jwk.x : typeof jwk.n === 'string' ? jwk.n : ''
  return `${String(jwk.kty)}${typeof jwk.crv === 'string' ? ` ${jwk.crv}` : ''} ${value.slice(0, 12)}…`
}
