import { createReadStream, type Dirent } from 'node:fs'
import { open, readdir, stat, type FileHandle } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import picomatch from 'picomatch'
import { SignetError } from '#shared/errors'
import { GzipBudget } from '#shared/scan/gzip-budget'
import { isGzip } from '#shared/scan/input-kind'
import { Utf8Text } from './utf8-text'
import { plural } from '#shared/text/plural'

/**
 * The inputs of a scan: files and directories (walked recursively, filtered by include/exclude
 * globs: scanGlobs; a link to a regular file is followed — a file cannot loop — a link to a
 * directory is not, and is reported as skipped; each file is read once however often it is named
 * or linked, by device and inode), each read as a stream of text chunks — gunzipped
 * when it starts with the gzip magic bytes (RFC 1952 §2.3.1), under the decompressed-size budget of
 * shared/scan/gzip-budget.ts (ERR_SCAN_GZIP_TOO_LARGE, the app's rule too), skipped when its first
 * 8 KB (after gunzip) hold a NUL byte, which text never does.
 */

export interface InputFilter {
  include?: readonly string[]
  exclude?: readonly string[]
}

export interface InputFile {
  /** as the user will read it: the given path, or the directory joined with the relative path */
  path: string
  /**
   * A path that could not be walked (missing, or a directory that cannot be listed): reported and
   * skipped like an unreadable file, so one bad path does not lose the rest of the scan.
   */
  error?: SignetError
}

/** Walk budget: a scan of "/" by mistake stops with a clear error rather than running for hours. */
export const maxInputFiles = 1_000_000

/**
 * --include/--exclude globs as .gitignore reads its patterns (picomatch syntax, dot files matched), on
 * the path of a file relative to the directory given on the command line ("/"-separated):
 *
 * - a pattern without "/" matches a name at any depth: `*.log` is `a.log` and `app/2026/a.log`;
 *   `node_modules` is that directory anywhere (and so everything under it);
 * - a pattern with "/" matches from the directory given: `logs/*.log` is `logs/a.log`, not
 *   `old/logs/a.log` (prefix `**` and a slash for both); a leading "/" anchors a pattern without
 *   another "/" to the directory given;
 * - a trailing "/" matches directories only (`tmp/`);
 * - a directory that matches covers everything in it: --exclude skips it, --include takes its files.
 *
 * Files named on the command line are read whatever the globs say. `unfiltered` (no glob given)
 * matches every path.
 */
export function scanGlobs(patterns: readonly string[] | undefined): {
  unfiltered: boolean
  file: (relativePath: string) => boolean
  directory: (relativePath: string) => boolean
} {
  if (!patterns?.length) return { unfiltered: true, file: () => true, directory: () => true }
  const files: string[] = []
  const directories: string[] = []
  for (const pattern of patterns) {
    const directoryOnly = pattern.endsWith('/')
    let body = directoryOnly ? pattern.replace(/\/+$/, '') : pattern
    if (body.startsWith('/')) body = body.replace(/^\/+/, '')
    else if (!body.includes('/')) body = `**/${body}`
    if (body === '' || body === '**/') continue
    directories.push(body)
    if (!directoryOnly) files.push(body)
  }
  const matchFile = files.length ? picomatch(files, { dot: true }) : () => false
  const matchDirectory = directories.length ? picomatch(directories, { dot: true }) : () => false
  return { unfiltered: false, file: (path) => matchFile(path), directory: (path) => matchDirectory(path) }
}

export async function* inputFiles(paths: readonly string[], filter: InputFilter = {}): AsyncGenerator<InputFile> {
  const include = scanGlobs(filter.include)
  const exclude = scanGlobs(filter.exclude)
  const filtered = !include.unfiltered || !exclude.unfiltered
  let count = 0
  let skipped = 0
  const walked: string[] = []
  // device:inode of every file handed out: `scan corpus corpus/a.log`, or a link to a file in the walk, reads it once
  const seen = new Set<string>()
  const firstTime = (info: { dev: number; ino: number }) => {
    const key = `${info.dev}:${info.ino}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  }
  for (const given of paths) {
    let info
    try {
      info = await stat(given)
    } catch (error) {
      yield { path: given, error: unreadable(given, error) }
      continue
    }
    if (!info.isDirectory()) {
      if (!firstTime(info)) continue
      if (++count > maxInputFiles) throw tooMany()
      yield { path: given }
      continue
    }
    walked.push(given)
    // each directory with whether it (or a directory above it) matched an --include pattern
    const stack: { dir: string; included: boolean }[] = [{ dir: given, included: include.unfiltered }]
    while (stack.length > 0) {
      const { dir, included } = stack.pop()!
      let entries: Dirent[]
      try {
        entries = await readdir(dir, { withFileTypes: true })
      } catch (error) {
        yield { path: dir, error: unreadable(dir, error) }
        continue
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      for (const entry of entries.reverse()) {
        const full = join(dir, entry.name)
        if (entry.isDirectory()) {
          const rel = relative(given, full).split(sep).join('/')
          if (!exclude.unfiltered && exclude.directory(rel)) skipped++
          else stack.push({ dir: full, included: included || include.directory(rel) })
        }
      }
      for (const entry of entries.reverse()) {
        if (entry.isDirectory()) continue
        const full = join(dir, entry.name)
        const rel = relative(given, full).split(sep).join('/')
        if (!(included || include.file(rel)) || (!exclude.unfiltered && exclude.file(rel))) {
          skipped++
          continue
        }
        // what the entry is, links followed: a regular file is read, anything else is named as skipped
        let target
        try {
          target = await stat(full)
        } catch (error) {
          yield { path: full, error: unreadable(full, error) }
          continue
        }
        if (!target.isFile()) {
          yield { path: full, error: notRead(full, entry, target) }
          continue
        }
        if (!firstTime(target)) continue
        if (++count > maxInputFiles) throw tooMany()
        yield { path: full }
      }
    }
  }
  // Globs that leave nothing to read are a mistake to report, not a clean scan of nothing.
  if (filtered && count === 0 && skipped > 0)
    yield { path: walked.join(', '), error: nothingMatched(walked, filter, skipped) }
}

function nothingMatched(directories: readonly string[], filter: InputFilter, skipped: number): SignetError {
  const globs = [
    ...(filter.include ?? []).map((g) => `--include ${JSON.stringify(g)}`),
    ...(filter.exclude ?? []).map((g) => `--exclude ${JSON.stringify(g)}`),
  ].join(' ')
  return new SignetError(
    'ERR_SCAN_NO_FILES_MATCHED',
    `No file to read in ${directories.map((d) => JSON.stringify(d)).join(', ')}: ${globs} skipped all ${plural(skipped, 'file or directory', 'files and directories')} there. A pattern without "/" matches names at any depth ("*.log"), one with "/" the path from the directory given ("logs/*.log"); see signet scan --help.`,
  )
}

/**
 * A text input: read EITHER `bytes` (the raw UTF-8 chunks, for a byte-level search) OR `chunks`
 * (the same bytes decoded, a leading byte order mark dropped); both drain one stream. A chunk of
 * `bytes` is valid only until the next is asked for: a plain file is read into one buffer, reused.
 */
export type TextInput =
  | {
      kind: 'text'
      bytes: AsyncIterable<Buffer>
      chunks: AsyncIterable<string>
      gzip: boolean
      /** a copy of the first bytes (decompressed), for shared/scan/input-kind.ts; empty for an empty input */
      head: Uint8Array
    }
  | { kind: 'binary' }

/** Bytes per read of a file (gzip and standard input come in their streams' own chunk sizes). */
export const readChunkBytes = 256 * 1024

/** Opens a file as text chunks (UTF-8), or says it is binary. */
export async function openText(path: string): Promise<TextInput> {
  let handle: FileHandle
  let magic: Buffer
  // Opening a FIFO waits for a writer: on a terminal, say so after a second rather than hang mutely.
  const waiting = process.stderr.isTTY
    ? setTimeout(() => process.stderr.write(`waiting for data on ${JSON.stringify(path)}…\n`), 1000)
    : null
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw unreadable(path, error)
  } finally {
    if (waiting) clearTimeout(waiting)
  }
  try {
    // A pipe, FIFO or character device cannot be read at a position: it is read as a stream and
    // sniffed from its first bytes (`scan <(cat x.log)`, `scan /dev/stdin`).
    if (!(await handle.stat()).isFile()) return await streamText(handle, path)
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0)
    magic = buffer.subarray(0, bytesRead)
  } catch (error) {
    await handle.close()
    throw unreadable(path, error)
  }
  if (!isGzip(magic)) return textOrBinary(fileChunks(handle), path, false)
  let size: number
  try {
    size = (await handle.stat()).size
  } finally {
    await handle.close()
  }
  return textOrBinary(gunzipWithin(createReadStream(path, { highWaterMark: readChunkBytes }), path, size), path, true)
}

/** A non-regular file (pipe, FIFO, device) as text: gunzipped if its first bytes are gzip's magic. */
async function streamText(handle: FileHandle, path: string): Promise<TextInput> {
  const raw = handle.createReadStream({ highWaterMark: readChunkBytes })
  const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const first = await iterator.next()
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value
  const gzip = isGzip(head)
  const whole = Readable.from(
    (async function* () {
      if (head.length > 0) yield head
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
    })(),
  )
  if (!gzip) return textOrBinary(whole, path, false)
  return textOrBinary(gunzipWithin(whole, path), path, true)
}

/**
 * A gzip stream's decompressed chunks, stopped with ERR_SCAN_GZIP_TOO_LARGE once they pass the
 * budget (shared/scan/gzip-budget.ts) of the compressed size — the file's, or for a stream the
 * bytes read so far. Ending the iteration early destroys both streams.
 */
async function* gunzipWithin(raw: Readable, path: string, compressedSize?: number): AsyncGenerator<Buffer> {
  const budget = new GzipBudget(`"${path}"`, compressedSize)
  const gunzip = createGunzip()
  raw.on('data', (chunk: Buffer) => (budget.compressed += chunk.length))
  raw.on('error', (error) => gunzip.destroy(error))
  raw.pipe(gunzip)
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      budget.decompressed += chunk.length
      budget.check()
      yield chunk
    }
  } finally {
    gunzip.destroy()
    raw.destroy()
  }
}

/**
 * A plain file's bytes, read into one buffer that is reused for every chunk. A read stream
 * allocates a fresh buffer per chunk; on 100 MB of logs, faulting in that fresh memory and
 * collecting it cost ~0.3 CPU-s against ~0.03 s for reads into one buffer (Node 20, this
 * machine), more than the token search itself. The file is closed when the reading ends, however
 * it ends.
 */
async function* fileChunks(handle: FileHandle): AsyncGenerator<Buffer> {
  try {
    const buffer = Buffer.allocUnsafeSlow(readChunkBytes)
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, readChunkBytes, null)
      if (bytesRead === 0) return
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

/** Standard input, gunzipped if it starts like gzip. */
export async function openStdin(): Promise<TextInput> {
  return textOrBinary(process.stdin, '-', false)
}

async function textOrBinary(stream: AsyncIterable<Buffer>, path: string, gzip: boolean): Promise<TextInput> {
  const iterator = stream[Symbol.asyncIterator]()
  // Stops the source early (a binary file, a consumer that stops): a stream is destroyed, a file closed.
  const stop = async () => {
    if ('destroy' in stream && typeof stream.destroy === 'function') (stream as { destroy(): void }).destroy()
    else await iterator.return?.()
  }
  let first: IteratorResult<Buffer>
  try {
    first = await iterator.next()
  } catch (error) {
    throw unreadable(path, error)
  }
  if (first.done)
    return {
      kind: 'text',
      bytes: (async function* () {})(),
      chunks: (async function* () {})(),
      gzip,
      head: new Uint8Array(0),
    }
  const head = first.value
  if (path === '-' && !gzip && isGzip(head)) {
    const first = head
    const rest = (async function* () {
      yield first
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
    })()
    return textOrBinary(gunzipWithin(Readable.from(rest), '-'), '-', true)
  }
  if (head.subarray(0, 8192).includes(0)) {
    await stop()
    return { kind: 'binary' }
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    let done = false
    try {
      yield head
      for (;;) {
        const next = await iterator.next()
        if (next.done) break
        yield next.value
      }
      done = true
    } catch (error) {
      throw unreadable(path, error)
    } finally {
      if (!done) await stop()
    }
  }
  const raw = bytes()
  return { kind: 'text', bytes: raw, chunks: utf8Chunks(raw), gzip, head: Uint8Array.from(head.subarray(0, 64)) }
}

async function* utf8Chunks(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new Utf8Text()
  for await (const chunk of bytes) yield decoder.write(chunk)
  const tail = decoder.end()
  if (tail) yield tail
}

function unreadable(path: string, error: unknown): SignetError {
  // A budget's own error (ERR_SCAN_GZIP_TOO_LARGE) keeps its code.
  if (error instanceof SignetError) return error
  const code = (error as NodeJS.ErrnoException).code
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'Z_DATA_ERROR'
          ? 'the gzip data is corrupt'
          : (error as Error).message
  return new SignetError('ERR_FILE_UNREADABLE', `Cannot read "${path}": ${reason}.`, { segment: path })
}

/**
 * An entry of a walked directory that is not read: a link to a directory (not followed: a link can
 * loop, and the directory it names can be given on its own), a FIFO (reading one waits for a
 * writer), a socket or a device. The code marks it as skipped, not failed (report.ts).
 */
function notRead(
  path: string,
  entry: Dirent,
  target: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean },
): SignetError {
  const what = target.isDirectory()
    ? entry.isSymbolicLink()
      ? 'a link to a directory, not followed (give the directory itself to scan it)'
      : 'a directory'
    : target.isFIFO()
      ? 'a FIFO found in a directory, not read (name it on the command line to read it)'
      : target.isSocket()
        ? 'a socket'
        : 'a special file (device), not read'
  return new SignetError('ERR_SCAN_INPUT_SKIPPED', `Skipped "${path}": ${what}.`, { segment: path })
}

function tooMany(): SignetError {
  return new SignetError(
    'ERR_SCAN_TOO_MANY_FILES',
    `More than ${plural(maxInputFiles, 'file')} to scan: narrow the paths, or use --include/--exclude globs.`,
  )
}
