import { SignetError } from '#shared/errors'

/**
 * The status-list commands' shared argument parsers (the standalone codec commands in status-list.ts
 * and the managed lists in status-list-managed.ts), in their own module so neither command file
 * imports the other back.
 */

/** `--bits`: 1, 2, 4 or 8 bits per status (draft-ietf-oauth-status-list §4.1); ERR_STATUS_LIST_BITS otherwise. */
export function parseBits(text: string): number {
  if (!/^[1248]$/.test(text)) throw new SignetError('ERR_STATUS_LIST_BITS', `--bits takes 1, 2, 4 or 8, not "${text}".`)
  return Number(text)
}

/** An index into a list: a whole number from 0 (at most 10 digits); ERR_USAGE otherwise. */
export function parseIndex(text: string): number {
  if (!/^\d{1,10}$/.test(text)) throw new SignetError('ERR_USAGE', `An index is a whole number from 0, not "${text}".`)
  return Number(text)
}
