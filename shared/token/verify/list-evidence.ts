import type { JsonObject } from '../../encoding/json'
import type { KeySource } from '../../key-material/types'
import type { Policy } from '../../validation-policy/policy'
import { readStatusReference } from '../../status-list/token'
import type { Check } from './check'
import type { ListEvidence, ListTexts } from './list-checks'
import { prepareRevocationList, revocationListChecks, type RevocationListEvidence } from './revocation-check'
import { prepareStatusList, statusListChecks, type StatusListEvidence } from './status-check'

/**
 * The revocation evidence of a run over many tokens (`signet verify --tokens`, `signet scan`):
 * every Status List Token (draft-ietf-oauth-status-list-19 §8.3) and Signet revocation list given,
 * decoded and signature-verified ONCE with the tokens' key source, then checked against each
 * token's claims synchronously. The checks and their order are those of `signet verify TOKEN
 * --status-list … --revocations …`: every status list in the order given, then every revocation list.
 * This half loads the list decoders (zod, ZLIB): callers import it only when a list is given; the
 * per-token half is list-checks.ts.
 */

export type { ListEvidence, ListTexts } from './list-checks'

export interface PreparedListEvidence extends ListEvidence {
  statusLists: StatusListEvidence[]
  revocationLists: RevocationListEvidence[]
}

/** True when no list is given: the run checks nothing beside the tokens' own traces. */
export function noLists(texts: ListTexts | null | undefined): boolean {
  return !texts || (texts.statusLists.length === 0 && texts.revocationLists.length === 0)
}

/**
 * Decodes and verifies every list once with `source` (the tokens' keys) under `policy`'s algorithms
 * and HMAC minimum. A list that cannot be read or verified is not an error here: its checks fail
 * on every token, as they do for one token.
 *
 * @returns null when no list is given
 */
export async function prepareListEvidence(
  texts: ListTexts | null | undefined,
  source: KeySource | null,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
): Promise<PreparedListEvidence | null> {
  if (!texts || noLists(texts)) return null
  const statusLists: StatusListEvidence[] = []
  for (const text of texts.statusLists) statusLists.push(await prepareStatusList(text, source, policy))
  const revocationLists: RevocationListEvidence[] = []
  for (const text of texts.revocationLists) revocationLists.push(await prepareRevocationList(text, source, policy))
  const evidence = { statusLists, revocationLists }
  if (texts.match === 'by-reference')
    return { ...evidence, checks: (claims, at, skew) => listChecks(claims, referencedBy(claims, evidence), at, skew) }
  return { ...evidence, checks: (claims, at, skew) => listChecks(claims, evidence, at, skew) }
}

/**
 * The list checks of a token with `claims` at `at` (NumericDate seconds), `skew` seconds of
 * tolerance: status-list-* / status-index / status per status list, then revocation-list-* /
 * revoked per revocation list.
 */
export function listChecks(
  claims: JsonObject | null,
  evidence: Pick<PreparedListEvidence, 'statusLists' | 'revocationLists'>,
  at: number,
  skew: number,
): Check[] {
  const checks: Check[] = []
  for (const list of evidence.statusLists) checks.push(...statusListChecks(claims, list, at, skew))
  for (const list of evidence.revocationLists) checks.push(...revocationListChecks(claims, list, at, skew))
  return checks
}

/** The lists that speak of a token: status lists whose sub is its status uri, revocation lists of its iss. */
export function referencedBy(
  claims: JsonObject | null,
  evidence: Pick<PreparedListEvidence, 'statusLists' | 'revocationLists'>,
): Pick<PreparedListEvidence, 'statusLists' | 'revocationLists'> {
  let uri: string | undefined
  try {
    uri = claims ? readStatusReference(claims)?.uri : undefined
  } catch {
    uri = undefined
  }
  const iss = typeof claims?.iss === 'string' ? claims.iss : undefined
  return {
    statusLists: uri === undefined ? [] : evidence.statusLists.filter((list) => list.claims?.sub === uri),
    revocationLists: iss === undefined ? [] : evidence.revocationLists.filter((list) => list.claims?.iss === iss),
  }
}
