/**
 * The CLI's output layer: every byte the CLI prints goes through this file.
 *
 * - Human output: out() / err() take text built by the formatters in cli/output/ (colour with
 *   paint() from style.ts) and escape every control and bidi character in it ONCE, here
 *   (safe-text.ts), before our own SGR styling is put back. Formatters therefore never escape;
 *   they only call oneLine() for untrusted single-line fields (kid, names) so that a line feed in
 *   them cannot start a line of its own.
 * - Machine output: printJson(value) prints one JSON document with `schemaVersion` first; the
 *   shapes are in json-schemas.ts (one per command) and documented in the README.
 * - Errors: printError() prints `signet: ERR_CODE: message` (or, under --json, one JSON object
 *   {schemaVersion, code, message, exitCode} on stderr). Usage errors from commander come here too.
 * - A closed stdout (`signet … | head`) ends the process quietly instead of with EPIPE.
 *
 * New commands: print only with these functions; never process.stdout.write directly.
 */
import { isSignetError, toSerializedError } from '#shared/errors'
import { safeJson, safeText } from './safe-text'
import { renderStyles } from './style'

export const jsonSchemaVersion = 1

let jsonMode = false

/** Set once from argv: under --json, errors are JSON on stderr too. */
export function setJsonMode(on: boolean): void {
  jsonMode = on
}

export function isJsonMode(): boolean {
  return jsonMode
}

function escapeOutput(text: string): string {
  return renderStyles(text, (plain) => safeText(plain, { multiline: true }))
}

/** Human output on stdout, escaped; a final line feed is added when missing. */
export function out(text: string): void {
  write(process.stdout, escapeOutput(text.endsWith('\n') ? text : `${text}\n`))
}

/** Human output on stderr (warnings, notes), escaped. */
export function err(text: string): void {
  write(process.stderr, escapeOutput(text.endsWith('\n') ? text : `${text}\n`))
}

/** Data the user asked for as bytes (a decrypted payload piped on): raw when piped, escaped on a terminal. */
export function outData(data: string | Uint8Array): void {
  if (process.stdout.isTTY) out(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'))
  else write(process.stdout, data)
}

/** The one machine-readable result of a command: `{ schemaVersion, ...value }`. */
export function printJson(value: object): void {
  write(process.stdout, `${safeJson({ schemaVersion: jsonSchemaVersion, ...value })}\n`)
}

/** Writes commander's own output (help text) escaped: option names and values come from argv. */
export function commanderOutput(stream: 'out' | 'err'): (text: string) => void {
  return (text) => write(stream === 'out' ? process.stdout : process.stderr, escapeOutput(text))
}

/** One error, one line (or one JSON object under --json). Returns the exit code for convenience. */
export function printError(error: unknown, exitCode: number, hint?: string): number {
  const { code, message } = toSerializedError(error)
  if (jsonMode) {
    write(
      process.stderr,
      `${safeJson({ schemaVersion: jsonSchemaVersion, code, message, exitCode }).replace(/\n\s*/g, ' ')}\n`,
    )
  } else {
    err(`signet: ${code}: ${message}`)
    if (hint) err(`signet: ${hint}`)
    else if (!isSignetError(error)) err('signet: run with SIGNET_DEBUG=1 for details')
  }
  return exitCode
}

/**
 * Result lines of bulk commands (`verify --tokens`, `scan --ndjson`), one per token: a write per
 * line is a system call each and, measured, most of what a repeated token costs. They wait here
 * and go out together once per turn of the event loop (setImmediate) — in practice once per chunk
 * of input read, so piped output still streams — or as soon as 64 KB wait. Any other write flushes
 * them first, so the order of everything printed is unchanged.
 */
const pendingLines: string[] = []
let pendingChars = 0
let flushScheduled = false
const maxPendingChars = 64 * 1024

/** One line of human output, escaped as out() escapes it, written with the lines around it. */
export function outLine(text: string): void {
  queueLine(escapeOutput(text.endsWith('\n') ? text : `${text}\n`))
}

/** One NDJSON line (escaped as safeJsonLine / escapeJsonText do), written with the lines around it. */
export function jsonLine(escapedJson: string): void {
  queueLine(`${escapedJson}\n`)
}

/** A piece of a JSON document written as it is produced (`scan --json`), already escaped; no line feed added. */
export function outChunk(escapedJson: string): void {
  queueLine(escapedJson)
}

function queueLine(line: string): void {
  pendingLines.push(line)
  pendingChars += line.length
  if (pendingChars >= maxPendingChars) flushLines()
  else if (!flushScheduled) {
    // one pending Immediate at most: a loop that never yields to the event loop flushes by size
    flushScheduled = true
    setImmediate(() => {
      flushScheduled = false
      flushLines()
    })
  }
}

/** Writes the waiting result lines now (before any other output, and at exit). */
export function flushLines(): void {
  if (pendingLines.length === 0) return
  const text = pendingLines.join('')
  pendingLines.length = 0
  pendingChars = 0
  process.stdout.write(text)
}

/**
 * Waits until standard output has taken what it was given: null when it has room now, else a
 * promise that settles on 'drain' (or when the stream closes or fails — the EPIPE handler below
 * ends the process then). Bulk commands await it between result lines: on a pipe, Node's stdout
 * is asynchronous and queues in memory whatever the reader has not taken yet, so without this a
 * slow reader (`| less`, a network pipe) makes a scan's memory grow with its output; with it, the
 * scan waits for the reader. Files and terminals are written synchronously and never wait here.
 */
export function outputRoom(): Promise<void> | null {
  if (pendingChars >= maxPendingChars) flushLines()
  const stdout = process.stdout
  if (!stdout.writableNeedDrain) return null
  return new Promise((resolve) => {
    const settle = () => {
      stdout.off('drain', settle).off('close', settle).off('error', settle)
      resolve()
    }
    stdout.on('drain', settle).on('close', settle).on('error', settle)
  })
}

// process.exit() (an error, a closed pipe) must not drop lines already produced.
process.on('exit', flushLines)

function write(stream: NodeJS.WriteStream, data: string | Uint8Array): void {
  flushLines()
  stream.write(data)
}

/**
 * A reader that stops early (`| head`) closes the pipe: end quietly with the exit code so far (0 for
 * help) rather than an unhandled EPIPE.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0))
      throw error
    })
  }
}
