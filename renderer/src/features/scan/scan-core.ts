import { isSignetError } from '#shared/errors'
import { findTokens, TokenFinder, type HitKind, type TokenHit } from '#shared/scan/finder'
import { gunzipChunks } from '#shared/scan/gunzip'
import { harEntriesSkipped, HarReader } from '#shared/scan/har'
import { inputKind } from '#shared/scan/input-kind'
import { analyseScannedToken, type ScanVerdict, type ScanVerifier } from '#shared/scan/analyse-token'
import type { KeySource } from '#shared/key-material/types'
import { inspectToken } from '#shared/token/inspect'
import type { Finding } from '#shared/token/lint'
import type { Policy } from '#shared/validation-policy/policy'
import { maxAppScanTokens } from '#shared/limits'
import { plural } from '#shared/text/plural'

/**
 * The Scan screen's work, pure so the worker and the tests run the same code: find every token in
 * a file, streamed (gzip decompressed under its budget, a HAR 1.2 capture entry by entry, anything
 * else as text — shared/scan/, by the rule `signet scan` uses: input-kind.ts), de-duplicate
 * by the token text, then decode, lint and verify each distinct token once with the key source and
 * policy the screen chose — through shared/scan/analyse-token.ts, the function `signet scan` calls,
 * with jose (WebCrypto) where the CLI has node:crypto: the same verdict as `signet verify`.
 */

export type ScanRowVerdict = ScanVerdict

/** A distinct token as found, before its analysis. */
export interface FoundToken {
  /** 1-based, in order of first appearance */
  id: number
  token: string
  kind: HitKind
  /** every place the token was seen (at most maxLocationsPerToken) */
  locations: ScanPlace[]
}

/** Where a token was seen: a line and column of a text file, or a HAR entry's field. */
export type ScanPlace = { file: string; line: number; column: number } | { file: string; entry: number; field: string }

/** "file:line:column" or "file#entry field" */
export function placeText(place: ScanPlace): string {
  return 'line' in place ? `${place.file}:${place.line}:${place.column}` : `${place.file}#${place.entry} ${place.field}`
}

export interface ScanRow extends FoundToken {
  verdict: ScanRowVerdict
  reason: string
  alg: string | null
  iss: string | null
  sub: string | null
  kid: string | null
  findings: Pick<Finding, 'severity' | 'id' | 'title' | 'message' | 'remediation'>[]
}

/** jose's path: inspectToken as Inspect runs it (a managed source's HMAC keys verify in main). */
export const rendererScanVerifier: ScanVerifier = {
  inspect: (decoded, source, policy, at) => inspectToken(decoded, { verificationKeys: source, policy, at }),
}

export const noKeyReason =
  'No key was chosen for this scan, so the signature was not checked: choose managed keys or paste a key, or open the token in Inspect.'

/**
 * One found token's row: its analysis through the shared scan function.
 *
 * @param source keys to verify with, null for none
 * @param at evaluation time, NumericDate seconds
 */
export async function analyseFound(
  found: FoundToken,
  source: KeySource | null,
  policy: Policy,
  at: number,
): Promise<ScanRow> {
  const analysis = await analyseScannedToken(found.token, source, policy, at, rendererScanVerifier, noKeyReason)
  const findings = analysis.findings.map((f) => ({
    severity: f.severity,
    id: f.id,
    title: f.title,
    message: f.message,
    remediation: f.remediation,
  }))
  return {
    ...found,
    verdict: analysis.verdict,
    reason: analysis.reason,
    alg: analysis.alg,
    iss: analysis.iss,
    sub: analysis.sub,
    kid: analysis.kid,
    findings,
  }
}

/** At most this many locations are kept per token: a token repeated in every log line stays one row. */
export const maxLocationsPerToken = 50

/** A file as the worker has it (the File API): read as a stream, again when it must be re-read. */
export interface ScanSource {
  name: string
  size: number
  stream(): ReadableStream<Uint8Array>
}

/**
 * What a scan left out once it reached its distinct-token limit (maxAppScanTokens): `skipped` counts
 * the occurrences of tokens not listed — not distinct tokens, which would need every one kept.
 */
export interface ScanTokenLimit {
  code: 'ERR_SCAN_APP_TOKEN_LIMIT'
  limit: number
  skipped: number
  message: string
}

export class ScanCollector {
  private readonly rows = new Map<string, FoundToken>()
  private skipped = 0

  /** @param maxTokens distinct tokens listed at most (ERR_SCAN_APP_TOKEN_LIMIT past it) */
  constructor(private readonly maxTokens: number = maxAppScanTokens) {}

  /**
   * Finds the tokens of one file, streamed: memory follows a chunk (or one HAR entry), not the file.
   * A file that only looked like a HAR and is not one before its first entry is read again as text.
   *
   * @param onProgress bytes of the file read so far
   * @returns a note to show beside the file when part of it was skipped (HAR entries over budget)
   * @throws SignetError ERR_SCAN_GZIP_TOO_LARGE, ERR_SCAN_HAR_INVALID (a ".har" that is not one),
   *   ERR_FILE_UNREADABLE (corrupt gzip); the tokens found before stay found
   */
  async addFile(file: ScanSource, onProgress: (bytes: number) => void): Promise<string | undefined> {
    const input = await this.open(file, onProgress)
    if (input.kind !== 'har') return this.addText(file.name, input.chunks)
    const where = `"${file.name}"`
    const reader = new HarReader(where, (fields) => {
      for (const field of fields)
        for (const hit of findTokens(field.value).hits)
          this.add(hit.token, hit.kind, { file: file.name, entry: field.entry, field: field.field })
    })
    try {
      for await (const chunk of input.chunks) reader.push(chunk)
      reader.end()
    } catch (error) {
      const sniffed = !/\.har(\.gz)?$/i.test(file.name)
      if (!sniffed || reader.entries > 0 || !isSignetError(error) || error.code !== 'ERR_SCAN_HAR_INVALID') throw error
      return this.addText(file.name, (await this.open(file, onProgress)).chunks)
    }
    return reader.skipped.length > 0 ? harEntriesSkipped(where, reader.skipped).message : undefined
  }

  result(): FoundToken[] {
    return [...this.rows.values()]
  }

  /** The file's bytes (decompressed when gzip) and what they are (shared/scan/input-kind.ts). */
  private async open(
    file: ScanSource,
    onProgress: (bytes: number) => void,
  ): Promise<{ kind: 'har' | 'text'; chunks: AsyncIterable<Uint8Array> }> {
    let read = 0
    const counted = async function* () {
      for await (const chunk of streamChunks(file.stream())) {
        read += chunk.length
        onProgress(read)
        yield chunk
      }
    }
    let input = await peek(counted())
    let kind = inputKind(file.name, input.head)
    if (kind === 'gzip') {
      input = await peek(gunzipChunks(input.chunks, `"${file.name}"`, file.size))
      kind = inputKind(file.name, input.head)
    }
    return { kind: kind === 'har' ? 'har' : 'text', chunks: input.chunks }
  }

  private async addText(name: string, chunks: AsyncIterable<Uint8Array>): Promise<undefined> {
    const finder = new TokenFinder()
    const decoder = new TextDecoder('utf-8')
    const add = (hits: TokenHit[]) => {
      for (const hit of hits) this.add(hit.token, hit.kind, { file: name, line: hit.line, column: hit.column })
    }
    for await (const chunk of chunks) add(finder.push(decoder.decode(chunk, { stream: true })))
    add(finder.push(decoder.decode()))
    add(finder.end())
    return undefined
  }

  /** Null while every token found is listed; once the limit was reached, what was left out and why. */
  limitReached(): ScanTokenLimit | null {
    if (this.skipped === 0) return null
    return {
      code: 'ERR_SCAN_APP_TOKEN_LIMIT',
      limit: this.maxTokens,
      skipped: this.skipped,
      message:
        `The scan stopped adding tokens at ${plural(this.maxTokens, 'distinct token')}, the most a scan in the app lists: ` +
        `${plural(this.skipped, 'more occurrence')} of tokens past the limit ${this.skipped === 1 ? 'is' : 'are'} not listed. ` +
        'Every token listed is fully analysed; scan fewer files at a time, or run "signet scan" for the whole input.',
    }
  }

  private add(token: string, kind: HitKind, location: ScanPlace): void {
    const known = this.rows.get(token)
    if (known) {
      if (known.locations.length < maxLocationsPerToken) known.locations.push(location)
      return
    }
    if (this.rows.size >= this.maxTokens) {
      this.skipped++
      return
    }
    this.rows.set(token, { id: this.rows.size + 1, token, kind, locations: [location] })
  }
}

/** A ReadableStream's chunks; the stream is cancelled if the reading stops early. */
async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  let done = false
  try {
    for (;;) {
      const next = await reader.read()
      if (next.done) break
      yield next.value
    }
    done = true
  } finally {
    if (!done) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}

/** The first chunk (for the kind of the input) and all the chunks, that one included. */
async function peek(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]()
  const first = await iterator.next()
  const head = first.done ? new Uint8Array(0) : first.value
  return {
    head,
    chunks: (async function* () {
      if (first.done) return
      yield head
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
    })(),
  }
}
