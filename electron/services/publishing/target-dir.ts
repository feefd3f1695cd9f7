import { chmod, mkdir, readFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve, sep } from 'node:path'
import { SignetError } from '#shared/errors'
import { maxJwksBytes } from '#shared/jwks/lint'
import { openidConfigurationPath } from '#shared/publishing/targets'
import type { PublishTargetConfig } from '#shared/publishing/targets'
import { writeFileAtomic } from '../../adapters/atomic-file'
import { formatBytes } from '#shared/text/format-bytes'

type DirConfig = Extract<PublishTargetConfig, { kind: 'dir' }>

/** A path inside the site root; the schema already refuses "..", this makes sure. */
function inside(root: string, relative: string): string {
  const full = resolve(root, relative)
  if (!full.startsWith(resolve(root) + sep))
    throw new SignetError('ERR_PUBLISH_TARGET_INVALID', `"${relative}" leaves the site root ${root}.`)
  return full
}

/** What the static site serves now, or null when there is no JWKS file yet. */
export async function readDirTarget(config: DirConfig): Promise<Buffer | null> {
  return readBounded(inside(config.root, config.jwksPath))
}

/**
 * Writes the JWKS atomically (temp file, fsync, rename: a web server never serves half a file) and,
 * when configured, `.well-known/openid-configuration` with `issuer` and `jwks_uri` (OpenID Connect
 * Discovery 1.0 §3), merged into the existing document so its other members survive.
 */
export async function writeDirTarget(config: DirConfig, bytes: Buffer, issuer: string | null): Promise<void> {
  if (!isAbsolute(config.root))
    throw new SignetError('ERR_PUBLISH_TARGET_INVALID', `The site root "${config.root}" must be an absolute path.`)
  const file = inside(config.root, config.jwksPath)
  let discovery: string | null = null
  if (config.openidConfiguration) {
    if (!issuer)
      throw new SignetError(
        'ERR_PUBLISH_TARGET_INVALID',
        'This target writes an openid-configuration, but the set has no issuer. Set one with "signet sets update <set> --issuer <url>".',
      )
    const path = inside(config.root, openidConfigurationPath)
    const existing = await readBounded(path)
    let document: Record<string, unknown> = {}
    if (existing) {
      let parsed: unknown
      try {
        parsed = JSON.parse(existing.toString('utf8'))
      } catch {
        parsed = null
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new SignetError(
          'ERR_PUBLISH_TARGET_INVALID',
          `${path} exists but is not a JSON object; Signet merges into it rather than replacing it. Fix or remove it, then publish again.`,
          { segment: path },
        )
      }
      document = parsed as Record<string, unknown>
    }
    discovery = `${JSON.stringify({ ...document, issuer, jwks_uri: `${issuer.replace(/\/+$/, '')}/${config.jwksPath}` }, null, 2)}\n`
  }
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFileAtomic(file, bytes)
    // The atomic writer creates owner-only files; a published JWKS is public and a web server must read it.
    await chmod(file, 0o644)
    if (discovery !== null) {
      const path = join(config.root, openidConfigurationPath)
      await writeFileAtomic(path, discovery)
      await chmod(path, 0o644)
    }
  } catch (error) {
    if (error instanceof SignetError) throw error
    throw new SignetError(
      'ERR_PUBLISH_WRITE_FAILED',
      `Could not write the JWKS under ${config.root}: ${(error as Error).message}. Check that the folder exists and is writable.`,
      { segment: config.root },
    )
  }
}

async function readBounded(path: string): Promise<Buffer | null> {
  try {
    const bytes = await readFile(path)
    if (bytes.length > maxJwksBytes)
      throw new SignetError(
        'ERR_JWKS_TOO_LARGE',
        `${path} is ${formatBytes(bytes.length)}; Signet reads at most ${formatBytes(maxJwksBytes)} from a publish target.`,
      )
    return bytes
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    if (error instanceof SignetError) throw error
    throw new SignetError('ERR_PUBLISH_WRITE_FAILED', `Could not read ${path}: ${(error as Error).message}.`, {
      segment: path,
    })
  }
}
