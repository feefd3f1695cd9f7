import { createPublicKey, type JsonWebKey } from 'node:crypto'
import { SignetError } from '#shared/errors'
import type { PublicKeyExport } from '#shared/contract/keys'
import { canonicalJwk } from '#shared/jwks/serialize'
import { audit, keyInfo, requireKey, type KeyContext } from './repository'

/** The public half of a key as JWK, SPKI PEM and RFC 7638 thumbprint. HS keys have none to give. */
export async function exportPublicKey(context: KeyContext, input: { kid: string }): Promise<PublicKeyExport> {
  const data = context.store.read()
  const key = requireKey(data, input.kid)
  if (!key.publicJwk) {
    throw new SignetError(
      'ERR_KEY_SYMMETRIC',
      `"${key.kid}" is an ${key.alg} key: a shared secret has no public part to export, and its secret never leaves the keychain (except inside an encrypted backup).`,
    )
  }
  const jwk = canonicalJwk(key.publicJwk)
  const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString()
  const info = keyInfo(data, key)
  await audit(
    context,
    {
      action: 'key.export-public',
      subject: { set: info.setName, kid: key.kid },
      details: { thumbprint: key.thumbprint },
    },
    [],
  )
  return {
    kid: key.kid,
    alg: key.alg,
    set: info.setName,
    jwk,
    pem,
    thumbprint: key.thumbprint,
    thumbprintUri: `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${key.thumbprint}`,
  }
}
