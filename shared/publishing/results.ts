import type { JwksDiff } from '../jwks/diff'
import type { JwksFinding } from '../jwks/lint'
import type { SerializedError } from '../errors'
import type { Warning } from '../managed-keys/types'
import type { PublishTarget, PublishTargetKind } from './targets'

/**
 * What the publishing services answer (electron/services/publishing/), declared here so the IPC
 * contract (shared/contract/publishing.ts), the CLI and the JWKS screen share one shape. Public data
 * only: public JWKs, kids, hashes, paths the user chose.
 */

/** A publish target with the name of its set. */
export interface TargetInfo extends PublishTarget {
  setName: string
}

export interface PlanRefusal {
  /** 'key-changed': a kid now names other key material (never forceable); 'removal': tokens may still need the key;
   *  'unjudged-removal': a kid the set does not know; 'lint': the new JWKS has a high finding (never forceable);
   *  'unreadable': the target holds something that is not a JWKS */
  kind: 'key-changed' | 'removal' | 'unjudged-removal' | 'lint' | 'unreadable'
  kid: string | null
  message: string
  /** whether `--force --reason` may override it */
  forceable: boolean
}

export interface TargetPlan {
  target: string
  kind: PublishTargetKind
  /** where the current content came from: the target itself, or (command without read command) Signet's last write */
  source: 'target' | 'last-publish'
  current: { sha256: string | null; kids: string[] }
  next: { sha256: string; kids: string[] }
  /** the target already holds exactly these bytes */
  upToDate: boolean
  diff: JwksDiff
  refusals: PlanRefusal[]
  /** no refusal at all: publishing needs no force */
  ok: boolean
}

export interface PublishPlan {
  set: string
  /** the bytes every target should hold (shared/jwks/serialize.ts) */
  jwks: string
  sha256: string
  /** lint findings of the JWKS to publish */
  findings: JwksFinding[]
  targets: TargetPlan[]
  ok: boolean
}

export interface TargetPublishResult {
  target: string
  kind: PublishTargetKind
  /** SHA-256 of the bytes now on the target, hex */
  sha256: string
  added: string[]
  removed: string[]
  /** the target already held these bytes: nothing was written */
  upToDate: boolean
  forced: boolean
  commit: string | null
  /** a command target's exit status and output */
  command: { exitCode: number; stdout: string; stderr: string } | null
  /** what was overridden by force */
  overridden: PlanRefusal[]
}

export interface PublishResult {
  set: string
  targets: TargetPublishResult[]
  warnings: Warning[]
}

/**
 * One target's progress in a publish (the jwks:publish-progressed event), sent as it happens so a
 * slow target (a git push, an upload command) shows where the publish is. For each target in
 * order: `started`, then `published` (with the very result jwks:publish returns for it) or `failed`
 * (its error); after a failure the targets not attempted are `skipped`. Nothing is sent for a
 * publish refused by its plan: then no target is touched. `index` is 0-based, of `total` targets.
 */
export type PublishProgress = { set: string; target: string; kind: PublishTargetKind; index: number; total: number } & (
  | { status: 'started' }
  | { status: 'published'; result: TargetPublishResult }
  | { status: 'failed'; error: SerializedError }
  | { status: 'skipped' }
)
