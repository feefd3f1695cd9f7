import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { collectInto, type CollectOptions } from '#electron/services/scan/collect'
import { AnalysePool } from '#electron/services/scan/analyse-parallel'
import { analyseStream } from '#electron/services/scan/analyse-stream'
import { analysedHere, scanNdjsonVersion, type AnalysedToken } from '#electron/services/scan/analysed-token'
import { StreamIndex } from '#electron/services/scan/stream-index'
import {
  analyseAll,
  skippedInputCode,
  SummaryBuilder,
  type AnalyseOptions,
  type ScanSummary,
} from '#electron/services/scan/report'
import { TokenIndex, type IndexBudget } from '#electron/services/scan/token-index'
import { SarifBuilder, type SarifInputNote } from '#shared/scan/sarif'
import type { InputOutcome } from '#electron/services/scan/find-in-input'
import type { ScanKeySpec } from '#electron/services/scan/scan-key-spec'
import type { ManagedScanLists } from '#electron/services/scan/managed-scan-lists'
import type { SecretEncoding } from '#shared/key-material/secret'
import type { KeySource } from '#shared/key-material/types'
import { SignetError } from '#shared/errors'
import { maxScanJobs, maxScanTokenLength } from '#shared/limits'
import { plural } from '#shared/text/plural'
import { parseEvaluationTime } from '#shared/validation-policy/evaluation-time'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { readUserFile } from '../io'
import { readListTexts } from '../list-files'
import { verificationSource, withoutFinalNewline, type KeyOptions } from '../key-input'
import { formatSummary, formatTokenResult } from '../output/scan'
import { escapeJsonText, oneLine, safeJsonLine } from '../output/safe-text'
import { err, jsonLine, out, outChunk, outLine, outputRoom } from '../output/write'
import { colorEnabled } from '../output/style'
import { version } from '../version'

interface ScanOptions extends KeyOptions {
  include?: string[]
  exclude?: string[]
  har: boolean
  policy?: string
  at?: string
  json?: boolean
  ndjson?: boolean
  sarif?: boolean
  showTokens?: boolean
  jobs?: string
  maxTokenLength?: string
  managed?: boolean
  failUnverifiable?: boolean
  statusList?: string[]
  revocations?: string[]
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description(
      'find every JWT/JWS/JWE in files, directories, gzip files, HAR captures or standard input; decode, lint and (with a key) verify each distinct token once (exit 0 clean, 1 a token failed or was malformed or has a high finding, 2 usage)',
    )
    .argument('[paths...]', 'files or directories to scan; "-" (or nothing, with piped input) reads standard input')
    .option(
      '--include <glob>',
      'in directories given, only scan files matching this glob, as .gitignore reads patterns: without "/" it matches names at any depth ("*.log"), with "/" the path from the directory given ("logs/*.log", "**/logs/*.log"), a directory that matches takes all its files; files named on the command line are always read (repeat for several)',
      collect,
    )
    .option(
      '--exclude <glob>',
      'skip files and directories matching this glob, read as --include reads it ("node_modules", "tmp/" for directories only); globs that leave no file to read are an error (exit 2) (repeat for several)',
      collect,
    )
    .option(
      '--no-har',
      'read HAR captures (.har, .har.gz, or content that starts like one) as plain text instead of walking their entries',
    )
    .option('--key <file>', 'verification key: a JWK, a JWKS, or PEM')
    .option('--jwks <file>', "a JWK Set; each token's kid picks the key")
    .option(
      '--secret <secret>',
      'HMAC secret. A command line is visible to other local users (ps, /proc): prefer --secret-file',
    )
    .option('--secret-file <file>', 'file holding the HMAC secret')
    .option('--secret-encoding <encoding>', 'auto, utf8, base64, base64url or hex (default auto)')
    .option(
      '--managed',
      "verify with Signet's managed keys, as the app's Scan screen does (public keys from the store, HMAC secrets read from the OS keychain into this process, never printed)",
    )
    .option(
      '--fail-unverifiable',
      'exit 1 also when keys were given but none could check a token (an unknown kid; an algorithm no key fits, such as HS256 against public keys: the algorithm-confusion pattern). For input that should hold only tokens of the issuers whose keys you give',
    )
    .option(
      '--status-list <file>',
      "a Status List Token (statuslist+jwt): each verified token's status is checked in it, as `signet verify --status-list` does (a revoked or suspended token is invalid; repeat for several; needs a key)",
      collect,
    )
    .option(
      '--revocations <file>',
      "a Signet revocation list token: each verified token's jti, sub and iat are checked against it (repeat for several; needs a key)",
      collect,
    )
    .option('--policy <file>', 'a policy JSON file (as `signet verify --policy`)')
    .option('--at <time>', 'evaluate at this time: UNIX seconds or ISO 8601 with a zone (default now)')
    .option('--json', 'print one JSON document: {summary, tokens}')
    .option(
      '--ndjson',
      'stream one JSON object per line (schemaVersion 2): {"type":"token",…} for each distinct token as soon as it is analysed, with its locations so far; {"type":"location","sha256",…} for each later sighting of a token already printed; {"type":"summary",…} last. Lines come in analysis order (with --jobs > 1 not always input order): sort token lines by their first location for a stable order',
    )
    .option('--sarif', 'print a SARIF 2.1.0 log (findings and failed verdicts at their locations)')
    .option('--show-tokens', 'include the full tokens in the output (default: redacted, never the signature)')
    .option('--jobs <n>', 'worker threads for reading, finding and verifying (default: the number of cores)')
    .option('--max-token-length <n>', 'longest candidate considered, in characters (default 65536)')
    .addHelpText(
      'after',
      `
Verdicts, one per distinct token:
  valid         the signature verified with a given key and the policy's checks passed
  invalid       the signature or a policy check failed (a wrong key, a bad signature, a revoked token…)
  expired       verified, but exp has passed (or nbf/iat is in the future)
  unverifiable  no key given could check it (no key at all, an unknown kid, an algorithm no key fits)
  malformed     token-shaped text the strict decoder refuses (duplicate members, JSON past the budgets)
  encrypted     a JWE: reported by its header, not decrypted

Skipped, counted and named in the summary: binary files (a NUL byte in the first 8 KiB, so UTF-16
too), and in directories FIFOs, sockets, devices and links to directories. Links to files are read;
a file reached twice (named twice, or through a link) is read once.

Memory: the human report and --ndjson print each token when it is analysed (later sightings are
counted in the summary). --json and --sarif write one document and hold every distinct token until
the input is read: at most ${documentIndexBudget.maxTokens} (ERR_SCAN_TOO_MANY_TOKENS past it: use --ndjson).`,
    )
    .action(async (paths: string[], options: ScanOptions, command: Command) => {
      const formats = [options.json, options.ndjson, options.sarif].filter(Boolean).length
      if (formats > 1) throw new SignetError('ERR_USAGE', 'Choose one output format: --json, --ndjson or --sarif.')
      if (paths.length === 0) {
        if (process.stdin.isTTY)
          throw new SignetError('ERR_USAGE', 'Nothing to scan: give files or directories, or pipe text in ("-").')
        paths = ['-']
      }
      const jobs = positive(options.jobs, '--jobs', maxScanJobs, 'job') ?? Math.min(availableParallelism(), maxScanJobs)
      const maxTokenLength = positive(options.maxTokenLength, '--max-token-length', maxScanTokenLength, 'character')
      let policy = defaultPolicy()
      // The policy schema (zod) loads only when a policy is read or changed: it is most of a scan's start-up.
      if (options.policy !== undefined || options.at !== undefined) {
        const { mergePolicy, parsePolicyJson } = await import('#shared/validation-policy/policy')
        if (options.policy)
          policy = parsePolicyJson(readUserFile(options.policy, 'policy'), `The policy file "${options.policy}"`)
        if (options.at !== undefined) policy = mergePolicy(policy, { at: parseEvaluationTime(options.at) })
      }
      const at = policy.at === undefined ? Date.now() / 1000 : parseEvaluationTime(policy.at)
      const keyGiven = ['key', 'jwks', 'secret', 'secretFile'].some(
        (name) => options[name as keyof KeyOptions] !== undefined,
      )
      if (keyGiven && options.managed)
        throw new SignetError(
          'ERR_USAGE',
          'Give --managed or a key option (--key, --jwks, --secret, --secret-file), not both.',
        )
      if (options.failUnverifiable && !keyGiven && !options.managed)
        throw new SignetError(
          'ERR_USAGE',
          '--fail-unverifiable needs keys to verify with: give --key, --jwks, --secret, --secret-file or --managed.',
        )
      let lists = readListTexts(options)
      if (lists && !keyGiven && !options.managed)
        throw new SignetError(
          'ERR_USAGE',
          "--status-list and --revocations are verified with the tokens' keys: give --key, --jwks, --secret, --secret-file or --managed too.",
        )
      const {
        spec,
        source,
        managedLists = null,
      }: { spec: ScanKeySpec; source: KeySource | null; managedLists?: ManagedScanLists | null } = options.managed
        ? await managedKeys(command, at)
        : keyGiven
          ? await givenKeys(options, at)
          : { spec: { kind: 'none' } as const, source: null }
      // --managed: the store's lists as last exported, unless lists are named on the command line.
      const listsUsed = lists ? null : (managedLists?.used ?? null)
      lists ??= managedLists?.texts ?? null
      // Verified once here; each verification worker verifies the same texts once with its own source.
      // (The list decoders load only when a list is given.)
      const listEvidence =
        lists && source
          ? await import('#shared/token/verify/list-evidence').then(({ prepareListEvidence }) =>
              prepareListEvidence(lists, source, policy),
            )
          : null

      const human = formats === 0
      const progress = human && process.stderr.isTTY ? new Progress() : null
      let distinct = 0
      const workerUrl = new URL('./scan-worker.mjs', import.meta.url)
      const haveWorker = existsSync(fileURLToPath(workerUrl))
      const showTokens = options.showTokens ?? false
      // Verification on workers too, once there is more than one batch of distinct tokens to share out.
      // The pool starts as soon as the reading has found that many, so its workers load their code and
      // keys while the rest of the input is read, and a small scan never starts one.
      let pool: AnalysePool | null = null
      const startPool = () =>
        (pool = AnalysePool.start({
          spec,
          policy,
          at,
          showTokens,
          lists,
          jobs,
          workerUrl,
          batchSize: analyseBatchSize,
        }))
      const collectOptions: CollectOptions = {
        paths,
        jobs,
        ...(haveWorker ? { workerUrl } : {}),
        ...(options.include ? { include: options.include } : {}),
        ...(options.exclude ? { exclude: options.exclude } : {}),
        harAware: options.har,
        ...(maxTokenLength !== undefined ? { maxTokenLength } : {}),
        onInput: (outcome) => {
          // A failed input is said at once; a skipped one only in the summary (which names both).
          if (outcome.status === 'error' && outcome.error?.code !== skippedInputCode) {
            progress?.clear()
            if (human) err(`signet: ${outcome.error!.code}: ${outcome.error!.message}`)
            else
              err(
                safeJsonLine({
                  schemaVersion: 1,
                  code: outcome.error!.code,
                  message: outcome.error!.message,
                  file: outcome.file,
                }),
              )
          }
          progress?.input(outcome.characters, distinct)
        },
      }
      const summary = new SummaryBuilder({ failUnverifiable: options.failUnverifiable ?? false })
      const analyseOptions = {
        source,
        policy,
        at,
        showTokens,
        lists: listEvidence,
        startPool: jobs > 1 && haveWorker ? startPool : null,
        poolAfter: analyseBatchSize,
      }
      try {
        if (options.ndjson || human) {
          // Both stream: a token is printed when it is analysed, so memory does not grow with the report.
          const color = colorEnabled()
          let done = 0
          const inputs = await streamScan(
            collectOptions,
            summary,
            analyseOptions,
            (analysed, stream) => {
              if (options.ndjson) return jsonLine(escapeJsonText(analysed.ndjsonLine()))
              progress?.clear()
              outLine(`${formatTokenResult(analysed.result(), color, true)}\n`)
              progress?.analysed(++done, stream.size)
            },
            options.ndjson ?? false,
          )
          progress?.clear()
          summary.addInputs(inputs)
          const built = summary.build()
          if (options.ndjson) jsonLine(safeJsonLine({ schemaVersion: scanNdjsonVersion, type: 'summary', ...built }))
          else
            out(
              [
                formatSummary(built, color),
                ...(listsUsed && listsUsed.length > 0
                  ? [['Managed revocation lists:', ...listsUsed.map((line) => `  ${oneLine(line)}`)].join('\n')]
                  : []),
              ].join('\n\n'),
            )
          process.exitCode = built.exitCode
          return
        }
        // --json and --sarif are one document each: the whole input is read first (a token's entry
        // lists all its locations), within the document budget; then each token is written as it is
        // analysed and let go, so the document is never held whole.
        const index = new TokenIndex(documentIndexBudget)
        const inputs = await collectInto(index, {
          ...collectOptions,
          onIndexed: (count) => {
            distinct = count
            if (pool === null && jobs > 1 && haveWorker && count > analyseBatchSize) startPool()
          },
        })
        // Past the budget the scan stops, whichever input passed it: a document missing tokens would
        // look whole, and a pipeline reading summary.exitCode would pass what was never looked at.
        const over = inputs.find((i) => i.error?.code === 'ERR_SCAN_TOO_MANY_TOKENS')
        if (over) throw new SignetError('ERR_SCAN_TOO_MANY_TOKENS', over.error!.message)
        summary.addInputs(inputs)
        const results = pool
          ? (pool as AnalysePool).analyse(index)
          : analysedInThread(index, { source, policy, at, showTokens, lists: listEvidence })
        const sarif = options.sarif ? new SarifBuilder() : null
        outChunk(sarif ? SarifBuilder.streamHead() : '{"tokens":[')
        let first = true
        for await (const analysed of results) {
          summary.add(analysed.brief)
          const result = analysed.result()
          const items = sarif ? sarif.resultsOf(result) : [result]
          for (const item of items) {
            outChunk(`${first ? '' : ','}\n${safeJsonLine(item)}`)
            first = false
          }
          const room = outputRoom()
          if (room) await room
        }
        const built = summary.build()
        if (sarif) outChunk(`\n${escapeJsonText(sarif.streamTail(version, sarifNotes(built)))}\n`)
        else outChunk(`\n],"summary":${safeJsonLine(built)}}\n`)
        process.exitCode = built.exitCode
      } finally {
        await (pool as AnalysePool | null)?.close()
      }
    })
}

/**
 * What --json and --sarif hold before they write (the distinct tokens, their text and listed
 * locations: a few hundred bytes each). Measured (--jobs 1): 100,000 distinct minimal tokens peak at 289 MB RSS (2.7 GB before tokens were streamed out).
 * Past it the scan stops with exit 2 rather than write a document that looks whole but is not: a
 * pipeline reading `summary.exitCode` would pass a scan that never looked at the rest.
 */
export const documentIndexBudget: IndexBudget = {
  maxTokens: 100_000,
  maxLocations: 1000,
  maxListedLocations: 1_000_000,
  maxCharacters: 64 * 1024 * 1024,
  advice:
    'that is the limit of --json and --sarif, which hold every distinct token to write one document. Use --ndjson, which streams at constant memory, or split the input into shards.',
}

/** The summary's skipped and failed inputs as SARIF tool execution notifications. */
function sarifNotes(summary: ScanSummary): SarifInputNote[] {
  const notes: SarifInputNote[] = summary.inputs.notes.map((n) => ({
    file: n.file,
    level: n.status === 'error' ? 'error' : 'note',
    message: `${n.code ? `${n.code}: ` : ''}${n.message}`,
  }))
  if (summary.inputs.notesOmitted > 0)
    notes.push({ file: '.', level: 'note', message: `+${summary.inputs.notesOmitted} more inputs skipped or failed` })
  return notes
}

const analyseBatchSize = 128

/**
 * `--ndjson` and the human report: finding, analysing and printing at once. Each distinct token is
 * printed (`print`) as soon as it is analysed, with the locations seen so far; each later sighting
 * of a printed token becomes a location line at once under --ndjson, and is counted in the
 * summary in both. A slow reader slows the scan (outputRoom) rather than queueing output in
 * memory, and the reading waits for the analysis (StreamIndex).
 */
async function streamScan(
  collectOptions: CollectOptions,
  summary: SummaryBuilder,
  analyseOptions: Parameters<typeof analyseStream>[1],
  print: (analysed: AnalysedToken, stream: StreamIndex) => void,
  ndjson: boolean,
): Promise<InputOutcome[]> {
  const stream = new StreamIndex(
    (sha256, location) => {
      if (ndjson) jsonLine(safeJsonLine({ schemaVersion: scanNdjsonVersion, type: 'location', sha256, location }))
    },
    { room: outputRoom },
  )
  const collecting = collectInto(stream, collectOptions).finally(() => stream.close())
  // a reading that fails ends the stream; its error is thrown below, after the analysis stops
  collecting.catch(() => {})
  for await (const analysed of analyseStream(stream, analyseOptions)) {
    summary.add(analysed.brief)
    print(analysed, stream)
    stream.printed(analysed.sha256)
    const room = outputRoom()
    if (room) await room
  }
  const inputs = await collecting
  summary.setOccurrences(stream.occurrences)
  return inputs
}

async function* analysedInThread(index: TokenIndex, options: AnalyseOptions): AsyncGenerator<AnalysedToken> {
  for await (const result of analyseAll(index, options)) yield analysedHere(result)
}

/** The store's managed keys, read once (lazily imported: only --managed opens the store and the keychain). */
async function managedKeys(
  command: Command,
  at: number,
): Promise<{ spec: ScanKeySpec; source: KeySource; managedLists: ManagedScanLists }> {
  const [{ openCliContext }, { readManagedScanKeys, managedScanSource }, { managedScanLists }] = await Promise.all([
    import('../context'),
    import('#electron/services/scan/managed-scan-keys'),
    import('#electron/services/scan/managed-scan-lists'),
  ])
  const managed = await readManagedScanKeys(openCliContext(command))
  return {
    spec: { kind: 'managed', managed },
    source: managedScanSource(managed, at),
    managedLists: managedScanLists(managed.data),
  }
}

/** --key, --jwks, --secret or --secret-file: checked and read as `signet verify` does, and kept as text for the workers. */
async function givenKeys(options: ScanOptions, at: number): Promise<{ spec: ScanKeySpec; source: KeySource }> {
  const source = await verificationSource(options, at)
  const encoding = (options.secretEncoding ?? 'auto') as SecretEncoding | 'auto'
  if (options.secret !== undefined) return { spec: { kind: 'secret', secret: options.secret, encoding }, source }
  if (options.secretFile !== undefined) {
    const secret = withoutFinalNewline(readUserFile(options.secretFile, 'secret'))
    return { spec: { kind: 'secret', secret, encoding }, source }
  }
  const path = (options.jwks ?? options.key)!
  return { spec: { kind: 'key', text: readUserFile(path, 'key'), name: basename(path) }, source }
}

/** A positive whole number of at most `max` (ERR_USAGE stating the cap): a flag sizes memory and work. */
function positive(value: string | undefined, flag: string, max: number, unit: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9]\d*$/.test(value))
    throw new SignetError('ERR_USAGE', `${flag} takes a positive whole number, not "${value}".`)
  const number = Number(value)
  if (number > max)
    throw new SignetError('ERR_USAGE', `${flag} is at most ${plural(max, unit)}, not ${value}. Give ${max} or less.`)
  return number
}

/** A one-line progress display on standard error, redrawn at most ten times a second. */
class Progress {
  private characters = 0
  private files = 0
  private last = 0

  input(characters: number, tokens: number): void {
    this.files++
    this.characters += characters
    this.draw(
      `scanning: ${plural(this.files, 'input')}, ${(this.characters / 1e6).toFixed(1)} M characters, ${plural(tokens, 'distinct token')}`,
    )
  }

  analysed(done: number, total: number): void {
    const width = 30
    const filled = Math.round((done / Math.max(1, total)) * width)
    this.draw(`analysing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`, done === total)
  }

  clear(): void {
    process.stderr.write('\r\x1b[K')
  }

  private draw(text: string, force = false): void {
    const now = Date.now()
    if (!force && now - this.last < 100) return
    this.last = now
    process.stderr.write(`\r\x1b[K${text}`)
  }
}
