import type { SerializedError } from '#shared/errors'
import type { WeakSecretMatch } from '#shared/token/weak-secrets'

/** The messages between the inspector and its weak-secret worker. */
export interface WeakSecretRequest {
  token: string
}

export type WeakSecretResponse =
  | { type: 'progress'; tried: number; total: number }
  | { type: 'done'; match: WeakSecretMatch | null; elapsedMs: number }
  | { type: 'error'; error: SerializedError }
