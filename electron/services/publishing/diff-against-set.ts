import type { JwksDiffResult } from '#shared/contract/publishing'
import { parseJson } from '#shared/encoding/json'
import { SignetError } from '#shared/errors'
import { diffJwks } from '#shared/jwks/diff'
import { checkJwksTextSize } from '#shared/jwks/size'
import type { ServiceContext } from '../context'
import { requireSet } from '../managed-keys/repository'
import { readPublishedJwks } from './published-jwks'

/**
 * jwks:diff: what publishing the set would change where `jwks` is served now — keys added, removed
 * (each removal judged by the set's lifecycle at the context's clock: shared/jwks/diff.ts) and
 * changed under the same kid.
 *
 * @param input.jwks any JWKS text, at most 1 MiB of UTF-8 (maxJwksBytes, shared/jwks/size.ts)
 * @throws SignetError ERR_JWKS_TOO_LARGE, ERR_JWKS_JSON, ERR_JWKS_INVALID (not a JWK Set), ERR_SET_NOT_FOUND
 */
export async function diffAgainstSet(
  context: Pick<ServiceContext, 'store' | 'now'>,
  input: { set: string; jwks: string },
): Promise<JwksDiffResult> {
  checkJwksTextSize(input.jwks)
  let before: unknown
  try {
    before = parseJson(input.jwks, 'JWKS').value
  } catch (error) {
    throw new SignetError(
      'ERR_JWKS_JSON',
      error instanceof SignetError ? error.message : 'The JWKS is not valid JSON.',
      error instanceof SignetError ? error.location : undefined,
    )
  }
  const data = context.store.read()
  const set = requireSet(data, input.set)
  const published = readPublishedJwks(context.store, set.name)
  const after = JSON.parse(published.bytes.toString('utf8')) as unknown
  const diff = await diffJwks(before, after, { keys: data.keys.filter((k) => k.setId === set.id), now: context.now() })
  return { set: set.name, sha256: published.sha256, diff }
}
