import { createHmac } from 'node:crypto'
import { encodeBase64url } from '#shared/encoding/base64url'
import type { Finding } from '#shared/token/lint'

/** Test tokens built from parts, so each test states exactly the header and claims it lints. */

export const b64 = (text: string) => encodeBase64url(new TextEncoder().encode(text))
export const json = (value: unknown) => b64(JSON.stringify(value))

/** A compact JWS with an arbitrary (not verifying) signature. */
export function compact(
  header: unknown,
  claims: unknown,
  signature = 'c2lnbmF0dXJlLWJ5dGVzLXRoYXQtYXJlLTMyLWxvbmchIQ',
): string {
  return `${json(header)}.${json(claims)}.${signature}`
}

const nodeAlgs = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const

/** A compact JWS really signed with HMAC (node:crypto, independent of the code under test). */
export function hmacToken(
  header: Record<string, unknown>,
  claims: unknown,
  key: string | Buffer,
  alg: keyof typeof nodeAlgs = 'HS256',
): string {
  const input = `${json({ alg, ...header })}.${json(claims)}`
  const signature = createHmac(nodeAlgs[alg], key).update(input).digest()
  return `${input}.${encodeBase64url(signature)}`
}

export const ids = (findings: Finding[]) => findings.map((f) => f.id)
export const find = (findings: Finding[], id: string) => findings.find((f) => f.id === id)

/** A fixed evaluation time: 2024-05-01T12:00:00Z. */
export const now = 1714564800
