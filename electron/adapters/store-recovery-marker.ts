import { existsSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { StoreRecovery } from '#shared/contract'
import { SignetError } from '#shared/errors'
import { writeFileAtomicSync } from './atomic-file'

/**
 * The store recovery marker: <dataDir>/signet.recovery.json, the history of every time an
 * unreadable store file was moved aside, each with when it was acknowledged (null until then).
 *
 * Why a file of its own beside the store, and not a member of the store: the store is the very
 * thing that was lost. A marker inside the fresh store would vanish with the next restore of an
 * older store copy or the next recovery, and it would share the fate of any later damage to the
 * store file. A separate small file, written atomically (temporary file, fsync, rename) with
 * owner-only permissions, survives all of those, and it is written BEFORE the bad file is moved,
 * so a crash in between over-reports a recovery rather than hiding one.
 *
 * Acknowledging never deletes a record: it stamps `acknowledgedAt`, so the history stays.
 */

export const recoveryMarkerFileName = 'signet.recovery.json'

const recordSchema = z
  .object({
    at: z.string(),
    movedTo: z.string(),
    reason: z.string(),
    acknowledgedAt: z.string().nullable(),
  })
  .strict()

const markerSchema = z
  .object({
    format: z.literal('signet-store-recovery'),
    version: z.literal(1),
    recoveries: z.array(recordSchema).max(10_000),
  })
  .strict()

export type RecoveryRecord = z.infer<typeof recordSchema>

export type MarkerState =
  { kind: 'none' } | { kind: 'ok'; recoveries: RecoveryRecord[] } | { kind: 'unreadable'; path: string; at: string }

export function recoveryMarkerPath(dataDir: string): string {
  return join(dataDir, recoveryMarkerFileName)
}

export function readRecoveryMarker(dataDir: string): MarkerState {
  const path = recoveryMarkerPath(dataDir)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' }
    return { kind: 'unreadable', path, at: modifiedAt(path) }
  }
  try {
    const parsed = markerSchema.safeParse(JSON.parse(text))
    if (parsed.success) return { kind: 'ok', recoveries: parsed.data.recoveries }
  } catch {
    // falls through: not JSON
  }
  return { kind: 'unreadable', path, at: modifiedAt(path) }
}

/**
 * The most recent recovery the user has not acknowledged, or null. An unreadable marker counts as
 * unacknowledged: it exists only because a recovery happened, so hiding it would be the unsafe answer.
 */
export function pendingRecovery(dataDir: string): StoreRecovery | null {
  const state = readRecoveryMarker(dataDir)
  if (state.kind === 'none') return null
  if (state.kind === 'unreadable') {
    return {
      movedTo: state.path,
      at: state.at,
      reason:
        `The store recovery marker ${state.path} cannot be read, so Signet cannot tell which store file was moved aside or when. ` +
        'Look for signet.json.corrupt-* files in the data directory before deleting any keychain entry, then run "signet store acknowledge".',
    }
  }
  const pending = state.recoveries.filter((r) => r.acknowledgedAt === null)
  const latest = pending[pending.length - 1]
  return latest ? { movedTo: latest.movedTo, reason: latest.reason, at: latest.at } : null
}

/** Adds a record (written before the file is moved) and returns a function that takes it back out if the move fails. */
export function recordRecovery(dataDir: string, record: Omit<RecoveryRecord, 'acknowledgedAt'>): () => void {
  const before = readRecoveryMarker(dataDir)
  const kept = before.kind === 'ok' ? before.recoveries : []
  if (before.kind === 'unreadable') keepAside(before.path, record.at)
  write(dataDir, [...kept, { ...record, acknowledgedAt: null }])
  return () => write(dataDir, kept)
}

/**
 * Stamps every unacknowledged recovery at or before `upTo` (all of them when absent) as
 * acknowledged at `now`; returns the records it stamped. An unreadable marker is kept aside under a
 * new name (never deleted) and replaced by an empty history.
 */
export function acknowledgeRecoveries(
  dataDir: string,
  now: string,
  upTo?: string,
): { acknowledged: RecoveryRecord[]; keptUnreadableAt: string | null } {
  const state = readRecoveryMarker(dataDir)
  if (state.kind === 'none') return { acknowledged: [], keptUnreadableAt: null }
  if (state.kind === 'unreadable') {
    const keptAt = keepAside(state.path, now)
    write(dataDir, [])
    return { acknowledged: [], keptUnreadableAt: keptAt }
  }
  const acknowledged: RecoveryRecord[] = []
  const next = state.recoveries.map((r) => {
    if (r.acknowledgedAt !== null || (upTo !== undefined && r.at > upTo)) return r
    acknowledged.push(r)
    return { ...r, acknowledgedAt: now }
  })
  if (acknowledged.length) write(dataDir, next)
  return { acknowledged, keptUnreadableAt: null }
}

function write(dataDir: string, recoveries: RecoveryRecord[]): void {
  const path = recoveryMarkerPath(dataDir)
  try {
    writeFileAtomicSync(
      path,
      `${JSON.stringify({ format: 'signet-store-recovery', version: 1, recoveries }, null, 2)}\n`,
    )
  } catch (error) {
    throw new SignetError(
      'ERR_STORE_UNWRITABLE',
      `Could not write the store recovery marker ${path}: ${(error as Error).message}. Check that the data directory is writable; nothing was moved.`,
      { segment: path },
    )
  }
}

function keepAside(path: string, at: string): string {
  const stamp = at.replace(/[:.]/g, '-')
  let target = `${path}.unreadable-${stamp}`
  for (let n = 1; existsSync(target); n++) target = `${path}.unreadable-${stamp}-${n}`
  renameSync(path, target)
  return target
}

function modifiedAt(path: string): string {
  try {
    return statSync(path).mtime.toISOString()
  } catch {
    return new Date(0).toISOString()
  }
}
