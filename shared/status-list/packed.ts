import { SignetError } from '../errors'
import { maxStatus, type StatusBits } from './status-types'
import { plural } from '../text/plural'

/**
 * The uncompressed Status List byte array (draft-ietf-oauth-status-list-19 §4.1 step 2): each
 * byte holds 8/bits statuses, index 0 in the least significant bits of byte 0.
 */
export class PackedStatuses {
  readonly bits: StatusBits
  readonly bytes: Uint8Array
  /** how many statuses the list holds (indexes 0 … size − 1) */
  readonly size: number

  constructor(bits: StatusBits, size: number, bytes?: Uint8Array) {
    this.bits = bits
    this.size = size
    this.bytes = bytes ?? new Uint8Array(byteLength(bits, size))
  }

  /** The status at `index`; ERR_STATUS_LIST_INDEX when the index is outside 0 … size − 1. */
  get(index: number): number {
    this.check(index)
    const perByte = 8 / this.bits
    const shift = (index % perByte) * this.bits
    return (this.bytes[Math.floor(index / perByte)]! >> shift) & maxStatus(this.bits)
  }

  /** Sets one status; ERR_STATUS_LIST_VALUE when it does not fit in `bits`. */
  set(index: number, value: number): void {
    this.check(index)
    if (!Number.isInteger(value) || value < 0 || value > maxStatus(this.bits)) {
      throw new SignetError(
        'ERR_STATUS_LIST_VALUE',
        `Status ${String(value)} does not fit in ${plural(this.bits, 'bit')} per entry (0–${maxStatus(this.bits)}).`,
      )
    }
    const perByte = 8 / this.bits
    const shift = (index % perByte) * this.bits
    const at = Math.floor(index / perByte)
    this.bytes[at] = (this.bytes[at]! & ~(maxStatus(this.bits) << shift)) | (value << shift)
  }

  /** How many entries hold each status value (only values that occur). */
  counts(): Map<number, number> {
    const counts = new Map<number, number>()
    const mask = maxStatus(this.bits)
    const perByte = 8 / this.bits
    for (let byte = 0; byte < this.bytes.length; byte++) {
      const value = this.bytes[byte]!
      const entries = Math.min(perByte, this.size - byte * perByte)
      if (value === 0) {
        counts.set(0, (counts.get(0) ?? 0) + entries)
        continue
      }
      for (let slot = 0; slot < entries; slot++) {
        const status = (value >> (slot * this.bits)) & mask
        counts.set(status, (counts.get(status) ?? 0) + 1)
      }
    }
    return counts
  }

  private check(index: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.size) {
      throw new SignetError(
        'ERR_STATUS_LIST_INDEX',
        `Index ${String(index)} is outside the list (0–${this.size - 1}, ${this.size} entries).`,
      )
    }
  }
}

/** Bytes needed for `size` statuses of `bits` each, rounded up to whole bytes. */
export function byteLength(bits: StatusBits, size: number): number {
  return Math.ceil((size * bits) / 8)
}
