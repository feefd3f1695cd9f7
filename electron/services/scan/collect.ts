import { Worker } from 'node:worker_threads'
import { findInInput, type FindOptions, type FoundToken, type InputOutcome } from './find-in-input'
import { inputFiles, type InputFile, type InputFilter } from './inputs'
import { TokenIndex } from './token-index'
import { FoundInOrder } from './found-order'

/**
 * The finding half of a scan: every input through findInInput, on `jobs` worker threads when a
 * worker script is given (one file at a time per worker, results de-duplicated here), in this
 * thread otherwise. Standard input is always read here.
 *
 * The sightings reach the index in input order whatever the number of workers: a worker's file
 * is taken in only once every file before it in the walk has been, its sightings held until then.
 * So the index — which tokens, in which order, with which locations first — is the same with
 * `--jobs 3` as with `--jobs 1`, and so is every report built from it.
 *
 * Backpressure holds with workers too: a worker waits for the main thread's ack once it has a few
 * batches out (found-credit.ts), and a batch is acknowledged once the sink has taken it in — after
 * a streamed scan's analysis and output had room — or, for a later file held for input order, while
 * the held tokens stay within a budget (found-order.ts). So a pipe nobody reads, or one huge first
 * file, stops the workers instead of piling their sightings up in this thread.
 */

/** Where sightings go: the index (a whole report), or a streamed scan's StreamIndex. */
export interface TokenSink {
  /** a promise: the reader waits before reading on (a streamed scan's output is full) */
  add(found: FoundToken[]): void | Promise<void>
  /** distinct tokens so far */
  readonly size: number
}

export interface CollectOptions extends FindOptions, InputFilter {
  paths: readonly string[]
  jobs?: number
  /** the bundled scan-worker script; without it everything runs in this thread */
  workerUrl?: URL
  onInput?: (outcome: InputOutcome) => void
  /** after each addition to the index, with its count of distinct tokens (a scan starts its analyse pool from here) */
  onIndexed?: (distinct: number) => void
}

export interface Collected {
  index: TokenIndex
  inputs: InputOutcome[]
}

export async function collectTokens(options: CollectOptions): Promise<Collected> {
  const index = new TokenIndex()
  return { index, inputs: await collectInto(index, options) }
}

/** collectTokens into any sink; the inputs' outcomes, in input order. */
export async function collectInto(sink: TokenSink, options: CollectOptions): Promise<InputOutcome[]> {
  const add = (found: FoundToken[]) => {
    const wait = sink.add(found)
    options.onIndexed?.(sink.size)
    return wait
  }
  const inputs: InputOutcome[] = []
  const record = (outcome: InputOutcome) => {
    inputs.push(outcome)
    options.onInput?.(outcome)
  }
  const findOptions: FindOptions = {
    ...(options.maxTokenLength !== undefined ? { maxTokenLength: options.maxTokenLength } : {}),
    ...(options.harAware !== undefined ? { harAware: options.harAware } : {}),
    ...(options.har ? { har: options.har } : {}),
  }
  const files = options.paths.filter((p) => p !== '-')
  if (options.paths.includes('-')) record(await findInInput('-', add, findOptions))
  const walk = readablePaths(
    inputFiles(files, {
      ...(options.include ? { include: options.include } : {}),
      ...(options.exclude ? { exclude: options.exclude } : {}),
    }),
    record,
  )
  const jobs = Math.max(1, options.jobs ?? 1)
  if (jobs === 1 || !options.workerUrl) {
    for await (const file of walk) record(await findInInput(file.path, add, findOptions))
    return inputs
  }
  // One file is found in this thread: a finding worker would cost its start-up and the cloning of
  // every token found, and share nothing out (the verification workers start meanwhile).
  const first = await walk.next()
  if (first.done) return inputs
  const second = await walk.next()
  if (second.done) {
    record(await findInInput(first.value.path, add, findOptions))
    return inputs
  }
  await withWorkers(options.workerUrl, jobs, prepend([first.value, second.value], walk), findOptions, add, record)
  return inputs
}

/** The walk's paths that can be read; each one that could not be walked is recorded as an error. */
async function* readablePaths(
  walk: AsyncGenerator<InputFile>,
  record: (outcome: InputOutcome) => void,
): AsyncGenerator<InputFile> {
  for await (const file of walk) {
    if (!file.error) yield file
    else
      record({
        file: file.path,
        status: 'error',
        characters: 0,
        skippedTooLong: 0,
        error: { code: file.error.code, message: file.error.message },
      })
  }
}

async function* prepend<T>(head: readonly T[], rest: AsyncGenerator<T>): AsyncGenerator<T> {
  yield* head
  yield* rest
}

type WorkerMessage = { type: 'found'; found: FoundToken[] } | { type: 'done'; outcome: InputOutcome }

/** What the main thread posts to a finding worker: a file to read, or the ack of one batch (found-credit.ts). */
export type FindWorkerRequest = { path: string; options: FindOptions } | { type: 'found-ack' }

async function withWorkers(
  url: URL,
  jobs: number,
  walk: AsyncGenerator<{ path: string }>,
  options: FindOptions,
  onFound: (found: FoundToken[]) => void | Promise<void>,
  onDone: (outcome: InputOutcome) => void,
): Promise<void> {
  let failure: unknown = null
  // Every lane's worker, to end them all at the first failure: a worker waiting for an ack that
  // will never come would otherwise keep its lane open for ever.
  const live = new Map<Worker, () => void>()
  const fail = (error: unknown) => {
    failure ??= error
    for (const [worker, end] of live) void worker.terminate().then(end, end)
  }
  // Sightings in walk order, each batch acknowledged to its worker when taken in (found-order.ts).
  const order = new FoundInOrder<FoundToken, InputOutcome>({ sink: onFound, onDone, onError: fail })
  let taken = 0
  const next = async (): Promise<string | null> => {
    const item = await walk.next()
    return item.done ? null : item.value.path
  }
  // The walk is shared: pull one path at a time so workers never race on the generator.
  let queue = Promise.resolve<string | null>(null)
  const take = () => (queue = queue.then(next, next))
  const run = (worker: Worker, first: string) =>
    new Promise<void>((resolve) => {
      let file = -1
      let ended = false
      const end = () => {
        ended = true
        live.delete(worker)
        resolve()
      }
      live.set(worker, end)
      const ack = () => {
        if (!ended) worker.postMessage({ type: 'found-ack' } satisfies FindWorkerRequest)
      }
      const feed = async (path: string | null) => {
        if (path === null || failure) {
          await worker.terminate()
          end()
          return
        }
        file = taken++
        worker.postMessage({ path, options } satisfies FindWorkerRequest)
      }
      const takeNext = async () => feed(failure ? null : await take().catch((error: unknown) => (fail(error), null)))
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'found') order.found(file, message.found, ack)
        else {
          order.done(file, message.outcome)
          void takeNext()
        }
      })
      worker.on('error', (error) => {
        fail(error)
        end()
      })
      void feed(first)
    })
  // A worker starts only with a file in hand, and the next one only once this one has its file:
  // never more workers than files left (each costs its start-up and memory), at most `jobs`.
  const lanes: Promise<void>[] = []
  const lane = async (): Promise<void> => {
    const first = failure ? null : await take().catch((error: unknown) => (fail(error), null))
    if (first === null) return
    if (lanes.length < jobs) lanes.push(lane())
    await run(new Worker(url), first)
  }
  lanes.push(lane())
  // lanes grows while it is awaited: each lane adds the next before it ends.
  for (let i = 0; i < lanes.length; i++) await lanes[i]
  if (failure) throw failure
  const whole = await order.settled()
  if (failure) throw failure
  if (!whole) throw new Error('a finding worker ended before its file was read whole')
}
