import { resolve } from 'node:path'
import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import type { JwksAddTargetInput } from '#shared/contract/publishing'
import type { PublishPlan, PublishProgress, TargetInfo, TargetPublishResult } from '#shared/publishing/results'
import type { ServiceContext } from '#electron/services/context'
import { argvPicker, choosePublishFolder } from '#electron/services/file-picker'
import { where } from '#electron/services/publishing/targets'
import { exitCodes } from '../exit'
import { openCore } from '../core'
import { runRefusable } from '../exit'
import { printWarnings } from '../output/keys-cli'
import { oneLine } from '../output/safe-text'
import { err, out, printJson } from '../output/write'
import { formatUtc } from '#shared/time/format-time'

/**
 * `signet jwks targets add|list|remove`, `signet jwks plan`, `signet jwks publish`: where a set's
 * JWKS is published, what publishing would change there, and the guarded publish itself.
 */
export function registerJwksPublishing(jwks: Command): void {
  const targets = jwks
    .command('targets')
    .description("where a key set's JWKS is published: a folder, a git repository, or your own command")
  targets
    .command('add')
    .description('add a publish target to a set (exactly one of --dir, --git, --command)')
    .requiredOption('--set <name>', 'the key set')
    .requiredOption('--name <name>', "the target's name within the set")
    .option('--dir <path>', 'a static-site root: writes .well-known/jwks.json atomically')
    .option('--jwks-path <path>', 'with --dir: the JWKS path inside the root (default .well-known/jwks.json)')
    .option(
      '--openid-configuration',
      'with --dir: also write .well-known/openid-configuration (issuer, jwks_uri), merged into an existing one',
    )
    .option('--git <repo>', 'a git working copy or bare repository: one commit per publish')
    .option('--branch <branch>', 'with --git: the branch (default main)')
    .option('--path <path>', 'with --git: the JWKS path in the repository (default .well-known/jwks.json)')
    .option(
      '--command <cmd>',
      'run this shell command with the JWKS on stdin and SIGNET_JWKS_FILE naming a temporary copy',
    )
    .option('--read-command <cmd>', 'with --command: prints what is published now, so Signet can read it back')
    .option('--timeout <seconds>', 'with --command: stop it after this many seconds (default 60)', (value: string) => {
      const seconds = Number(value)
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
        throw new SignetError(
          'ERR_USAGE',
          `--timeout must be a whole number of seconds from 1 to 3600, not "${value}".`,
        )
      return seconds
    })
    .option('--json', 'print {target} as JSON')
    .action((options: AddOptions, command: Command) =>
      runRefusable(async () => {
        const { context, call } = openCore(command)
        const target = await call('jwks:add-target', await addInput(context, options))
        if (options.json) printJson({ target })
        else
          out(
            `${oneLine(target.setName)}/${oneLine(target.name)} ${target.config.kind} ${oneLine(where(target.config))}`,
          )
        process.exitCode = exitCodes.ok
      }),
    )
  targets
    .command('list')
    .description('list publish targets with their last publish')
    .option('--set <name>', "only this set's targets")
    .option('--json', 'print {targets} as JSON')
    .action((options: { set?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const { call } = openCore(command)
        const list = await call('jwks:targets', options.set === undefined ? undefined : { set: options.set })
        if (options.json) printJson({ targets: list })
        else if (list.length === 0) err('signet: no publish targets')
        else for (const target of list) out(formatTarget(target))
        process.exitCode = exitCodes.ok
      }),
    )
  targets
    .command('remove')
    .description('forget a publish target (nothing on the target itself is touched)')
    .requiredOption('--set <name>', 'the key set')
    .requiredOption('--name <name>', 'the target')
    .option('--json', 'print {target} as JSON')
    .action((options: { set: string; name: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const { call } = openCore(command)
        const target = await call('jwks:remove-target', { set: options.set, name: options.name })
        if (options.json) printJson({ target })
        else out(`removed ${oneLine(target.setName)}/${oneLine(target.name)}`)
        process.exitCode = exitCodes.ok
      }),
    )
  jwks
    .command('plan')
    .description(
      "what publishing would change on each target, judged against the set's lifecycle (exit 0 safe to publish, 1 a change is refused)",
    )
    .requiredOption('--set <name>', 'the key set')
    .option('--target <name>', 'only this target')
    .option('--json', 'print the plan as JSON')
    .action((options: { set: string; target?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const { call } = openCore(command)
        const plan = await call('jwks:plan', {
          set: options.set,
          ...(options.target !== undefined ? { target: options.target } : {}),
        })
        if (options.json) printJson(plan)
        else out(formatPlan(plan))
        process.exitCode = plan.ok ? exitCodes.ok : exitCodes.negative
      }),
    )
  jwks
    .command('publish')
    .description("publish the set's JWKS to its targets; refused changes stop it unless --force --reason")
    .requiredOption('--set <name>', 'the key set')
    .option('--target <name>', 'only this target')
    .option('--force', 'override refusals that can be overridden (early removals, unknown kids); needs --reason')
    .option('--reason <text>', 'why: recorded in the audit log (and the git commit)')
    .option('--json', 'print {set, targets, warnings} as JSON')
    .action(
      (options: { set: string; target?: string; force?: boolean; reason?: string; json?: boolean }, command: Command) =>
        runRefusable(async () => {
          const { call, context } = openCore(command)
          const { set, target, force, reason } = options
          // Human output follows the publish target by target (a git push or an upload can take a
          // while); --json stays one document, printed at the end.
          const unsubscribe = options.json ? () => {} : context.events.on('jwks:publish-progressed', printProgress)
          try {
            const result = await call('jwks:publish', {
              set,
              ...(target !== undefined ? { target } : {}),
              ...(force !== undefined ? { force } : {}),
              ...(reason !== undefined ? { reason } : {}),
            })
            printWarnings(result.warnings)
            if (options.json) printJson(result)
          } finally {
            unsubscribe()
          }
          process.exitCode = exitCodes.ok
        }),
    )
}

interface AddOptions {
  set: string
  name: string
  dir?: string
  jwksPath?: string
  openidConfiguration?: boolean
  git?: string
  branch?: string
  path?: string
  command?: string
  readCommand?: string
  timeout?: number
  json?: boolean
}

/**
 * The jwks:add-target input for the options given. A folder from argv goes through the same
 * one-time handle (and path checks) as the app's folder dialog; the typed command is its own
 * confirmation of a command target (the CLI context's argvConfirms).
 */
async function addInput(context: ServiceContext, options: AddOptions): Promise<JwksAddTargetInput> {
  const kinds = [options.dir !== undefined, options.git !== undefined, options.command !== undefined].filter(
    Boolean,
  ).length
  if (kinds !== 1)
    throw new SignetError('ERR_USAGE', 'Give exactly one of --dir <path>, --git <repo> or --command <cmd>.')
  const misplaced = (flags: [string, unknown][], kind: string) => {
    const wrong = flags.filter(([, value]) => value !== undefined).map(([name]) => name)
    if (wrong.length)
      throw new SignetError(
        'ERR_USAGE',
        `${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not apply to a ${kind} target.`,
      )
  }
  const folder = async (path: string, kind: 'dir' | 'git') =>
    (await choosePublishFolder({ files: argvPicker(resolve(path)), fileHandles: context.fileHandles }, kind)).handle!
  const { set, name } = options
  if (options.dir !== undefined) {
    misplaced(
      [
        ['--branch', options.branch],
        ['--path', options.path],
        ['--read-command', options.readCommand],
        ['--timeout', options.timeout],
      ],
      '--dir',
    )
    return {
      set,
      name,
      kind: 'dir',
      folder: await folder(options.dir, 'dir'),
      ...(options.jwksPath ? { jwksPath: options.jwksPath } : {}),
      openidConfiguration: options.openidConfiguration === true,
    }
  }
  if (options.git !== undefined) {
    misplaced(
      [
        ['--jwks-path', options.jwksPath],
        ['--openid-configuration', options.openidConfiguration],
        ['--read-command', options.readCommand],
        ['--timeout', options.timeout],
      ],
      '--git',
    )
    return {
      set,
      name,
      kind: 'git',
      folder: await folder(options.git, 'git'),
      ...(options.branch ? { branch: options.branch } : {}),
      ...(options.path ? { path: options.path } : {}),
    }
  }
  misplaced(
    [
      ['--jwks-path', options.jwksPath],
      ['--openid-configuration', options.openidConfiguration],
      ['--branch', options.branch],
      ['--path', options.path],
    ],
    '--command',
  )
  return {
    set,
    name,
    kind: 'command',
    command: options.command!,
    readCommand: options.readCommand ?? null,
    ...(options.timeout ? { timeoutSeconds: options.timeout } : {}),
  }
}

function formatTarget(target: TargetInfo): string {
  const last = target.lastPublish
    ? `last published ${formatUtc(target.lastPublish.at)} (sha256 ${target.lastPublish.sha256.slice(0, 16)}…)`
    : 'never published'
  return `${oneLine(target.setName)}/${oneLine(target.name)}  ${target.config.kind}  ${oneLine(where(target.config))}  ${last}`
}

function formatPlan(plan: PublishPlan): string {
  const lines = [`set ${oneLine(plan.set)}: JWKS sha256 ${plan.sha256}`]
  for (const target of plan.targets) {
    lines.push(
      '',
      `target ${oneLine(target.target)} (${target.kind}${target.source === 'last-publish' ? ', judged by the last publish: no read command' : ''}): ${target.upToDate ? 'up to date' : target.ok ? 'safe to publish' : 'REFUSED'}`,
    )
    for (const key of target.diff.added) lines.push(`  + ${oneLine(key.kid ?? key.thumbprint)} ${key.alg ?? key.kty}`)
    for (const key of target.diff.removed)
      lines.push(`  - ${oneLine(key.kid ?? key.thumbprint)} ${key.verdict}: ${oneLine(key.reason)}`)
    for (const change of target.diff.changed)
      lines.push(
        `  ~ ${oneLine(change.kid)} ${change.kind === 'key' ? 'KEY CHANGED' : `members ${change.members.map(oneLine).join(', ')}`}`,
      )
    for (const refusal of target.refusals)
      lines.push(
        `  refused (${refusal.forceable ? 'can be forced with --force --reason' : 'cannot be forced'}): ${oneLine(refusal.message)}`,
      )
  }
  return lines.join('\n')
}

/** One line per target as the publish reaches it: results on stdout, the rest on stderr. */
function printProgress(progress: PublishProgress): void {
  const name = `${oneLine(progress.set)}/${oneLine(progress.target)}`
  const position = `${progress.index + 1}/${progress.total}`
  if (progress.status === 'published') out(formatPublishedTarget(progress.set, progress.result))
  else if (progress.status === 'started') err(`signet: publishing ${name} (${progress.kind}, target ${position})…`)
  else if (progress.status === 'failed')
    err(`signet: ${name} failed (${progress.error.code}); nothing more is published`)
  else err(`signet: ${name} not attempted: an earlier target failed`)
}

function formatPublishedTarget(set: string, t: TargetPublishResult): string {
  const what = t.upToDate ? 'already up to date' : `published (+${t.added.length} -${t.removed.length})`
  const extra = [
    t.commit ? `commit ${t.commit.slice(0, 12)}` : '',
    t.command ? `exit ${t.command.exitCode}` : '',
    t.forced ? 'FORCED' : '',
  ]
    .filter(Boolean)
    .join(', ')
  const output =
    t.command && (t.command.stdout || t.command.stderr)
      ? `\n  output: ${oneLine((t.command.stdout + t.command.stderr).trim().slice(0, 500))}`
      : ''
  return `${oneLine(set)}/${oneLine(t.target)}: ${what} sha256 ${t.sha256}${extra ? ` (${extra})` : ''}${output}`
}
