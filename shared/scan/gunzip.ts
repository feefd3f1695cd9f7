import { Gunzip } from 'fflate'
import { SignetError } from '../errors'
import { GzipBudget } from './gzip-budget'

/**
 * gzip (RFC 1952, one member or several) decompressed as a stream in pure JS (fflate), for the
 * app's Scan worker; `signet scan` uses node:zlib under the same budget (gzip-budget.ts).
 *
 * fflate inflates each pushed piece whole before it hands the output over, so the compressed input
 * is pushed in pieces of `pieceBytes`: one piece can inflate to at most ~1032 times its size
 * (deflate's ceiling), which bounds what is held between two budget checks (~16 MiB).
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
    for (let start = 0; start < chunk.length; start += pieceBytes) {
      const piece = chunk.subarray(start, start + pieceBytes)
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

const pieceBytes = 16 * 1024
