import { createReadStream } from 'node:fs'
import { inspectTokenFast } from '#electron/services/verify-fast/inspect-fast'
import { validVerdictOfToken } from '#electron/services/verify-fast/verdict-fast'
import { isSignetError, SignetError } from '#shared/errors'
import { maxBulkLineLength } from '#shared/limits'
import type { KeySource } from '#shared/key-material/types'
import type { Policy } from '#shared/validation-policy/policy'
import { decodeToken } from '#shared/token/decode'
import { fastValidWithLists, withListChecks, type ListEvidence } from '#shared/token/verify/list-checks'
import { boundedLines } from '../bounded-lines'
import { exitCodes } from '../exit'
import { escapeText } from '../output/scan'
import { safeJsonLine } from '../output/safe-text'
import { jsonLine, out, outLine, outputRoom } from '../output/write'
import { plural } from '#shared/text/plural'

/**
 * `signet verify --tokens FILE|-`: one token per line (blank lines and lines starting with "#"
 * skipped), each verified through the fast path — the same verdict and trace as verifying it alone —
 * and one result line per token, then a summary. Exit 1 if any token is not valid. With `lists`
 * (--status-list / --revocations, verified once), each token's trace gets the list checks single
 * `signet verify` appends.
 */

export async function verifyBulk(
  path: string,
  source: KeySource,
  policy: Policy,
  at: number,
  ndjson: boolean,
  lists: ListEvidence | null = null,
): Promise<number> {
  if (path === '-' && process.stdin.isTTY)
    throw new SignetError(
      'ERR_USAGE',
      'Expected tokens on standard input ("--tokens -"), but standard input is a terminal. Pipe them in.',
    )
  const input = path === '-' ? process.stdin : createReadStream(path)
  input.setEncoding('utf8')
  const opened = new Promise<void>((resolve, reject) => {
    if (path === '-') resolve()
    input.once('open', () => resolve())
    input.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new SignetError(
          'ERR_FILE_UNREADABLE',
          `Cannot read the tokens file "${path}": ${error.code === 'ENOENT' ? 'no such file' : error.message}.`,
          { segment: path },
        ),
      ),
    )
  })
  await opened
  const counts = { valid: 0, invalid: 0, unverified: 0, malformed: 0 }
  let lineNumber = 0
  // A line longer than the limit is dropped as it streams (boundedLines), never held whole.
  for await (const raw of boundedLines(input, maxBulkLineLength)) {
    // A slow reader of the results slows the reading of tokens (the next chunk is read only when
    // a line is asked for) rather than queueing the results in memory.
    const room = outputRoom()
    if (room) await room
    lineNumber++
    const line = raw.text?.trim() ?? ''
    if (raw.text !== undefined && (line === '' || line.startsWith('#'))) continue
    if (raw.tooLong) {
      counts.malformed++
      emit(ndjson, {
        line: lineNumber,
        verdict: 'malformed',
        reason: `ERR_TOKEN_MALFORMED: the line is longer than ${plural(maxBulkLineLength, 'character')}; not a token.`,
      })
      continue
    }
    const seen = results.get(line)
    if (seen) {
      // The same token at the same instant under the same keys and policy: the same result.
      counts[seen.result.verdict as keyof typeof counts]++
      if (ndjson) {
        // Its line differs only in "line": the rest (the whole trace) is serialised once. JSON.stringify
        // of {type, line, ...result} is this prefix and the result's own JSON after its "{", and the
        // escaping is per character, so the line is byte for byte what emit() writes.
        seen.json ??= safeJsonLine(seen.result)
        jsonLine(`{"type":"token","line":${lineNumber},${seen.json.slice(1)}`)
      } else emit(false, { line: lineNumber, ...seen.result })
      continue
    }
    const result = await verifyLine(line, source, policy, at, ndjson, lists)
    counts[result.verdict as keyof typeof counts]++
    remember(line, result)
    emit(ndjson, { line: lineNumber, ...result })
  }
  const total = counts.valid + counts.invalid + counts.unverified + counts.malformed
  if (ndjson) jsonLine(safeJsonLine({ type: 'summary', total, ...counts }))
  else
    out(
      `${plural(total, 'token')}: ${counts.valid} valid, ${counts.invalid} invalid, ${counts.unverified} unverified, ${counts.malformed} malformed`,
    )
  return total === counts.valid ? exitCodes.ok : exitCodes.negative
}

/**
 * Results remembered for repeated tokens (a repeated token costs a map lookup): bounded by count and
 * by bytes, so a file of distinct tokens stays at constant memory — by count alone, 100,000 distinct
 * 16 KB lines held ~3 GB (the line is the key, and a trace is several KB). Once full, later distinct
 * tokens are verified each time they appear, as without the cache.
 */
const maxRemembered = 100_000
const maxRememberedLength = 16 * 1024
const maxRememberedBytes = 32 * 1024 * 1024
let rememberedBytes = 0
const results = new Map<string, { result: LineResult; json?: string }>()

function remember(line: string, result: LineResult): void {
  if (results.size >= maxRemembered || line.length > maxRememberedLength) return
  // UTF-16 code units at 2 bytes (a one-byte string is half that: an upper bound), the trace as the
  // JSON it is written as (held again once a repeat serialises it: counted twice), and the entry.
  const bytes =
    2 * (line.length + result.reason.length) + (result.checks ? 4 * JSON.stringify(result.checks).length : 0) + 256
  if (rememberedBytes + bytes > maxRememberedBytes) return
  rememberedBytes += bytes
  results.set(line, { result })
}

interface LineResult {
  verdict: 'valid' | 'invalid' | 'unverified' | 'malformed'
  reason: string
  checks?: unknown
  key?: string | null
}

async function verifyLine(
  line: string,
  source: KeySource,
  policy: Policy,
  at: number,
  ndjson: boolean,
  lists: ListEvidence | null,
): Promise<LineResult> {
  // Without --ndjson only the verdict is printed: a plainly valid token needs no trace. The fast
  // path never sees the lists: its "valid" stands only if no list check on the claims fails.
  if (!ndjson) {
    const fast = await validVerdictOfToken(line, source, policy, at)
    const judged = fast && fastValidWithLists(fast.reason, fast.claims, lists, at, policy.clockSkew)
    if (judged) return { verdict: 'valid', reason: judged.reason }
  }
  let decoded
  try {
    decoded = decodeToken(line)
    if (decoded.type === 'jwe')
      throw new SignetError('ERR_INVALID_ARGUMENT', 'This token is encrypted (JWE). Decrypt it with "signet decrypt".')
  } catch (error) {
    if (!isSignetError(error)) throw error
    return { verdict: 'malformed', reason: `${error.code}: ${error.message}` }
  }
  const inspection = await inspectTokenFast(decoded, source, policy, at)
  // The same checks, appended the same way, as `signet verify TOKEN --status-list … --revocations …`.
  const trace = withListChecks(inspection.trace, inspection.claims, lists, at, policy.clockSkew)
  const verdict = trace.verdict as 'valid' | 'invalid' | 'unverified'
  return {
    verdict,
    reason: trace.reason,
    ...(ndjson ? { checks: trace.checks, key: inspection.key?.label ?? null } : {}),
  }
}

/** One result line, batched with its neighbours (write.ts outLine / jsonLine). */
function emit(ndjson: boolean, result: { line: number; verdict: string; reason: string }): void {
  if (ndjson) jsonLine(safeJsonLine({ type: 'token', ...result }))
  else outLine(`${result.verdict.toUpperCase().padEnd(10)} line ${result.line}  ${escapeText(result.reason)}`)
}
