/**
 * The compact texts status-list audit entries carry (an audit detail is a flat string, number or
 * flag): written by electron/services/revocations/ and read back by the history views, in one place
 * so the two cannot drift apart.
 *
 * - `status-list.set` `indexes`: "idx:from>to" per changed index, comma-separated ("5:0>1,9:2>1");
 * - `status-list.revoke-signed-by` `lists`: "name:count" per list, comma-separated ("tokens:3").
 */

/** One status change of an index: statuses as their values (draft-ietf-oauth-status-list §7.1). */
export interface AuditedStatusChange {
  idx: number
  from: number
  to: number
}

/** "5:0>1,9:2>1" from the changes, in their order. */
export function formatStatusChanges(changes: readonly AuditedStatusChange[]): string {
  return changes.map((c) => `${c.idx}:${c.from}>${c.to}`).join(',')
}

/** Each entry of formatStatusChanges' text: the change, or the text itself where it does not read as one. */
export function parseStatusChanges(text: string): (AuditedStatusChange | string)[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const match = /^(\d+):(\d+)>(\d+)$/.exec(item)
      return match ? { idx: Number(match[1]), from: Number(match[2]), to: Number(match[3]) } : item
    })
}

/** "tokens:3,legacy:1": how many indexes each list changed. */
export function formatListCounts(lists: readonly { list: string; count: number }[]): string {
  return lists.map((l) => `${l.list}:${l.count}`).join(',')
}

/** Each entry of formatListCounts' text (a list name may itself hold ":"; the count is after the last). */
export function parseListCounts(text: string): ({ list: string; count: string } | string)[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const at = item.lastIndexOf(':')
      return at > 0 ? { list: item.slice(0, at), count: item.slice(at + 1) } : item
    })
}
