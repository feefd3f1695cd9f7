import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { StoreRecovery } from '#shared/contract'
import { SignetError } from '#shared/errors'
import { withStoreLockSync } from './store-lock'
import { recordRecovery } from './store-recovery-marker'
import { currentStoreVersion, emptyStoreData, storeDataSchema, storeMigrations, type StoreData } from './store-schema'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * Signet's store file, opened through a backend that is electron-store in the app and conf in the
 * CLI and tests (electron-store *is* conf with Electron's paths, and imports 'electron', which plain
 * Node cannot load). Both give atomic temp→fsync→rename writes; this file adds what Signet needs on
 * top: schema validation, numbered migrations, and never replacing a file it cannot read unless
 * asked to (`recover()`), which keeps the file and leaves a marker (store-recovery-marker.ts).
 */

export const storeFileName = 'signet.json'

/** What both conf and electron-store provide. */
export interface StoreBackend {
  readonly path: string
  store: Record<string, unknown>
}

export type StoreBackendFactory = (options: { cwd: string; name: string }) => StoreBackend

export interface Store {
  readonly path: string
  /**
   * Why the store file cannot be used right now (a full sentence with the fix), or null when it
   * can. Nothing is ever moved or rewritten because of it: only `recover()` does that.
   */
  problem(): string | null
  /** throws ERR_STORE_CORRUPT when the file cannot be read or no longer matches the schema */
  read(): StoreData
  /** read-modify-write; the result is validated before it is written; throws ERR_STORE_CORRUPT like read() */
  update(change: (data: StoreData) => StoreData): StoreData
  /**
   * The explicit recovery (`signet store recover`, the app's start-up): when the file on disk is
   * unreadable, records it in the recovery marker, moves it aside (never deletes it) and starts an
   * empty store. Returns null, changing nothing, when the file is readable.
   */
  recover(): StoreRecovery | null
}

export interface StoreVersioning {
  current: number
  migrations: Record<number, (data: Record<string, unknown>) => Record<string, unknown>>
}

/**
 * Opens the store of a data directory (creating the directory 0700 and an empty store on first
 * use). An unreadable file is left exactly as it is: every read and update then fails with
 * ERR_STORE_CORRUPT saying what is wrong, where, and what to do, until the file is restored or
 * `recover()` is called. Throws ERR_STORE_NEWER_VERSION for a file from a newer Signet.
 */
export function openStore(options: {
  dataDir: string
  createBackend: StoreBackendFactory
  now?: () => Date
  /** overridable so tests can exercise the migration hook; the app uses store-schema.ts */
  versioning?: StoreVersioning
}): Store {
  const now = options.now ?? (() => new Date())
  const path = join(options.dataDir, storeFileName)
  const versioning = options.versioning ?? { current: currentStoreVersion, migrations: storeMigrations }
  const lockPath = `${path}.lock`
  // Owner-only: the store names every key and set, the audit log every action (issue 10 item 11).
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const backendName = storeFileName.replace(/\.json$/, '')
  let backend: StoreBackend | null = null
  let openProblem: string | null = null

  function attach(loaded: Readable): void {
    // Created only for a readable file: conf refuses to open a file that is not JSON.
    const created = options.createBackend({ cwd: options.dataDir, name: backendName })
    if (loaded.rewrite) created.store = loaded.data
    backend = created
    openProblem = null
  }

  // Under the lock: two processes starting at once must not both migrate or both create the file.
  withStoreLockSync(lockPath, () => {
    const loaded = loadExisting(path, versioning)
    if ('unreadable' in loaded) openProblem = loaded.unreadable
    else attach(loaded)
  })

  function current(): StoreBackend {
    if (!backend) throw corrupt(path, openProblem ?? 'it could not be read')
    return backend
  }

  function read(): StoreData {
    const source = current()
    let raw: unknown
    try {
      raw = source.store
    } catch (error) {
      // conf re-reads the file on every access: it may have been damaged since it was opened.
      throw corrupt(
        path,
        error instanceof SyntaxError
          ? describeJson(safeRead(path))
          : `it could not be read (${(error as Error).message})`,
      )
    }
    const parsed = storeDataSchema.safeParse(raw)
    if (!parsed.success) throw corrupt(path, `it no longer matches the store schema (${describeIssue(parsed.error)})`)
    return parsed.data
  }

  return {
    path,
    problem() {
      if (!backend) return corrupt(path, openProblem ?? 'it could not be read').message
      try {
        read()
        return null
      } catch (error) {
        if (error instanceof SignetError) return error.message
        throw error
      }
    },
    read,
    update(change) {
      // Read, change and write under one cross-process lock, so a concurrent writer's change is
      // never overwritten by a document read before it landed.
      return withStoreLockSync(lockPath, () => {
        const source = current()
        const next = storeDataSchema.safeParse(change(read()))
        if (!next.success) {
          throw new SignetError(
            'ERR_INTERNAL',
            `Refused to write an invalid store document (${describeIssue(next.error)}).`,
          )
        }
        try {
          source.store = next.data
        } catch (error) {
          throw new SignetError(
            'ERR_STORE_UNWRITABLE',
            `Could not write the store file ${path}: ${(error as Error).message}. Check the disk has space and the directory is writable.`,
            { segment: path },
          )
        }
        return next.data
      })
    },
    recover() {
      return withStoreLockSync(lockPath, () => {
        // Judge the file as it is now: another process may have restored or recovered it already.
        const loaded = loadExisting(path, versioning)
        if (!('unreadable' in loaded)) {
          attach(loaded)
          return null
        }
        const recovery = moveAside(options.dataDir, path, loaded.unreadable, now)
        attach({ data: emptyStoreData(), rewrite: true })
        return recovery
      })
    },
  }
}

/** The one message for an unusable store: what is wrong, where, and the two ways out. */
export function corrupt(path: string, reason: string): SignetError {
  return new SignetError(
    'ERR_STORE_CORRUPT',
    `The store file ${path} cannot be used: ${reason}. Nothing was changed. Restore the file from a copy ` +
      '(or restore a Signet backup into a new data directory), or run "signet store recover" to move it aside ' +
      '(it is kept, never deleted) and start with an empty store. Private keys in the OS keychain are not touched either way.',
    { segment: path },
  )
}

interface Readable {
  data: StoreData
  /** true when the backend must be (re)written: a new or migrated file */
  rewrite: boolean
}
type Loaded = Readable | { unreadable: string }

function loadExisting(path: string, { current, migrations }: StoreVersioning): Loaded {
  if (!existsSync(path)) return { data: emptyStoreData(), rewrite: true }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new SignetError(
      'ERR_STORE_UNWRITABLE',
      `Could not read the store file ${path}: ${(error as Error).message}. Check its permissions.`,
      { segment: path },
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { unreadable: describeJson(text) }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { unreadable: 'it is not a JSON object' }
  const document = raw as Record<string, unknown>
  const version = document.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { unreadable: 'it has no valid "schemaVersion"' }
  }
  if (version > current) {
    // Never rewrite a newer file: that would destroy what the newer release stored.
    throw new SignetError(
      'ERR_STORE_NEWER_VERSION',
      `The store file ${path} was written by a newer Signet (schema version ${version}; this one reads up to ` +
        `${current}). Upgrade Signet, or point it at another data directory with --data-dir.`,
      { segment: path },
    )
  }
  let migrated = document
  for (let v = version; v < current; v++) {
    const migrate = migrations[v]
    if (!migrate) return { unreadable: `there is no migration from schema version ${v}` }
    migrated = { ...migrate(migrated), schemaVersion: v + 1 }
  }
  const parsed = storeDataSchema.safeParse(migrated)
  if (!parsed.success) return { unreadable: `it does not match the store schema (${describeIssue(parsed.error)})` }
  return { data: parsed.data, rewrite: version !== current }
}

/**
 * Why text is not JSON, without quoting it: the parser's own message repeats the file's bytes,
 * which are untrusted (terminal escapes) and not ours to print.
 */
function describeJson(text: string | null): string {
  if (text === null) return 'it could not be read'
  if (text.trim() === '') return `it is empty (${formatBytes(Buffer.byteLength(text))})`
  return `it is not valid JSON (${formatBytes(Buffer.byteLength(text))}; cut off or overwritten)`
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/**
 * Records the recovery in the marker first, then moves the file aside under a name that sorts by
 * time. A crash between the two leaves a marker for a recovery that did not finish (the file is
 * still in place and still reported): over-reporting, never hiding.
 */
function moveAside(dataDir: string, path: string, reason: string, now: () => Date): StoreRecovery {
  const at = now().toISOString()
  const stamp = at.replace(/[:.]/g, '-')
  let movedTo = `${path}.corrupt-${stamp}`
  for (let n = 1; existsSync(movedTo); n++) movedTo = `${path}.corrupt-${stamp}-${n}`
  const recovery: StoreRecovery = {
    movedTo,
    at,
    reason: `The store file was unreadable: ${reason}. It was kept at ${movedTo}; Signet started with an empty store.`,
  }
  const undo = recordRecovery(dataDir, recovery)
  try {
    renameSync(path, movedTo)
  } catch (error) {
    undo()
    throw new SignetError(
      'ERR_STORE_CORRUPT',
      `The store file ${path} is unreadable (${reason}) and could not be moved aside (${(error as Error).message}). ` +
        'Move or repair it by hand, then start Signet again.',
      { segment: path },
    )
  }
  return recovery
}

function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]
  if (!issue) return 'unknown problem'
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message
}
