import type { PublishTarget } from '#shared/publishing/targets'
import { readCommandTarget, writeCommandTarget, type CommandOutcome } from './target-command'
import { readDirTarget, writeDirTarget } from './target-dir'
import { readGitTarget, writeGitTarget } from './target-git'

export interface TargetContent {
  /** the bytes published now; null when nothing is published there yet */
  bytes: Buffer | null
  /** 'target': read from the target itself; 'last-publish': a command target without a read command, judged by what Signet last wrote */
  source: 'target' | 'last-publish'
}

/** What a target holds now, read from the target itself wherever it can be (dir, git, command with a read command). */
export async function readTarget(target: PublishTarget): Promise<TargetContent> {
  const { config } = target
  switch (config.kind) {
    case 'dir':
      return { bytes: await readDirTarget(config), source: 'target' }
    case 'git':
      return { bytes: await readGitTarget(config), source: 'target' }
    case 'command':
      if (config.readCommand) return { bytes: await readCommandTarget(config), source: 'target' }
      return { bytes: target.lastPublish ? Buffer.from(target.lastPublish.jwks, 'utf8') : null, source: 'last-publish' }
  }
}

export interface TargetWrite {
  /** the git commit id, when the target is a git repository */
  commit: string | null
  /** the publish command's exit status and output, for a command target */
  command: CommandOutcome | null
}

export async function writeTarget(
  target: PublishTarget,
  bytes: Buffer,
  context: { issuer: string | null; message: string },
): Promise<TargetWrite> {
  const { config } = target
  switch (config.kind) {
    case 'dir':
      await writeDirTarget(config, bytes, context.issuer)
      return { commit: null, command: null }
    case 'git':
      return { commit: await writeGitTarget(config, bytes, context.message), command: null }
    case 'command':
      return { commit: null, command: await writeCommandTarget(config, bytes) }
  }
}
