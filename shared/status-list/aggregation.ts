import { SignetError } from '../errors'

/**
 * The Status List Aggregation document (draft-ietf-oauth-status-list-19 §9.3, "Status List
 * Aggregation in JSON Format"): `{"status_lists": [uri, …]}`, every Status List Token URI an
 * issuer publishes, served at the `aggregation_uri` so Relying Parties can prefetch them all.
 */
export interface StatusListAggregation {
  status_lists: string[]
}

/**
 * Builds the document from the lists' `uri`s: de-duplicated, sorted so that re-exporting an
 * unchanged set gives the same bytes (reviewable diffs). `set` only names the set in the error.
 * Errors: ERR_STATUS_LIST_NOT_FOUND when the set has no list.
 */
export function statusListAggregation(uris: readonly string[], set: string): StatusListAggregation {
  if (uris.length === 0)
    throw new SignetError(
      'ERR_STATUS_LIST_NOT_FOUND',
      `Set "${set}" has no status lists to aggregate. Create one with "signet status-list create --set ${set}".`,
    )
  return { status_lists: [...new Set(uris)].sort() }
}
