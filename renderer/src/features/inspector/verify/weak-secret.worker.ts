/// <reference lib="webworker" />
import { SignetError } from '#shared/errors'
import { findWeakSecret } from '#shared/token/weak-secrets'
import type { WeakSecretRequest, WeakSecretResponse } from './weak-secret-protocol'

/**
 * The full weak-secret dictionary, off the UI thread: one worker per check, ended by the page to
 * cancel (terminate() stops it mid-slice, which no flag could).
 */
const scope = self as unknown as DedicatedWorkerGlobalScope
const post = (message: WeakSecretResponse) => scope.postMessage(message)

scope.onmessage = (event: MessageEvent<WeakSecretRequest>) => {
  const started = performance.now()
  findWeakSecret(event.data.token, { onProgress: (progress) => post({ type: 'progress', ...progress }) }).then(
    (match) => post({ type: 'done', match, elapsedMs: Math.round(performance.now() - started) }),
    (error: unknown) =>
      post({
        type: 'error',
        error:
          error instanceof SignetError
            ? error.toJSON()
            : { code: 'ERR_INTERNAL', message: 'The weak-secret check failed unexpectedly.' },
      }),
  )
}
