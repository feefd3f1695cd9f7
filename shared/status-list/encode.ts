import { SignetError } from '../errors'
import { encodeBase64url } from '../encoding/base64url'
import { maxStatusListSize } from './limits'
import { PackedStatuses } from './packed'
import { isStatusBits, maxStatus, statusKind, type StatusBits } from './status-types'
import { zlibCompress } from './zlib'
import { plural } from '../text/plural'

/** The JSON Status List (draft-ietf-oauth-status-list-19 §4.2): the `status_list` claim's core. */
export interface StatusListJson {
  bits: StatusBits
  lst: string
  aggregation_uri?: string
}

/**
 * Compresses a packed list into `{bits, lst}` (draft §4.1 step 3, §4.2): ZLIB at level 9, then
 * base64url without padding.
 */
export function encodeStatusList(packed: PackedStatuses): StatusListJson {
  return { bits: packed.bits, lst: encodeBase64url(zlibCompress(packed.bytes)) }
}

export interface EncodeStatusesOptions {
  /** accept reserved status values (draft §7.1); default false, so a typo cannot mint one */
  allowReserved?: boolean
}

/**
 * Packs and compresses an array of statuses, index i being statuses[i].
 * Errors: ERR_STATUS_LIST_BITS (bits not 1, 2, 4 or 8), ERR_STATUS_LIST_TOO_MANY_STATUSES (more
 * than 2^24), ERR_STATUS_LIST_VALUE (not an integer, too wide for `bits`, or reserved).
 */
export function encodeStatuses(
  statuses: ArrayLike<unknown>,
  bits: number,
  options: EncodeStatusesOptions = {},
): StatusListJson {
  if (!isStatusBits(bits))
    throw new SignetError(
      'ERR_STATUS_LIST_BITS',
      `bits must be 1, 2, 4 or 8 (draft-ietf-oauth-status-list §4.1), not ${String(bits)}.`,
    )
  if (statuses.length > maxStatusListSize) {
    throw new SignetError(
      'ERR_STATUS_LIST_TOO_MANY_STATUSES',
      `${plural(statuses.length, 'status', 'statuses')} is more than the ${plural(maxStatusListSize, 'status', 'statuses')} Signet encodes in one list; split them across several lists.`,
    )
  }
  if (statuses.length === 0)
    throw new SignetError('ERR_STATUS_LIST_VALUE', 'The list of statuses is empty: give at least one.')
  const packed = new PackedStatuses(bits, statuses.length)
  for (let index = 0; index < statuses.length; index++) {
    const value = statuses[index]
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > maxStatus(bits)) {
      throw new SignetError(
        'ERR_STATUS_LIST_VALUE',
        `Status at index ${index} is ${JSON.stringify(value)}; with ${plural(bits, 'bit')} per entry it must be an integer 0–${maxStatus(bits)}.`,
      )
    }
    if (!options.allowReserved && statusKind(value) === 'reserved') {
      throw new SignetError(
        'ERR_STATUS_LIST_VALUE',
        `Status at index ${index} is 0x${value.toString(16)}, a reserved value (draft §7.1: only 0x00–0x03 and 0x0C–0x0F are defined). Use a defined value, or allow reserved ones explicitly.`,
      )
    }
    if (value !== 0) packed.set(index, value)
  }
  return encodeStatusList(packed)
}
