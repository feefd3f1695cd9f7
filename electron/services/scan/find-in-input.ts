import { open } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { findTokens, type FinderOptions, type HitKind, type TokenHit } from '#shared/scan/finder'
import { defaultHarBudget, harFields, harTooLarge, parseHar, type HarBudget } from '#shared/scan/har'
import { SignetError } from '#shared/errors'
import { ByteTokenFinder } from './byte-finder'
import { openStdin, openText } from './inputs'

/**
 * Finds the tokens of one input (a file, or "-" for standard input) and reports each with its
 * location. Text is streamed chunk by chunk (constant memory) and searched as bytes (byte-finder.ts); a HAR capture (a ".har" or
 * ".har.gz" file) is parsed whole under its size budget and walked field by field.
 */

export type ScanLocation =
  | { file: string; line: number; column: number; percentEncoded?: boolean; jsonPath?: string }
  | { file: string; entry: number; field: string; percentEncoded?: boolean; jsonPath?: string }

export interface FoundToken {
  token: string
  kind: HitKind
  location: ScanLocation
}

export interface InputOutcome {
  file: string
  status: 'scanned' | 'binary' | 'error'
  /** characters of text read (after gunzip) */
  characters: number
  skippedTooLong: number
  error?: { code: string; message: string }
}

export interface FindOptions extends FinderOptions {
  har?: HarBudget
  /** false: read .har files as plain text */
  harAware?: boolean
}

/**
 * @param onTokens each batch of sightings, in input order; when it returns a promise the reading
 *   waits for it (a streamed scan whose output or analysis is behind)
 */
export async function findInInput(
  path: string,
  onTokens: (found: FoundToken[]) => void | Promise<void>,
  options: FindOptions = {},
): Promise<InputOutcome> {
  try {
    if (path !== '-' && options.harAware !== false && /\.har(\.gz)?$/i.test(path))
      return await findInHar(path, onTokens, options)
    const input = path === '-' ? await openStdin() : await openText(path)
    if (input.kind === 'binary') return { file: path, status: 'binary', characters: 0, skippedTooLong: 0 }
    const finder = new ByteTokenFinder(options)
    const emit = (hits: TokenHit[]) => {
      if (hits.length === 0) return
      return onTokens(
        hits.map((hit) => ({
          token: hit.token,
          kind: hit.kind,
          location: { file: path, line: hit.line, column: hit.column, ...extra(hit) },
        })),
      )
    }
    for await (const chunk of input.bytes) await emit(finder.push(chunk))
    await emit(finder.end())
    return { file: path, status: 'scanned', characters: finder.characters, skippedTooLong: finder.stats.skippedTooLong }
  } catch (error) {
    if (error instanceof SignetError)
      return {
        file: path,
        status: 'error',
        characters: 0,
        skippedTooLong: 0,
        error: { code: error.code, message: error.message },
      }
    throw error
  }
}

async function findInHar(
  path: string,
  onTokens: (found: FoundToken[]) => void | Promise<void>,
  options: FindOptions,
): Promise<InputOutcome> {
  const maxBytes = options.har?.maxBytes ?? defaultHarBudget.maxBytes
  const where = `"${path}"`
  let text: string
  try {
    const bytes = await readHarBytes(path, where, maxBytes)
    text = bytes.toString('utf8')
  } catch (error) {
    if (error instanceof SignetError) throw error
    throw new SignetError('ERR_FILE_UNREADABLE', `Cannot read "${path}": ${(error as Error).message}.`, {
      segment: path,
    })
  }
  // Measured above as bytes, before decoding: decoding can only make the text longer in UTF-8
  // (an invalid byte becomes U+FFFD, three bytes), which must not turn a capture under the limit into one over it.
  const entries = parseHar(text, where, { ...options.har, maxBytes: Number.POSITIVE_INFINITY })
  let skippedTooLong = 0
  for (const field of harFields(entries)) {
    const { hits, stats } = findTokens(field.value, options)
    skippedTooLong += stats.skippedTooLong
    if (hits.length > 0)
      await onTokens(
        hits.map((hit) => ({
          token: hit.token,
          kind: hit.kind,
          location: { file: path, entry: field.entry, field: field.field, ...extra(hit) },
        })),
      )
  }
  return { file: path, status: 'scanned', characters: text.length, skippedTooLong }
}

/**
 * The capture's bytes, decompressed when it is gzip (RFC 1952), refused past `maxBytes`: a plain
 * file from its size before it is read, a gzip one as soon as decompression passes the limit.
 *
 * @throws SignetError ERR_SCAN_HAR_TOO_LARGE (shared/scan/har.ts harTooLarge)
 */
async function readHarBytes(path: string, where: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  let bytes: Buffer
  try {
    const magic = Buffer.alloc(2)
    await handle.read(magic, 0, 2, 0)
    const gzip = magic[0] === 0x1f && magic[1] === 0x8b
    const { size } = await handle.stat()
    if (!gzip && size > maxBytes) throw harTooLarge(where, size, maxBytes)
    bytes = await handle.readFile()
    if (!gzip) {
      if (bytes.length > maxBytes) throw harTooLarge(where, bytes.length, maxBytes)
      return bytes
    }
  } finally {
    await handle.close()
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw harTooLarge(where, undefined, maxBytes)
    throw error
  }
}

function extra(hit: { percentEncoded: boolean; jsonPath?: string }): { percentEncoded?: boolean; jsonPath?: string } {
  return {
    ...(hit.percentEncoded ? { percentEncoded: true } : {}),
    ...(hit.jsonPath ? { jsonPath: hit.jsonPath } : {}),
  }
}
