import { findTokens, type FinderOptions, type HitKind, type TokenHit } from '#shared/scan/finder'
import { harEntriesSkipped, HarReader, type HarBudget } from '#shared/scan/har'
import { inputKind } from '#shared/scan/input-kind'
import { SignetError } from '#shared/errors'
import { maxHarEntryBytes } from '#shared/limits'
import { ByteTokenFinder } from './byte-finder'
import { openStdin, openText, type TextInput } from './inputs'

/**
 * Finds the tokens of one input (a file, or "-" for standard input) and reports each with its
 * location. Every input is streamed chunk by chunk (gunzipped under its budget: inputs.ts). What it
 * is comes from shared/scan/input-kind.ts, the rule the app uses too: a HAR capture (".har",
 * ".har.gz", or content that starts like one) is read entry by entry (shared/scan/har.ts) and
 * walked field by field; anything else is searched as bytes (byte-finder.ts). A file that only
 * looked like a HAR and turns out not to be one before its first entry is searched as text instead.
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
  /** false: read .har files (and content that looks like HAR) as plain text */
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
    const input = await open(path)
    if (input.kind === 'binary') return { file: path, status: 'binary', characters: 0, skippedTooLong: 0 }
    const harAware = options.harAware !== false
    if (inputKind(path, input.head, { harAware }) === 'har') {
      const named = /\.har(\.gz)?$/i.test(path)
      const outcome = await findInHar(path, input, onTokens, options, !named && path !== '-')
      if (outcome) return outcome
      // Only looked like a HAR: searched again from the start, as text.
      const again = await open(path)
      if (again.kind === 'binary') return { file: path, status: 'binary', characters: 0, skippedTooLong: 0 }
      return await findInText(path, again, onTokens, options)
    }
    return await findInText(path, input, onTokens, options)
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

function open(path: string): Promise<TextInput> {
  return path === '-' ? openStdin() : openText(path)
}

async function findInText(
  path: string,
  input: Extract<TextInput, { kind: 'text' }>,
  onTokens: (found: FoundToken[]) => void | Promise<void>,
  options: FindOptions,
): Promise<InputOutcome> {
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
  const { skippedTooLong, skippedLongJson } = finder.stats
  return {
    file: path,
    status: 'scanned',
    characters: finder.characters,
    skippedTooLong: skippedTooLong + skippedLongJson,
  }
}

/**
 * Streams a HAR capture entry by entry: memory follows the largest entry (at most
 * options.har.maxEntryBytes), not the capture. Entries above that are skipped and reported
 * (ERR_SCAN_HAR_ENTRY_TOO_LARGE) once the rest has been scanned.
 *
 * @param fallBack true when the input was only sniffed as HAR: if it fails before its first entry,
 *   null is returned (the stream is closed) and the caller searches it as text
 * @returns the outcome; `characters` counts the capture's bytes (after gunzip)
 */
async function findInHar(
  path: string,
  input: Extract<TextInput, { kind: 'text' }>,
  onTokens: (found: FoundToken[]) => void | Promise<void>,
  options: FindOptions,
  fallBack: boolean,
): Promise<InputOutcome | null> {
  const where = `"${path}"`
  let skippedTooLong = 0
  // The reader calls back synchronously; the batches' promises are awaited after each chunk, so a
  // streamed scan whose analysis or output is behind pauses the reading here as it does for text.
  const pending: Promise<void>[] = []
  const reader = new HarReader(
    where,
    (fields) => {
      for (const field of fields) {
        const { hits, stats } = findTokens(field.value, options)
        skippedTooLong += stats.skippedTooLong + stats.skippedLongJson
        if (hits.length === 0) continue
        const taken = onTokens(
          hits.map((hit) => ({
            token: hit.token,
            kind: hit.kind,
            location: { file: path, entry: field.entry, field: field.field, ...extra(hit) },
          })),
        )
        if (taken) pending.push(taken)
      }
    },
    options.har,
  )
  const iterator = input.bytes[Symbol.asyncIterator]()
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      reader.push(next.value)
      if (pending.length > 0) await Promise.all(pending.splice(0))
    }
    reader.end()
    await Promise.all(pending.splice(0))
  } catch (error) {
    if (fallBack && reader.entries === 0 && error instanceof SignetError && error.code === 'ERR_SCAN_HAR_INVALID') {
      await iterator.return?.()
      return null
    }
    throw error
  }
  const outcome: InputOutcome = { file: path, status: 'scanned', characters: reader.bytes, skippedTooLong }
  if (reader.skipped.length === 0) return outcome
  const error = harEntriesSkipped(where, reader.skipped, options.har?.maxEntryBytes ?? maxHarEntryBytes)
  return { ...outcome, status: 'error', error: { code: error.code, message: error.message } }
}

function extra(hit: { percentEncoded: boolean; jsonPath?: string }): { percentEncoded?: boolean; jsonPath?: string } {
  return {
    ...(hit.percentEncoded ? { percentEncoded: true } : {}),
    ...(hit.jsonPath ? { jsonPath: hit.jsonPath } : {}),
  }
}
