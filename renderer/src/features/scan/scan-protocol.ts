import type { ScanRow } from './scan-core'

/** Messages between the Scan screen and its worker (scan.worker.ts). */
export type ScanRequest = { files: File[]; now: number }
export type ScanResponse =
  | { type: 'progress'; done: number; total: number; file: string }
  | { type: 'done'; rows: ScanRow[]; files: ScanFileOutcome[]; elapsedMs: number }

export interface ScanFileOutcome {
  name: string
  size: number
  error?: string
}

/** Files larger than this are refused with a message: the text is held whole in the worker's memory. */
export const maxScanFileBytes = 256 * 1024 * 1024
