import type { SigningAlgorithm } from '#shared/managed-keys/types'

/**
 * A first look at pasted key material, so the import dialog can ask for what it needs (a
 * passphrase, the algorithm of an RSA key) before anything is sent. Only a hint: the main process
 * parses the key for real and has the last word.
 */

export type ImportFormat =
  | 'empty'
  | 'pkcs8'
  | 'pkcs8-encrypted'
  | 'pkcs1'
  | 'pkcs1-encrypted'
  | 'sec1'
  | 'sec1-encrypted'
  | 'jwk-private'
  | 'jwk-public'
  | 'jwks'
  | 'pem-public'
  | 'unknown'

export interface ImportDetection {
  format: ImportFormat
  label: string
  /** the key family, when the text says (PEM labels and JWK kty do) */
  family: 'RSA' | 'EC' | 'OKP' | 'oct' | null
  needsPassphrase: boolean
  /** what is wrong with it for an import, or null */
  problem: string | null
  /** the algorithms that fit the family; all of them when unknown */
  algorithms: SigningAlgorithm[]
}

const byFamily: Record<'RSA' | 'EC' | 'OKP' | 'oct', SigningAlgorithm[]> = {
  RSA: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  EC: ['ES256', 'ES384', 'ES512'],
  OKP: ['EdDSA'],
  oct: ['HS256', 'HS384', 'HS512'],
}
const everyAlgorithm = Object.values(byFamily).flat()

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']

export function detectImportFormat(text: string): ImportDetection {
  const source = text.trim()
  const result = (
    format: ImportFormat,
    label: string,
    family: ImportDetection['family'],
    extra: Partial<ImportDetection> = {},
  ): ImportDetection => ({
    format,
    label,
    family,
    needsPassphrase: false,
    problem: null,
    algorithms: family ? byFamily[family] : everyAlgorithm,
    ...extra,
  })
  if (source === '') return result('empty', 'Nothing yet', null)
  if (source.startsWith('{')) return detectJwk(source, result)
  const labels = [...source.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]!)
  const legacyEncrypted = /Proc-Type:\s*4,ENCRYPTED/.test(source)
  if (labels.includes('ENCRYPTED PRIVATE KEY'))
    return result('pkcs8-encrypted', 'PKCS#8, passphrase-encrypted', null, { needsPassphrase: true })
  if (labels.includes('PRIVATE KEY')) return result('pkcs8', 'PKCS#8', null)
  if (labels.includes('RSA PRIVATE KEY')) {
    return legacyEncrypted
      ? result('pkcs1-encrypted', 'PKCS#1 RSA, passphrase-encrypted', 'RSA', { needsPassphrase: true })
      : result('pkcs1', 'PKCS#1 RSA', 'RSA')
  }
  if (labels.includes('EC PRIVATE KEY')) {
    return legacyEncrypted
      ? result('sec1-encrypted', 'SEC1 EC, passphrase-encrypted', 'EC', { needsPassphrase: true })
      : result('sec1', 'SEC1 EC', 'EC')
  }
  if (labels.some((l) => l === 'PUBLIC KEY' || l === 'RSA PUBLIC KEY' || l === 'CERTIFICATE')) {
    return result('pem-public', 'Public key or certificate', null, {
      problem: 'This is public material; importing a signing key needs its private key.',
    })
  }
  return result('unknown', 'Not recognised', null, {
    problem: 'Paste a PEM private key (-----BEGIN … PRIVATE KEY-----) or a private JWK (a JSON object).',
  })
}

function detectJwk(
  source: string,
  result: (
    format: ImportFormat,
    label: string,
    family: ImportDetection['family'],
    extra?: Partial<ImportDetection>,
  ) => ImportDetection,
): ImportDetection {
  let parsed: unknown
  try {
    parsed = JSON.parse(source)
  } catch {
    return result('unknown', 'JSON that does not parse', null, {
      problem: 'This looks like JSON but does not parse; check for a missing quote or brace.',
    })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return result('unknown', 'Not a JWK', null, { problem: 'A JWK is a JSON object.' })
  const object = parsed as Record<string, unknown>
  if (Array.isArray(object.keys)) {
    if (object.keys.length !== 1)
      return result('jwks', `JWK Set of ${object.keys.length} keys`, null, {
        problem: 'Import one key at a time: paste a single JWK, or a set holding exactly one.',
      })
    return detectJwk(JSON.stringify(object.keys[0]), result)
  }
  const kty = object.kty
  const family = kty === 'RSA' || kty === 'EC' || kty === 'OKP' || kty === 'oct' ? kty : null
  if (!family)
    return result('unknown', 'Not a JWK', null, {
      problem:
        typeof kty === 'string'
          ? `Signet signs with RSA, EC, OKP (Ed25519) and oct keys, not "${kty}".`
          : 'This JSON object has no "kty": it is not a JWK.',
    })
  const isPrivate = privateMembers.some((member) => member in object)
  if (!isPrivate)
    return result('jwk-public', `Public ${family} JWK`, family, {
      problem: 'This JWK has no private members (d, or k for a secret): it is a public key, which cannot sign.',
    })
  const jwkAlg =
    typeof object.alg === 'string' && (everyAlgorithm as string[]).includes(object.alg)
      ? [object.alg as SigningAlgorithm]
      : null
  return result('jwk-private', `Private ${family} JWK`, family, { algorithms: jwkAlg ?? byFamily[family] })
}
