import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignetError } from '#shared/errors'
import { maxJwksBytes } from '#shared/jwks/lint'
import type { PublishTargetConfig } from '#shared/publishing/targets'
import { outputTail, runProcess } from './run-process'
import { formatBytes } from '#shared/text/format-bytes'

type CommandConfig = Extract<PublishTargetConfig, { kind: 'command' }>

export interface CommandOutcome {
  exitCode: number
  stdout: string
  stderr: string
}

/**
 * Runs the user's publish command with /bin/sh: the JWKS on standard input, and SIGNET_JWKS_FILE
 * naming a temporary copy (owner-only folder, removed afterwards) for tools that want a file
 * (`aws s3 cp "$SIGNET_JWKS_FILE" s3://…`). A non-zero exit, a signal or the timeout is a failure
 * carrying the command's last output lines.
 */
export async function writeCommandTarget(config: CommandConfig, bytes: Buffer): Promise<CommandOutcome> {
  const folder = await mkdtemp(join(tmpdir(), 'signet-publish-'))
  const file = join(folder, 'jwks.json')
  try {
    await writeFile(file, bytes, { mode: 0o600 })
    const result = await runProcess('/bin/sh', ['-c', config.command], {
      input: bytes,
      env: { SIGNET_JWKS_FILE: file },
      timeoutMs: config.timeoutSeconds * 1000,
      what: 'The publish command',
    })
    const outcome = { exitCode: result.code ?? -1, stdout: result.stdout.toString('utf8'), stderr: result.stderr }
    if (result.code !== 0) {
      throw new SignetError(
        'ERR_PUBLISH_COMMAND_FAILED',
        `The publish command exited with ${result.code ?? `signal ${result.signal}`}: ${outputTail(result.stderr || outcome.stdout) || 'no output'}. Nothing is recorded as published.`,
      )
    }
    return outcome
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** What the read command prints (the JWKS published now), or null when the target has no read command. */
export async function readCommandTarget(config: CommandConfig): Promise<Buffer | null> {
  if (!config.readCommand) return null
  const result = await runProcess('/bin/sh', ['-c', config.readCommand], {
    timeoutMs: config.timeoutSeconds * 1000,
    what: 'The read command',
  })
  if (result.code !== 0)
    throw new SignetError(
      'ERR_PUBLISH_COMMAND_FAILED',
      `The read command exited with ${result.code ?? `signal ${result.signal}`}: ${outputTail(result.stderr) || 'no output'}.`,
    )
  if (result.stdout.length > maxJwksBytes)
    throw new SignetError(
      'ERR_JWKS_TOO_LARGE',
      `The read command printed ${formatBytes(result.stdout.length)}; a JWKS read back is at most ${formatBytes(maxJwksBytes)}.`,
    )
  // An empty answer means "nothing published yet" (a fresh bucket), not an empty JWKS.
  return result.stdout.length ? result.stdout : null
}
