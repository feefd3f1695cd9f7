import { decodeJsonSegment } from './candidates'

/**
 * Finds JWS and JWE JSON serializations (RFC 7515 §7.2, RFC 7516 §7.2) inside parsed JSON: any
 * object, at any depth up to `maxDepth`, that carries the members of one. False-positive rules:
 *
 * - JWS: a string "payload" and either a string "signature" (flattened) or a non-empty array
 *   "signatures" of objects each with a string "signature" (general); every "protected" present
 *   decodes to a JSON object, and some header (protected or unprotected) names a string "alg".
 * - JWE: string "ciphertext", "iv" and "tag", and a "protected" that decodes to a JSON object with
 *   "enc" (or an "unprotected" object with "enc").
 *
 * The token reported is the object re-serialized with only its JOSE members, in a fixed order, so
 * the same object found in two files de-duplicates to one token.
 */

export interface JsonSerializationHit {
  token: string
  kind: 'jws-json' | 'jwe-json'
  /** JSON pointer-ish path of the object inside the value, e.g. "$.auth.token" */
  path: string
}

export const defaultMaxJsonDepth = 64

const jwsMembers = ['payload', 'protected', 'header', 'signature', 'signatures'] as const
const jweMembers = [
  'protected',
  'unprotected',
  'header',
  'encrypted_key',
  'recipients',
  'aad',
  'iv',
  'ciphertext',
  'tag',
] as const

export function findJsonSerializations(value: unknown, maxDepth = defaultMaxJsonDepth): JsonSerializationHit[] {
  const hits: JsonSerializationHit[] = []
  const visit = (node: unknown, path: string, depth: number) => {
    if (depth > maxDepth || node === null || typeof node !== 'object') return
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`, depth + 1))
      return
    }
    const object = node as Record<string, unknown>
    const kind = jsonSerializationKind(object)
    if (kind) {
      hits.push({ token: jsonSerializationToken(object, kind), kind, path })
      return
    }
    for (const [key, child] of Object.entries(object)) visit(child, `${path}.${key}`, depth + 1)
  }
  visit(value, '$', 0)
  return hits
}

/** Which serialization `object` itself is under the rules above (its members only), or null. */
export function jsonSerializationKind(object: Record<string, unknown>): 'jws-json' | 'jwe-json' | null {
  return jwsJsonLike(object) ? 'jws-json' : jweJsonLike(object) ? 'jwe-json' : null
}

/** The token reported for a serialization: its JOSE members only, in a fixed order. */
export function jsonSerializationToken(object: Record<string, unknown>, kind: 'jws-json' | 'jwe-json'): string {
  return JSON.stringify(pick(object, kind === 'jws-json' ? jwsMembers : jweMembers))
}

function jwsJsonLike(object: Record<string, unknown>): boolean {
  if (typeof object.payload !== 'string') return false
  const signatures =
    typeof object.signature === 'string'
      ? [object]
      : Array.isArray(object.signatures) && object.signatures.length > 0
        ? object.signatures
        : null
  if (!signatures) return false
  return signatures.every((entry) => {
    if (entry === null || typeof entry !== 'object' || typeof (entry as Record<string, unknown>).signature !== 'string')
      return false
    const { protected: protectedRaw, header } = entry as Record<string, unknown>
    const decoded = protectedRaw === undefined ? {} : protectedHeader(protectedRaw)
    if (decoded === null) return false
    const unprotected = header !== null && typeof header === 'object' ? (header as Record<string, unknown>) : {}
    return typeof decoded.alg === 'string' || typeof unprotected.alg === 'string'
  })
}

function jweJsonLike(object: Record<string, unknown>): boolean {
  if (typeof object.ciphertext !== 'string' || typeof object.iv !== 'string' || typeof object.tag !== 'string')
    return false
  const decoded = object.protected === undefined ? {} : protectedHeader(object.protected)
  if (decoded === null) return false
  const unprotected =
    object.unprotected !== null && typeof object.unprotected === 'object'
      ? (object.unprotected as Record<string, unknown>)
      : {}
  return typeof decoded.enc === 'string' || typeof unprotected.enc === 'string'
}

function protectedHeader(raw: unknown): Record<string, unknown> | null {
  return typeof raw === 'string' && /^[A-Za-z0-9_-]+$/.test(raw) && raw.length % 4 !== 1 ? decodeJsonSegment(raw) : null
}

function pick(object: Record<string, unknown>, members: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const member of members) if (object[member] !== undefined) out[member] = object[member]
  return out
}
