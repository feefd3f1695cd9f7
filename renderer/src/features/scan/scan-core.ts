import { isSignetError } from '../../../../shared/errors'
import { findTokens, type HitKind } from '../../../../shared/scan/finder'
import { harFields, parseHar } from '../../../../shared/scan/har'
import { decodeToken, type DecodedToken } from '../../../../shared/token/decode'
import { lintToken, sortFindings, type Finding, type Severity } from '../../../../shared/token/lint'

/**
 * The Scan screen's work, pure so the worker and the tests run the same code: find every token in
 * a file's text (a HAR 1.2 capture structurally, anything else as text — shared/scan/), de-duplicate
 * by the token text, and decode + lint each distinct token once. The renderer has no node:crypto
 * and no keys, so signatures are not checked: the verdict says so ("unverifiable").
 */

export type ScanRowVerdict = 'unverifiable' | 'expired' | 'encrypted' | 'malformed'

export interface ScanRow {
  /** 1-based, in order of first appearance */
  id: number
  token: string
  kind: HitKind
  verdict: ScanRowVerdict
  reason: string
  alg: string | null
  iss: string | null
  kid: string | null
  findings: { severity: Severity; id: string; title: string }[]
  /** "file:line:column" or "file#entry field" — every place the token was seen */
  locations: string[]
}

/** At most this many locations are kept per token: a token repeated in every log line stays one row. */
export const maxLocationsPerToken = 50

export class ScanCollector {
  private readonly rows = new Map<string, ScanRow>()
  constructor(private readonly now: number) {}

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
          for (const hit of findTokens(field.value).hits) this.add(hit.token, hit.kind, `${name}#${field.entry} ${field.field}`)
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
      for (const hit of findTokens(piece).hits) this.add(hit.token, hit.kind, `${name}:${hit.line + lineOffset}:${hit.column}`)
      lineOffset += countLines(piece)
      start = end
      onProgress(start)
    }
  }

  result(): ScanRow[] {
    return [...this.rows.values()]
  }

  private add(token: string, kind: HitKind, location: string): void {
    const known = this.rows.get(token)
    if (known) {
      if (known.locations.length < maxLocationsPerToken) known.locations.push(location)
      return
    }
    this.rows.set(token, { ...analyse(token, this.now), id: this.rows.size + 1, token, kind, locations: [location] })
  }
}

function analyse(token: string, now: number): Omit<ScanRow, 'id' | 'token' | 'kind' | 'locations'> {
  let decoded: DecodedToken
  try {
    decoded = decodeToken(token, { allowDuplicateMembers: true })
  } catch (error) {
    return { verdict: 'malformed', reason: isSignetError(error) ? error.message : 'The token could not be decoded.', alg: null, iss: null, kid: null, findings: [] }
  }
  const findings = sortFindings(lintToken(decoded, { now })).map((f: Finding) => ({ severity: f.severity, id: f.id, title: f.title }))
  const header = decoded.type === 'jws' ? decoded.signatures[0]!.joseHeader : decoded.joseHeader
  const claims = decoded.type === 'jws' && decoded.payload.kind === 'claims' ? decoded.payload.claims : null
  const base = { alg: str(header.alg), kid: str(header.kid), iss: str(claims?.iss), findings }
  if (decoded.type === 'jwe') return { ...base, verdict: 'encrypted', reason: 'Encrypted (JWE): open it in Inspect with its key to decrypt.' }
  const exp = claims?.exp
  if (typeof exp === 'number' && exp < now) return { ...base, verdict: 'expired', reason: `Expired at ${new Date(exp * 1000).toISOString()}; the signature was not checked.` }
  return { ...base, verdict: 'unverifiable', reason: 'Decoded and linted; the signature was not checked (no key in a scan): open it in Inspect to verify.' }
}

function looksLikeHar(text: string): boolean {
  return /^\s*\{\s*"log"\s*:/.test(text.slice(0, 200))
}

function countLines(text: string): number {
  let lines = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++
  return lines
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}
