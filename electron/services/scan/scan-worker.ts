import { parentPort } from 'node:worker_threads'
import { findInInput, type FindOptions } from './find-in-input'

/** A scan worker thread: finds the tokens of one file per message and posts them back in batches. */
parentPort?.on('message', (message: { path: string; options: FindOptions }) => {
  void findInInput(message.path, (found) => parentPort!.postMessage({ type: 'found', found }), message.options).then(
    (outcome) => parentPort!.postMessage({ type: 'done', outcome }),
    (error: unknown) => {
      throw error
    },
  )
})
