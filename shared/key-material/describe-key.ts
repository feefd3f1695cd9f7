import { calculateJwkThumbprint } from 'jose'
import type { CertificateSummary } from './certificate'
import { publicJwk, type ValidatedJwk } from './jwk'
import type { KeyDescription, KeyOrigin } from './types'

/** The description of a validated key that every key panel and trace shows (label, shape, thumbprint). */
export async function describe(
  validated: ValidatedJwk,
  origin: KeyOrigin,
  label: string,
  certificate?: CertificateSummary,
): Promise<KeyDescription> {
  const { jwk, kty } = validated
  const isSecret = kty === 'oct'
  const pub = isSecret ? undefined : publicJwk(jwk)
  const description: KeyDescription = {
    label,
    origin,
    kty,
    fromPrivateKey: !isSecret && validated.isPrivate,
  }
  if (validated.crv !== undefined) description.crv = validated.crv
  if (validated.bits !== undefined) description.bits = validated.bits
  if (jwk.kid !== undefined) description.kid = jwk.kid
  if (jwk.alg !== undefined) description.alg = jwk.alg
  if (jwk.use !== undefined) description.use = jwk.use
  if (jwk.key_ops !== undefined) description.keyOps = [...jwk.key_ops]
  if (pub) {
    description.publicJwk = pub
    description.thumbprint = await calculateJwkThumbprint(pub, 'sha256')
  }
  if (certificate) description.certificate = certificate
  return description
}
