import { Unzlib, unzlibSync, zlibSync } from 'fflate'
import { SignetError } from '../errors'
import { formatBytes } from '../text/format-bytes'

/**
 * DEFLATE in the ZLIB format (RFC 1951 inside RFC 1950) as the Token Status List requires
 * (draft-ietf-oauth-status-list-19 §4.1 step 3), through fflate: pure JS, so it runs in shared/.
 */

/** ZLIB at level 9, "the highest compression level available" (the draft's RECOMMENDED). */
export function zlibCompress(bytes: Uint8Array): Uint8Array {
  return zlibSync(bytes, { level: 9 })
}

/**
 * DEFLATE cannot expand more than 1032-fold (a 258-byte match per ~2 bits, RFC 1951 §3.2.5), so a
 * stream of n bytes inflates to at most 1032·n: the bound that lets a small stream be inflated in
 * one call and sizes the slices of a big one.
 */
const maxExpansion = 1032

/** The smallest slice a big stream is fed in (a tiny budget would otherwise make slices of a few bytes). */
const minSliceBytes = 1024

/**
 * Inflates a ZLIB stream, refusing to produce more than `maxBytes` (ERR_STATUS_LIST_TOO_LARGE) and
 * checking the header (RFC 1950 §2.2) and the Adler-32 trailer (§2.2, §9), which fflate's inflate
 * does not verify itself. Errors: ERR_STATUS_LIST_ZLIB for anything that is not one whole,
 * intact ZLIB stream.
 *
 * Speed with the budget kept: a stream whose worst-case expansion fits the budget (every real list:
 * 16 KiB of compressed data under the default 16 MiB) is inflated in one call; a bigger one is fed
 * in slices of maxBytes / 1032 bytes, so one slice can overshoot the budget by at most maxBytes
 * before the check refuses it — memory stays under twice the budget. (Slices of 1 KiB, as before,
 * cost up to 2× on a 2^20-entry list for no extra safety: see test/bench/status-list.ts.)
 */
export function zlibDecompress(data: Uint8Array, maxBytes: number): Uint8Array {
  checkHeader(data)
  const out = data.length * maxExpansion <= maxBytes ? inflateWhole(data) : inflateSliced(data, maxBytes)
  if (out.length > maxBytes) throw tooLarge(maxBytes)
  const expected =
    ((data[data.length - 4]! << 24) |
      (data[data.length - 3]! << 16) |
      (data[data.length - 2]! << 8) |
      data[data.length - 1]!) >>>
    0
  if (adler32(out) !== expected) {
    throw new SignetError(
      'ERR_STATUS_LIST_ZLIB',
      "The status list's ZLIB checksum (Adler-32) does not match its content: the list was altered or truncated.",
    )
  }
  return out
}

function inflateWhole(data: Uint8Array): Uint8Array {
  try {
    return unzlibSync(data)
  } catch (error) {
    throw invalid(error)
  }
}

function inflateSliced(data: Uint8Array, maxBytes: number): Uint8Array {
  const sliceBytes = Math.max(minSliceBytes, Math.floor(maxBytes / maxExpansion))
  const chunks: Uint8Array[] = []
  let total = 0
  let ended = false
  const inflater = new Unzlib((chunk, final) => {
    total += chunk.length
    if (total > maxBytes) throw tooLarge(maxBytes)
    chunks.push(chunk)
    if (final) ended = true
  })
  try {
    for (let at = 0; at < data.length; at += sliceBytes) {
      inflater.push(data.subarray(at, at + sliceBytes), at + sliceBytes >= data.length)
    }
  } catch (error) {
    if (error instanceof SignetError) throw error
    throw invalid(error)
  }
  if (!ended)
    throw new SignetError(
      'ERR_STATUS_LIST_ZLIB',
      "The status list's ZLIB stream ends before its last DEFLATE block: it was truncated.",
    )
  return concat(chunks, total)
}

function tooLarge(maxBytes: number): SignetError {
  return new SignetError(
    'ERR_STATUS_LIST_TOO_LARGE',
    `The status list decompresses to more than ${formatBytes(maxBytes)}, the limit for a list Signet reads. ` +
      'A genuine list that large is unusual; a hostile one would exhaust memory.',
  )
}

function invalid(error: unknown): SignetError {
  const reason = error instanceof Error ? error.message : String(error)
  if (/unexpected EOF/i.test(reason))
    return new SignetError(
      'ERR_STATUS_LIST_ZLIB',
      "The status list's ZLIB stream ends before its last DEFLATE block: it was truncated.",
    )
  return new SignetError('ERR_STATUS_LIST_ZLIB', `The status list is not a valid ZLIB/DEFLATE stream (${reason}).`)
}

function checkHeader(data: Uint8Array): void {
  if (data.length < 6)
    throw new SignetError(
      'ERR_STATUS_LIST_ZLIB',
      `The status list is ${formatBytes(data.length)} long, too short for a ZLIB stream (header, data and checksum need at least 6).`,
    )
  const cmf = data[0]!
  const flg = data[1]!
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
    throw new SignetError(
      'ERR_STATUS_LIST_ZLIB',
      `The status list does not start with a ZLIB header (bytes 0x${hex(cmf)} 0x${hex(flg)}; a DEFLATE ZLIB stream usually starts 0x78). The draft requires DEFLATE in the ZLIB format (RFC 1950).`,
    )
  }
  if (flg & 0x20)
    throw new SignetError(
      'ERR_STATUS_LIST_ZLIB',
      "The status list's ZLIB stream needs a preset dictionary, which the Token Status List does not allow.",
    )
}

function adler32(bytes: Uint8Array): number {
  let a = 1
  let b = 0
  // 5552 is the largest run before the sums can overflow 2^32 (RFC 1950 §9, zlib's NMAX).
  for (let at = 0; at < bytes.length; at += 5552) {
    const end = Math.min(at + 5552, bytes.length)
    for (let i = at; i < end; i++) {
      a += bytes[i]!
      b += a
    }
    a %= 65521
    b %= 65521
  }
  return ((b << 16) | a) >>> 0
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

const hex = (byte: number) => byte.toString(16).padStart(2, '0')
