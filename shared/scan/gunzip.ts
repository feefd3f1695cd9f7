import { Gunzip } from 'fflate'
import { SignetError } from '../errors'
import { GzipBudget } from './gzip-budget'

/**
 * gzip (RFC 1952, one member or several) decompressed as a stream in pure JS (fflate), for the
 * app's Scan worker; `signet scan` uses node:zlib under the same budget (gzip-budget.ts).
 *
 * fflate inflates each pushed piece whole before it hands the output over, and its output buffer
 * grows by copying, so the compressed input is pushed in pieces: one piece can inflate to at most
 * ~1032 times its size (deflate's ceiling). Pieces are 1 KiB (≤ ~1 MiB out) while the input is new
 * or inflating more than 50 times, 16 KiB otherwise — measured here on 38 MB of logs (~13:1),
 * 16 KiB pieces took 0.9 s against 7.5 s for 1 KiB ones, and on a 32 MiB gzip bomb 1 KiB pieces
 * took 1.5 s against 5 s for 16 KiB ones.
 *
 * @param chunks the compressed bytes
 * @param where the input as the user names it, quoted
 * @param compressedSize the file's size when known
 * @throws SignetError ERR_SCAN_GZIP_TOO_LARGE past the budget, ERR_FILE_UNREADABLE when the data is not gzip or is cut short
 */
export async function* gunzipChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  where: string,
  compressedSize?: number,
): AsyncGenerator<Uint8Array> {
  const budget = new GzipBudget(where, compressedSize)
  let out: Uint8Array[] = []
  const gunzip = new Gunzip((data) => {
    budget.decompressed += data.length
    budget.check()
    out.push(data)
  })
  const push = (piece: Uint8Array, final: boolean) => {
    try {
      gunzip.push(piece, final)
    } catch (error) {
      if (error instanceof SignetError) throw error
      throw new SignetError('ERR_FILE_UNREADABLE', `Cannot read ${where}: the gzip data is corrupt or cut short.`, {
        segment: where,
      })
    }
  }
  for await (const chunk of chunks) {
    for (let start = 0; start < chunk.length;) {
      const size =
        budget.compressed < warmUpBytes || budget.decompressed > highRatio * budget.compressed ? smallPiece : largePiece
      const piece = chunk.subarray(start, start + size)
      start += piece.length
      budget.compressed += piece.length
      push(piece, false)
      if (out.length > 0) {
        const ready = out
        out = []
        yield* ready
      }
    }
  }
  push(new Uint8Array(0), true)
  yield* out
}

const smallPiece = 1024
const largePiece = 16 * 1024
/** compressed bytes pushed in small pieces before the ratio so far is trusted */
const warmUpBytes = 64 * 1024
const highRatio = 50
