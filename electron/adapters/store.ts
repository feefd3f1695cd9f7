import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { StoreRecovery } from '../../shared/contract'
import { SignetError } from '../../shared/errors'
import { withStoreLockSync } from './store-lock'
import {
  currentStoreVersion,
  emptyStoreData,
  storeDataSchema,
  storeMigrations,
  type StoreData,
} from './store-schema'

/**
 * Signet's store file, opened through a backend that is electron-store in the app and conf in the
 * CLI and tests (electron-store *is* conf with Electron's paths, and imports 'electron', which plain
 * Node cannot load). Both give atomic temp→fsync→rename writes; this file adds what Signet needs on
 * top: schema validation, numbered migrations, and never silently replacing a file it cannot read.
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
  /** what happened to an unreadable file at open, if anything */
  readonly recovery: StoreRecovery | null
  read(): StoreData
  /** read-modify-write; the result is validated before it is written */
  update(change: (data: StoreData) => StoreData): StoreData
}

export interface StoreVersioning {
  current: number
  migrations: Record<number, (data: Record<string, unknown>) => Record<string, unknown>>
}

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
  mkdirSync(options.dataDir, { recursive: true })
  // Under the lock: two processes starting at once must not both migrate or both move a file aside.
  // The backend is created only after recovery: conf refuses to open a file that is not JSON.
  const { loaded, backend } = withStoreLockSync(lockPath, () => {
    const result = loadExisting(path, now, versioning)
    const created = options.createBackend({ cwd: options.dataDir, name: storeFileName.replace(/\.json$/, '') })
    if (result.rewrite) created.store = result.data
    return { loaded: result, backend: created }
  })

  function read(): StoreData {
    const parsed = storeDataSchema.safeParse(backend.store)
    if (!parsed.success) {
      throw new SignetError(
        'ERR_STORE_CORRUPT',
        `The store file ${backend.path} was changed outside Signet and no longer matches its schema ` +
          `(${describeIssue(parsed.error)}). Restart Signet: it will move the file aside and start afresh.`,
        { segment: backend.path },
      )
    }
    return parsed.data
  }

  return {
    path: backend.path,
    recovery: loaded.recovery,
    read,
    update(change) {
      // Read, change and write under one cross-process lock, so a concurrent writer's change is
      // never overwritten by a document read before it landed.
      return withStoreLockSync(lockPath, () => {
        const next = storeDataSchema.safeParse(change(read()))
        if (!next.success) {
          throw new SignetError('ERR_INTERNAL', `Refused to write an invalid store document (${describeIssue(next.error)}).`)
        }
        try {
          backend.store = next.data
        } catch (error) {
          throw new SignetError(
            'ERR_STORE_UNWRITABLE',
            `Could not write the store file ${backend.path}: ${(error as Error).message}. Check the disk has space and the directory is writable.`,
            { segment: backend.path },
          )
        }
        return next.data
      })
    },
  }
}

interface Loaded {
  data: StoreData
  /** true when the backend must be (re)written: a new, migrated or recovered file */
  rewrite: boolean
  recovery: StoreRecovery | null
}

function loadExisting(path: string, now: () => Date, { current, migrations }: StoreVersioning): Loaded {
  if (!existsSync(path)) return { data: emptyStoreData(), rewrite: true, recovery: null }
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
  } catch (error) {
    return recover(path, `it is not valid JSON (${(error as Error).message})`, now)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return recover(path, 'it is not a JSON object', now)
  const document = raw as Record<string, unknown>
  const version = document.schemaVersion
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return recover(path, 'it has no valid "schemaVersion"', now)
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
    if (!migrate) return recover(path, `there is no migration from schema version ${v}`, now)
    migrated = { ...migrate(migrated), schemaVersion: v + 1 }
  }
  const parsed = storeDataSchema.safeParse(migrated)
  if (!parsed.success) return recover(path, `it does not match the store schema (${describeIssue(parsed.error)})`, now)
  return { data: parsed.data, rewrite: version !== current, recovery: null }
}

/** Moves the unreadable file aside, under a name that sorts by time, and starts from an empty store. */
function recover(path: string, reason: string, now: () => Date): Loaded {
  const stamp = now().toISOString().replace(/[:.]/g, '-')
  let movedTo = `${path}.corrupt-${stamp}`
  for (let n = 1; existsSync(movedTo); n++) movedTo = `${path}.corrupt-${stamp}-${n}`
  try {
    renameSync(path, movedTo)
  } catch (error) {
    throw new SignetError(
      'ERR_STORE_CORRUPT',
      `The store file ${path} is unreadable (${reason}) and could not be moved aside (${(error as Error).message}). ` +
        'Move or repair it by hand, then start Signet again.',
      { segment: path },
    )
  }
  return {
    data: emptyStoreData(),
    rewrite: true,
    recovery: { movedTo, reason: `The store file was unreadable: ${reason}. It was kept at ${movedTo}; Signet started with an empty store.`, at: now().toISOString() },
  }
}

function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0]
  if (!issue) return 'unknown problem'
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message
}
