import { rm } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { SignetError } from '#shared/errors'
import { maxJwksBytes } from '#shared/jwks/lint'
import type { PublishTargetConfig } from '#shared/publishing/targets'
import { outputTail, runProcess } from './run-process'
import { formatBytes } from '#shared/text/format-bytes'

type GitConfig = Extract<PublishTargetConfig, { kind: 'git' }>

const gitTimeoutMs = 30_000
/** Git must never stop to ask for anything, and the repository is named by -C, never by the environment. */
const gitEnv = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' }
const inheritedGitVariables = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
]

async function git(
  repo: string,
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string>; allowFailure?: boolean } = {},
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const env = { ...gitEnv, ...options.env }
  const unset = inheritedGitVariables.filter((name) => !(name in env))
  const result = await runProcess('git', ['-C', repo, ...args], {
    env,
    unset,
    timeoutMs: gitTimeoutMs,
    what: `git ${args[0]}`,
    ...(options.input !== undefined ? { input: options.input } : {}),
  })
  if (result.code !== 0 && !options.allowFailure) {
    throw new SignetError(
      'ERR_PUBLISH_GIT_FAILED',
      `git ${args[0]} failed in ${repo} (exit ${result.code ?? result.signal}): ${outputTail(result.stderr) || 'no output'}.`,
      { segment: repo },
    )
  }
  return result
}

interface RepoShape {
  bare: boolean
  /** the checked-out branch of a working copy (null when detached or bare) */
  head: string | null
}

async function repoShape(config: GitConfig): Promise<RepoShape> {
  if (!isAbsolute(config.repo))
    throw new SignetError('ERR_PUBLISH_TARGET_INVALID', `The repository path "${config.repo}" must be absolute.`)
  const probe = await git(config.repo, ['rev-parse', '--is-bare-repository'], { allowFailure: true })
  if (probe.code !== 0)
    throw new SignetError(
      'ERR_PUBLISH_TARGET_INVALID',
      `${config.repo} is not a git repository (${outputTail(probe.stderr)}).`,
      { segment: config.repo },
    )
  const bare = probe.stdout.toString().trim() === 'true'
  if (bare) return { bare, head: null }
  const head = await git(config.repo, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true })
  return { bare, head: head.code === 0 ? head.stdout.toString().trim() : null }
}

async function branchCommit(config: GitConfig): Promise<string | null> {
  const ref = await git(config.repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${config.branch}^{commit}`], {
    allowFailure: true,
  })
  return ref.code === 0 ? ref.stdout.toString().trim() : null
}

/** The JWKS committed on the branch (what a deploy from it serves), or null when the branch or the file does not exist yet. */
export async function readGitTarget(config: GitConfig): Promise<Buffer | null> {
  await repoShape(config)
  const commit = await branchCommit(config)
  if (!commit) return null
  const size = await git(config.repo, ['cat-file', '-s', `${commit}:${config.path}`], { allowFailure: true })
  if (size.code !== 0) return null
  const bytes = Number(size.stdout.toString().trim())
  if (bytes > maxJwksBytes)
    throw new SignetError(
      'ERR_JWKS_TOO_LARGE',
      `${config.path} on ${config.branch} in ${config.repo} is ${formatBytes(bytes)}, larger than ${formatBytes(maxJwksBytes)}, the most Signet reads from a publish target.`,
    )
  return (await git(config.repo, ['cat-file', 'blob', `${commit}:${config.path}`])).stdout
}

/**
 * One commit on the branch holding the new JWKS at `path`, with `message`. A working copy with the
 * branch checked out is committed through its index after refusing a dirty tree (a publish must
 * not sweep in someone's unfinished work); a bare repository, or a branch not checked out, is
 * committed with plumbing (hash-object, a private index, write-tree, commit-tree, update-ref with
 * the old value), so no checkout is touched and a concurrent push makes the update fail, not race.
 *
 * @returns the new commit id
 * @throws SignetError ERR_PUBLISH_DIRTY_TREE, ERR_PUBLISH_GIT_FAILED, ERR_PUBLISH_TARGET_INVALID
 */
export async function writeGitTarget(config: GitConfig, bytes: Buffer, message: string): Promise<string> {
  const shape = await repoShape(config)
  const identity = await commitIdentity(config.repo)
  if (!shape.bare) {
    const status = await git(config.repo, ['status', '--porcelain', '--untracked-files=no'])
    if (status.stdout.length) {
      throw new SignetError(
        'ERR_PUBLISH_DIRTY_TREE',
        `The working tree of ${config.repo} has uncommitted changes; Signet publishes only into a clean tree. Commit or stash them, then publish again.`,
        { segment: config.repo },
      )
    }
  }
  const parent = await branchCommit(config)
  const blob = (await git(config.repo, ['hash-object', '-w', '--stdin'], { input: bytes })).stdout.toString().trim()
  const indexFile = `${(await git(config.repo, ['rev-parse', '--absolute-git-dir'])).stdout.toString().trim()}/signet-publish-${process.pid}-${Date.now()}.index`
  const withIndex = { GIT_INDEX_FILE: indexFile }
  try {
    if (parent) await git(config.repo, ['read-tree', parent], { env: withIndex })
    else await git(config.repo, ['read-tree', '--empty'], { env: withIndex })
    await git(config.repo, ['update-index', '--add', '--cacheinfo', `100644,${blob},${config.path}`], {
      env: withIndex,
    })
    const tree = (await git(config.repo, ['write-tree'], { env: withIndex })).stdout.toString().trim()
    const commit = (
      await git(config.repo, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], {
        input: message,
        env: identity,
      })
    ).stdout
      .toString()
      .trim()
    await git(config.repo, [
      'update-ref',
      '-m',
      'signet: publish JWKS',
      `refs/heads/${config.branch}`,
      commit,
      parent ?? '0'.repeat(40),
    ])
    if (shape.head === config.branch) {
      // The checked-out branch moved: bring the index and the (clean) tree to the new commit, for this one path.
      await git(config.repo, ['reset', '--quiet', '--', config.path])
      await git(config.repo, ['checkout', '--', config.path])
    }
    return commit
  } finally {
    await rm(indexFile, { force: true })
  }
}

/** The user's configured identity; Signet's own only where the repository has none (a CI checkout). */
async function commitIdentity(repo: string): Promise<Record<string, string>> {
  const name = (await git(repo, ['config', 'user.name'], { allowFailure: true })).stdout.toString().trim()
  const email = (await git(repo, ['config', 'user.email'], { allowFailure: true })).stdout.toString().trim()
  return {
    ...(name ? {} : { GIT_AUTHOR_NAME: 'Signet', GIT_COMMITTER_NAME: 'Signet' }),
    ...(email ? {} : { GIT_AUTHOR_EMAIL: 'signet@localhost', GIT_COMMITTER_EMAIL: 'signet@localhost' }),
  }
}
