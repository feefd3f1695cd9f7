import { SignetError, isSignetError } from '../errors'
import { decodeBase64url } from '../encoding/base64url'
import { defaultStatusListLimits, type StatusListLimits } from './limits'
import { byteLength, PackedStatuses } from './packed'
import { isStatusBits, statusKind, type StatusBits } from './status-types'
import { describeW3cBitstring } from './w3c'
import { zlibDecompress } from './zlib'
import { plural } from '../text/plural'
import { formatBytes } from '../text/format-bytes'

export interface DecodeStatusListOptions {
  /**
   * The number of entries, when the caller knows it (a managed list). Then the byte length must
   * match exactly and the unused bits of the last byte must be zero. Without it, the size is
   * everything the bytes can hold (bytes × 8 / bits), as a Relying Party sees it.
   */
  size?: number
  limits?: Partial<StatusListLimits>
}

export interface ReservedEntry {
  index: number
  value: number
}

export interface DecodedStatusList {
  packed: PackedStatuses
  bits: StatusBits
  size: number
  /** the first 100 entries holding a reserved value (draft §7.1), reported rather than refused */
  reserved: ReservedEntry[]
  /** how many entries hold a reserved value in all */
  reservedCount: number
}

const reportedReserved = 100

/**
 * Decodes `{bits, lst}` (draft-ietf-oauth-status-list-19 §4.1, §4.2): the exact inverse of
 * encodeStatusList, validating every step.
 *
 * Errors: ERR_STATUS_LIST_BITS; ERR_STATUS_LIST_COMPRESSED_TOO_LARGE (lst longer than
 * limits.maxLstChars); ERR_STATUS_LIST_ENCODING (lst not a string of strict base64url);
 * ERR_STATUS_LIST_W3C_FORMAT (a W3C Bitstring Status List); ERR_STATUS_LIST_ZLIB;
 * ERR_STATUS_LIST_TOO_LARGE (decompresses beyond limits.maxBytes); ERR_STATUS_LIST_LENGTH (empty, or
 * not the length `size` needs); ERR_STATUS_LIST_PADDING (bits past `size` are set).
 */
export function decodeStatusList(
  input: { bits: unknown; lst: unknown },
  options: DecodeStatusListOptions = {},
): DecodedStatusList {
  const limits = { ...defaultStatusListLimits, ...options.limits }
  const { bits, lst } = input
  if (!isStatusBits(bits))
    throw new SignetError(
      'ERR_STATUS_LIST_BITS',
      `status_list.bits must be 1, 2, 4 or 8 (draft-ietf-oauth-status-list §4.2), not ${JSON.stringify(bits) ?? 'missing'}.`,
    )
  if (typeof lst !== 'string')
    throw new SignetError(
      'ERR_STATUS_LIST_ENCODING',
      `status_list.lst must be a base64url string, not ${lst === undefined ? 'missing' : typeof lst}.`,
    )
  if (lst.length > limits.maxLstChars) {
    throw new SignetError(
      'ERR_STATUS_LIST_COMPRESSED_TOO_LARGE',
      `status_list.lst is ${plural(lst.length, 'character')}, more than the ${plural(limits.maxLstChars, 'character')} Signet reads.`,
    )
  }
  const w3c = describeW3cBitstring(lst)
  if (w3c) throw new SignetError('ERR_STATUS_LIST_W3C_FORMAT', w3c, { segment: 'lst' })
  let compressed: Uint8Array
  try {
    compressed = decodeBase64url(lst, 'status_list.lst').bytes
  } catch (error) {
    throw new SignetError(
      'ERR_STATUS_LIST_ENCODING',
      isSignetError(error) ? error.message : 'status_list.lst is not base64url.',
      { segment: 'lst' },
    )
  }
  const bytes = zlibDecompress(compressed, limits.maxBytes)
  if (bytes.length === 0)
    throw new SignetError(
      'ERR_STATUS_LIST_LENGTH',
      'The status list decompresses to no bytes at all: it holds no statuses.',
    )
  let size = (bytes.length * 8) / bits
  if (options.size !== undefined) {
    const expected = byteLength(bits, options.size)
    if (bytes.length !== expected) {
      throw new SignetError(
        'ERR_STATUS_LIST_LENGTH',
        `The status list has ${formatBytes(bytes.length)}, but ${options.size} entries of ${plural(bits, 'bit')} need exactly ${expected}.`,
      )
    }
    const usedBits = (options.size * bits) % 8
    if (usedBits !== 0 && bytes[bytes.length - 1]! >> usedBits !== 0) {
      throw new SignetError(
        'ERR_STATUS_LIST_PADDING',
        `The last byte of the status list sets bits beyond entry ${options.size - 1}, the last one; padding bits must be zero.`,
      )
    }
    size = options.size
  }
  const packed = new PackedStatuses(bits, size, bytes)
  const { reserved, reservedCount } = findReserved(packed)
  return { packed, bits, size, reserved, reservedCount }
}

function findReserved(packed: PackedStatuses): { reserved: ReservedEntry[]; reservedCount: number } {
  const reserved: ReservedEntry[] = []
  let reservedCount = 0
  // 1- and 2-bit lists cannot hold a reserved value (0–3 are all defined).
  if (packed.bits < 4) return { reserved, reservedCount }
  const perByte = 8 / packed.bits
  for (let byte = 0; byte < packed.bytes.length; byte++) {
    if (packed.bytes[byte] === 0) continue
    for (let slot = 0; slot < perByte; slot++) {
      const index = byte * perByte + slot
      if (index >= packed.size) break
      const value = packed.get(index)
      if (statusKind(value) !== 'reserved') continue
      reservedCount++
      if (reserved.length < reportedReserved) reserved.push({ index, value })
    }
  }
  return { reserved, reservedCount }
}
