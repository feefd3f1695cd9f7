import type { VerifyTokenResult } from '#shared/contract/keys'
import type { SerializedError } from '#shared/errors'
import type { KeyInfo } from '#shared/managed-keys/types'
import type { Policy } from '#shared/validation-policy/policy'
import type { KeyText } from '../inspector/verify/key-input'
import type { ScanRow, ScanTokenLimit } from './scan-core'

/**
 * Messages between the Scan screen and its worker (scan.worker.ts). The worker has no window.signet:
 * a managed HMAC key's secret stays in main, so the worker asks the page ('remote-verify') and the
 * page answers over keys:verify-token ('remote-result') — the channel Inspect uses for the same keys.
 */

/** Where the scan's verification keys come from. A pasted key never leaves the renderer and is never stored. */
export type ScanKeyRequest =
  | { kind: 'none' }
  /** the public parts of Signet's managed keys (keys:list) */
  | { kind: 'managed'; keys: KeyInfo[] }
  /** a JWK, JWKS, PEM or HMAC secret as Inspect's key panel reads it */
  | { kind: 'text'; key: KeyText }

export type ScanRequest =
  | { type: 'scan'; files: File[]; now: number; policy: Policy; key: ScanKeyRequest }
  | { type: 'remote-result'; id: number; result: VerifyTokenResult | null; error: SerializedError | null }

export type ScanResponse =
  | { type: 'progress'; phase: 'finding' | 'verifying'; done: number; total: number; file: string }
  | { type: 'remote-verify'; id: number; token: string }
  | {
      type: 'done'
      rows: ScanRow[]
      files: ScanFileOutcome[]
      elapsedMs: number
      keyLabel: string | null
      keyError: string | null
      /** set when the scan reached maxAppScanTokens and stopped adding tokens */
      tokenLimit: ScanTokenLimit | null
    }

export interface ScanFileOutcome {
  name: string
  size: number
  error?: string
}

/**
 * Files larger than this are refused with a message. Not for memory — the worker streams a file
 * (scan-core.ts), holding a chunk or one HAR entry — but for time: one worker reads some tens of
 * MB a second, so past this a scan belongs to `signet scan`, which spreads files over cores.
 */
export const maxScanFileBytes = 2 * 1024 * 1024 * 1024
