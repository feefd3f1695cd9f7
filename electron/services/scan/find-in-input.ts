import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { findTokens, type FinderOptions, type HitKind, type TokenHit } from '#shared/scan/finder'
import { harFields, parseHar, type HarBudget } from '#shared/scan/har'
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

export async function findInInput(
  path: string,
  onTokens: (found: FoundToken[]) => void,
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
      onTokens(
        hits.map((hit) => ({
          token: hit.token,
          kind: hit.kind,
          location: { file: path, line: hit.line, column: hit.column, ...extra(hit) },
        })),
      )
    }
    for await (const chunk of input.bytes) emit(finder.push(chunk))
    emit(finder.end())
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
  onTokens: (found: FoundToken[]) => void,
  options: FindOptions,
): Promise<InputOutcome> {
  let text: string
  try {
    const bytes = await readFile(path)
    text = (
      bytes[0] === 0x1f && bytes[1] === 0x8b
        ? gunzipSync(bytes, { maxOutputLength: options.har?.maxBytes ?? 512 * 1024 * 1024 })
        : bytes
    ).toString('utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SignetError(
        'ERR_SCAN_HAR_TOO_LARGE',
        `"${path}" decompresses to more than the HAR size limit; split the capture.`,
        { segment: path },
      )
    }
    throw new SignetError('ERR_FILE_UNREADABLE', `Cannot read "${path}": ${(error as Error).message}.`, {
      segment: path,
    })
  }
  const entries = parseHar(text, `"${path}"`, options.har)
  let skippedTooLong = 0
  for (const field of harFields(entries)) {
    const { hits, stats } = findTokens(field.value, options)
    skippedTooLong += stats.skippedTooLong
    if (hits.length > 0)
      onTokens(
        hits.map((hit) => ({
          token: hit.token,
          kind: hit.kind,
          location: { file: path, entry: field.entry, field: field.field, ...extra(hit) },
        })),
      )
  }
  return { file: path, status: 'scanned', characters: text.length, skippedTooLong }
}

function extra(hit: { percentEncoded: boolean; jsonPath?: string }): { percentEncoded?: boolean; jsonPath?: string } {
  return {
    ...(hit.percentEncoded ? { percentEncoded: true } : {}),
    ...(hit.jsonPath ? { jsonPath: hit.jsonPath } : {}),
  }
}
