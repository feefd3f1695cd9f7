import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readCommandTarget, writeCommandTarget } from '#electron/services/publishing/target-command'
import { readDirTarget, writeDirTarget } from '#electron/services/publishing/target-dir'
import { readGitTarget, writeGitTarget } from '#electron/services/publishing/target-git'
import { publishTargetConfigSchema } from '#shared/publishing/targets'

// Each target kind against the real thing: files on disk, real git repositories, /bin/sh.
const jwks = Buffer.from('{\n  "keys": []\n}\n')
const root = () => mkdtempSync(join(tmpdir(), 'signet-targets-'))

describe('dir target', () => {
  it('merges issuer and jwks_uri into an existing openid-configuration, keeping its other members', async () => {
    const site = root()
    mkdirSync(join(site, '.well-known'))
    writeFileSync(
      join(site, '.well-known/openid-configuration'),
      JSON.stringify({ issuer: 'old', token_endpoint: 'https://auth.example.com/token', scopes_supported: ['openid'] }),
    )
    const config = publishTargetConfigSchema.parse({
      kind: 'dir',
      root: site,
      jwksPath: 'keys/jwks.json',
      openidConfiguration: true,
    })
    if (config.kind !== 'dir') throw new Error('dir')
    await writeDirTarget(config, jwks, 'https://auth.example.com/')
    expect(await readDirTarget(config)).toEqual(jwks)
    expect(JSON.parse(readFileSync(join(site, '.well-known/openid-configuration'), 'utf8'))).toEqual({
      issuer: 'https://auth.example.com/',
      jwks_uri: 'https://auth.example.com/keys/jwks.json',
      token_endpoint: 'https://auth.example.com/token',
      scopes_supported: ['openid'],
    })
  })

  it('refuses to replace an openid-configuration that is not a JSON object, and one without an issuer', async () => {
    const site = root()
    mkdirSync(join(site, '.well-known'))
    writeFileSync(join(site, '.well-known/openid-configuration'), '<html>')
    const config = publishTargetConfigSchema.parse({ kind: 'dir', root: site, openidConfiguration: true })
    if (config.kind !== 'dir') throw new Error('dir')
    await expect(writeDirTarget(config, jwks, 'https://a.example')).rejects.toMatchObject({
      code: 'ERR_PUBLISH_TARGET_INVALID',
    })
    await expect(writeDirTarget(config, jwks, null)).rejects.toMatchObject({ code: 'ERR_PUBLISH_TARGET_INVALID' })
    expect(await readDirTarget(config)).toBeNull()
  })
})

describe('git target', () => {
  it('commits into a bare repository on a new branch with plumbing, and reads it back', async () => {
    const repo = join(root(), 'r.git')
    execFileSync('git', ['init', '-q', '--bare', repo])
    const config = publishTargetConfigSchema.parse({ kind: 'git', repo, branch: 'gh-pages' })
    if (config.kind !== 'git') throw new Error('git')
    expect(await readGitTarget(config)).toBeNull()
    const commit = await writeGitTarget(config, jwks, 'signet: publish\n\nAdded kids: a\n')
    expect(execFileSync('git', ['-C', repo, 'rev-parse', 'gh-pages'], { encoding: 'utf8' }).trim()).toBe(commit)
    expect(await readGitTarget(config)).toEqual(jwks)
    expect(execFileSync('git', ['-C', repo, 'log', '--format=%s', 'gh-pages'], { encoding: 'utf8' })).toBe(
      'signet: publish\n',
    )
  })

  it('refuses a folder that is not a repository', async () => {
    const config = publishTargetConfigSchema.parse({ kind: 'git', repo: root() })
    if (config.kind !== 'git') throw new Error('git')
    await expect(readGitTarget(config)).rejects.toMatchObject({ code: 'ERR_PUBLISH_TARGET_INVALID' })
  })
})

describe('command target', () => {
  const command = (text: string, extra: object = {}) => {
    const config = publishTargetConfigSchema.parse({ kind: 'command', command: text, ...extra })
    if (config.kind !== 'command') throw new Error('command')
    return config
  }

  it('gives the JWKS on stdin and as SIGNET_JWKS_FILE, and captures the output', async () => {
    const outcome = await writeCommandTarget(command('cmp - "$SIGNET_JWKS_FILE" && echo same && echo note >&2'), jwks)
    expect(outcome).toEqual({ exitCode: 0, stdout: 'same\n', stderr: 'note\n' })
  })

  it('reports a failing command with its exit status and last output lines', async () => {
    await expect(
      writeCommandTarget(command('echo "AccessDenied: s3://bucket" >&2; exit 3'), jwks),
    ).rejects.toMatchObject({
      code: 'ERR_PUBLISH_COMMAND_FAILED',
      message: expect.stringContaining('exited with 3: AccessDenied: s3://bucket'),
    })
  })

  it('stops a command at its timeout', async () => {
    await expect(writeCommandTarget(command('sleep 30', { timeoutSeconds: 1 }), jwks)).rejects.toMatchObject({
      code: 'ERR_PUBLISH_COMMAND_TIMEOUT',
    })
  }, 10_000)

  it('stops a command that prints more than its output budget', async () => {
    await expect(writeCommandTarget(command('head -c 3000000 /dev/zero'), jwks)).rejects.toMatchObject({
      code: 'ERR_PUBLISH_OUTPUT_TOO_LARGE',
    })
  })

  it('reads back through the read command; none means it cannot', async () => {
    expect(await readCommandTarget(command('true', { readCommand: 'printf \'{"keys":[]}\'' }))).toEqual(
      Buffer.from('{"keys":[]}'),
    )
    expect(await readCommandTarget(command('true'))).toBeNull()
  })
})
