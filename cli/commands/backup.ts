import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Command, InvalidArgumentError, Option } from 'commander'
import {
  backupConflictChoices,
  type BackupConflictChoice,
  type BackupCreateResult,
  type BackupInspection,
  type BackupRestoreRecord,
  type BackupRestoreResult,
  type BackupSummary,
} from '#shared/contract'
import { SignetError } from '#shared/errors'
import { argvPicker, chooseBackupFile } from '#electron/services/file-picker'
import type { FileHandles, FilePurpose } from '#electron/services/files/file-handles'
import { openCore } from '../core'
import { exitCodes } from '../exit'
import { readUserFile } from '../io'
import { oneLine } from '../output/safe-text'
import { colorEnabled, paint } from '../output/style'
import { err, out, printJson } from '../output/write'
import { formatUtc } from '#shared/time/format-time'
import { formatBytes } from '#shared/text/format-bytes'
import { plural } from '#shared/text/plural'

/**
 * `signet backup create|restore|inspect`. The passphrase is read only from a file (never an
 * argument, which other users can see in the process list, nor an environment variable, which
 * child processes inherit) and never printed.
 */
export function registerBackup(program: Command): void {
  const backup = program
    .command('backup')
    .description(
      'encrypted backup and restore of every key set and key (metadata and private halves), saved policy, status list, revocation list and publish target',
    )

  backup
    .command('create')
    .description(
      'write every key set and key, saved policy, status list (with its local notes), revocation list and publish target to one passphrase-encrypted file (JWE, PBES2-HS512+A256KW, 600,000 iterations)',
    )
    .requiredOption('--out <file>', 'the backup file to write')
    .requiredOption('--passphrase-file <file>', 'a file holding the passphrase (one trailing newline is ignored)')
    .option('--force', 'replace the output file if it exists')
    .option('--allow-weak-passphrase', 'write even though the passphrase is below the minimum strength')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        options: {
          out: string
          passphraseFile: string
          force?: boolean
          allowWeakPassphrase?: boolean
          json?: boolean
        },
        command: Command,
      ) => {
        const passphrase = readPassphrase(options.passphraseFile)
        const { context, call } = openCore(command, { recoveryWarning: false })
        const result = await call('backup:create', {
          file: await argvFile(context, 'save-backup', options.out),
          passphrase,
          overwrite: options.force ?? false,
          allowWeakPassphrase: options.allowWeakPassphrase ?? false,
        })
        print(options.json, result, formatCreated)
        warn(result.warnings)
        process.exitCode = exitCodes.ok
      },
    )

  backup
    .command('restore')
    .description(
      'restore key sets and keys, saved policies, status lists, revocation lists and publish targets from a backup file',
    )
    .argument('<file>', 'the backup file')
    .requiredOption('--passphrase-file <file>', 'a file holding the passphrase (one trailing newline is ignored)')
    .addOption(
      new Option('--on-conflict <choice>', 'for a key that conflicts with one already here')
        .choices([...backupConflictChoices])
        .default('skip'),
    )
    .option(
      '--choose <kid=choice>',
      'a per-key choice overriding --on-conflict, e.g. --choose 2026-01=keep-both; repeatable',
      collectChoice,
    )
    .option(
      '--choose-record <key=choice>',
      'the same for a policy, status list, revocation list or publish target, by the key the dry run shows, e.g. --choose-record status-list:tokens=keep-both; repeatable',
      collectChoice,
    )
    .option('--dry-run', 'decrypt and show what would happen, change nothing')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        file: string,
        options: {
          passphraseFile: string
          onConflict: BackupConflictChoice
          choose?: Record<string, BackupConflictChoice>
          chooseRecord?: Record<string, BackupConflictChoice>
          dryRun?: boolean
          json?: boolean
        },
        command: Command,
      ) => {
        const passphrase = readPassphrase(options.passphraseFile)
        const { context, call } = openCore(command, { recoveryWarning: false })
        const result = await call('backup:restore', {
          file: await argvFile(context, 'open-backup', file),
          passphrase,
          onConflict: options.onConflict,
          choices: options.choose ?? {},
          recordChoices: options.chooseRecord ?? {},
          dryRun: options.dryRun ?? false,
        })
        print(options.json, result, formatRestored)
        warn(result.warnings)
        process.exitCode = exitCodes.ok
      },
    )

  backup
    .command('inspect')
    .description(
      "show a backup file's unencrypted summary (no passphrase needed; its counts are unverified until decrypted)",
    )
    .argument('<file>', 'the backup file')
    .option('--json', 'print as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      // Inspecting reads only the file (no store, no keychain), through the same handle and checks.
      const { context, call } = openCore(command, { recoveryWarning: false })
      print(
        options.json,
        await call('backup:inspect', { file: await argvFile(context, 'open-backup', file) }),
        formatInspection,
      )
      process.exitCode = exitCodes.ok
    })
}

/**
 * The CLI's "dialog": its own argument becomes a one-time handle in the context's table, through the
 * same path checks as the app's dialog, so backup:* get a handle exactly as from the page. No
 * CLI-only channel is needed: the handle, not the path, crosses dispatch.
 */
async function argvFile(context: { fileHandles: FileHandles }, purpose: FilePurpose, path: string): Promise<string> {
  const choice = await chooseBackupFile({ files: argvPicker(resolve(path)), fileHandles: context.fileHandles }, purpose)
  return choice.handle!
}

function readPassphrase(path: string): string {
  const text = readUserFile(path, 'passphrase')
  const passphrase = text.replace(/\r?\n$/, '')
  if (passphrase.length === 0)
    throw new SignetError('ERR_USAGE', `The passphrase file "${path}" is empty.`, { segment: path })
  if (/[\r\n]/.test(passphrase)) {
    throw new SignetError(
      'ERR_USAGE',
      `The passphrase file "${path}" has more than one line; put only the passphrase in it.`,
      { segment: path },
    )
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0 && statSync(path).isFile()) {
    err(`signet: warning: the passphrase file "${path}" can be read by other users; chmod 600 it.`)
  }
  return passphrase
}

function collectChoice(
  value: string,
  previous: Record<string, BackupConflictChoice> = {},
): Record<string, BackupConflictChoice> {
  const at = value.lastIndexOf('=')
  const kid = value.slice(0, at)
  const choice = value.slice(at + 1) as BackupConflictChoice
  if (at <= 0 || !backupConflictChoices.includes(choice)) {
    throw new InvalidArgumentError(`expected <kid>=<${backupConflictChoices.join('|')}>, got "${value}"`)
  }
  return { ...previous, [kid]: choice }
}

function print<T extends object>(
  json: boolean | undefined,
  value: T,
  format: (value: T, color: boolean) => string,
): void {
  if (json) printJson(value)
  else out(format(value, colorEnabled()))
}

function warn(warnings: { code: string; message: string }[]): void {
  for (const warning of warnings) err(`signet: warning: ${oneLine(warning.message)}`)
}

const number = (n: number) => n.toLocaleString('en')

const itemWord: Record<BackupRestoreRecord['kind'], string> = {
  policy: '',
  'status-list': 'allocated',
  'revocation-list': 'entries',
  'publish-target': 'published kids',
}

/** The records besides keys a (version 2 or later) summary counts. */
function recordsLine(s: BackupSummary): string {
  return `${plural(s.statusLists ?? 0, 'status list')}, ${plural(s.revocationLists ?? 0, 'revocation list')}, ${plural(s.publishTargets ?? 0, 'publish target')}, ${plural(s.policies ?? 0, 'saved policy', 'saved policies')}`
}

function formatCreated(result: BackupCreateResult, c: boolean): string {
  const s = result.summary
  return [
    `${paint('green', 'Backup written', c)}: ${result.path} (${formatBytes(result.bytes)})`,
    `  ${plural(s.sets, 'set')}, ${plural(s.keys, 'key')} (${s.secrets} with private halves)`,
    `  ${recordsLine(s)}`,
    `  PBES2-HS512+A256KW + A256GCM, ${number(result.p2c)} iterations; passphrase strength: ${result.strength}`,
    `  sha256 ${result.sha256}`,
    paint('dim', '  Keep the passphrase apart from the file: without it the backup cannot be opened.', c),
  ].join('\n')
}

function formatInspection(result: BackupInspection, c: boolean): string {
  const lines = [
    `${paint('bold', result.path, c)} (${formatBytes(result.bytes)})`,
    `  ${result.alg} + ${result.enc}, ${number(result.p2c)} iterations`,
  ]
  if (result.summary) {
    const s = result.summary
    // The summary sits in the unauthenticated JWE header: anyone can edit it without the passphrase.
    lines.push(
      paint(
        'yellow',
        '  Unverified until decrypted: the summary below is in the unencrypted header, which anyone can edit.',
        c,
      ),
      `  Signet backup v${oneLine(String(s.version))}, written ${oneLine(formatUtc(String(s.createdAt)))} by Signet ${oneLine(String(s.app))}`,
      `  ${s.sets} sets, ${s.keys} keys (${s.secrets} with private halves), unverified until decrypted (backup restore --dry-run)`,
      `  ${s.version === 1 ? 'no policies, status lists, revocation lists or publish targets (a version-1 backup did not carry them)' : recordsLine(s)}`,
    )
  } else {
    lines.push(paint('yellow', '  no Signet summary: this JWE was not written by Signet', c))
  }
  lines.push(`  sha256 ${result.sha256}`)
  return lines.join('\n')
}

function formatRestored(result: BackupRestoreResult, c: boolean): string {
  const lines = [
    `${paint('bold', result.dryRun ? 'Dry run — nothing was changed' : 'Restored', c)} from ${result.path} (written ${formatUtc(result.summary.createdAt)})`,
    `  sets: ${result.sets.map((s) => `${s.name} (${s.outcome})`).join(', ') || 'none'}`,
  ]
  const rows = result.keys.map((k) => ({
    kid: k.kid,
    set: k.set,
    outcome: k.outcome,
    now: k.restoredKid && k.restoredKid !== k.kid ? `as ${k.restoredKid}` : '',
    why: [
      k.conflict
        ? `conflict: ${k.conflict.kind} with "${k.conflict.kid}" (${k.conflict.state}) in ${k.conflict.set}`
        : '',
      k.note ?? '',
    ]
      .filter(Boolean)
      .join('; '),
  }))
  if (rows.length) {
    const w = (key: 'kid' | 'set' | 'outcome' | 'now') => Math.max(key.length, ...rows.map((r) => r[key].length))
    const widths = { kid: w('kid'), set: w('set'), outcome: w('outcome'), now: w('now') }
    const line = (r: { kid: string; set: string; outcome: string; now: string; why: string }) =>
      [
        '  ' + r.kid.padEnd(widths.kid),
        r.set.padEnd(widths.set),
        r.outcome.padEnd(widths.outcome),
        r.now.padEnd(widths.now),
        r.why,
      ]
        .join('  ')
        .trimEnd()
    lines.push('', paint('bold', line({ kid: 'KID', set: 'SET', outcome: 'OUTCOME', now: '', why: '' }), c))
    for (const row of rows) lines.push(row.outcome === 'skipped' ? paint('dim', line(row), c) : line(row))
  }
  const n = result.counts
  lines.push('', `${n.restored} restored, ${n.overwritten} overwritten, ${n.keptBoth} kept both, ${n.skipped} skipped`)
  if (result.records.length) {
    lines.push('', paint('bold', '  RECORD', c))
    for (const r of result.records) {
      const renamed = r.restoredName && r.restoredName !== r.name ? ` as ${oneLine(r.restoredName)}` : ''
      const why = [
        r.conflict ? `conflict: ${r.conflict.kind} with "${oneLine(r.conflict.name)}"` : '',
        r.note ? oneLine(r.note) : '',
      ]
        .filter(Boolean)
        .join('; ')
      const line = `  ${oneLine(r.key)}  ${r.outcome}${renamed}${r.items !== null ? ` (${r.items} ${itemWord[r.kind]})` : ''}${why ? `  ${why}` : ''}`
      lines.push(r.outcome === 'skipped' ? paint('dim', line, c) : line)
    }
    const brought = (kind: BackupRestoreRecord['kind']) =>
      result.records.filter((r) => r.kind === kind && r.outcome !== 'skipped').length
    lines.push(
      '',
      `${brought('status-list')} status list(s), ${brought('revocation-list')} revocation list(s), ${brought('publish-target')} publish target(s), ${brought('policy')} saved polic(ies) ${result.dryRun ? 'would be' : 'are'} here (restored, merged or unchanged)`,
    )
  }
  if (result.dryRun && (result.keys.some((k) => k.conflict) || result.records.some((r) => r.conflict))) {
    lines.push(
      paint(
        'dim',
        'Choose per key with --choose <kid>=skip|overwrite|keep-both, per record with --choose-record <key>=…, or for all with --on-conflict.',
        c,
      ),
    )
  }
  return lines.join('\n')
}
