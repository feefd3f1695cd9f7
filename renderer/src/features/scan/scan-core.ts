import { isSignetError } from '#shared/errors'
import { findTokens, type HitKind } from '#shared/scan/finder'
import { harFields, parseHar } from '#shared/scan/har'
import { analyseScannedToken, type ScanVerdict, type ScanVerifier } from '#shared/scan/analyse-token'
import type { KeySource } from '#shared/key-material/types'
import { inspectToken } from '#shared/token/inspect'
import type { Finding } from '#shared/token/lint'
import type { Policy } from '#shared/validation-policy/policy'
import { maxAppScanTokens } from '#shared/limits'
import { plural } from '#shared/text/plural'

/**
 * The Scan screen's work, pure so the worker and the tests run the same code: find every token in
 * a file's text (a HAR 1.2 capture structurally, anything else as text — shared/scan/), de-duplicate
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
    kid: analysis.kid,
    findings,
  }
}

/** At most this many locations are kept per token: a token repeated in every log line stays one row. */
export const maxLocationsPerToken = 50

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

  /** Finds the tokens of one file; calls onProgress(characters done) between pieces. */
  addFile(name: string, text: string, onProgress: (done: number) => void): void {
    if (/\.har$/i.test(name) || looksLikeHar(text)) {
      let entries
      try {
        entries = parseHar(text, `"${name}"`)
      } catch (error) {
        if (!isSignetError(error) || !/\.har$/i.test(name)) entries = null
        else throw error
      }
      if (entries) {
        for (const field of harFields(entries)) {
          for (const hit of findTokens(field.value).hits)
            this.add(hit.token, hit.kind, { file: name, entry: field.entry, field: field.field })
        }
        onProgress(text.length)
        return
      }
    }
    // Text in slices between line breaks so progress moves and the worker can be stopped between them.
    const slice = 1 << 20
    let start = 0
    let lineOffset = 0
    while (start < text.length) {
      let end = Math.min(text.length, start + slice)
      if (end < text.length) {
        const newline = text.indexOf('\n', end)
        end = newline === -1 ? text.length : newline + 1
      }
      const piece = text.slice(start, end)
      for (const hit of findTokens(piece).hits)
        this.add(hit.token, hit.kind, { file: name, line: hit.line + lineOffset, column: hit.column })
      lineOffset += countLines(piece)
      start = end
      onProgress(start)
    }
  }

  result(): FoundToken[] {
    return [...this.rows.values()]
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

function looksLikeHar(text: string): boolean {
  return /^\s*\{\s*"log"\s*:/.test(text.slice(0, 200))
}

function countLines(text: string): number {
  let lines = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++
  return lines
}
