import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, signetBin } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

// `signet jwks publish` prints each target's line as it is published, not all at the end: the real
// CLI as a child process, a real folder and a real shell command that waits until the test creates
// a file. While it waits, the folder's line is already out and the command's is not.
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

describe('jwks publish progress (the real CLI)', () => {
  const root = mkdtempSync(join(tmpdir(), 'signet-publish-progress-'))
  const dataDir = join(root, 'data')
  const site = join(root, 'site')
  const gate = join(root, 'gate')
  const env = { SIGNET_KEYCHAIN_SERVICE: `Signet-it-progress-${process.pid}-${Date.now()}` }
  const signet = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { env, timeoutMs: 60_000 })

  it('prints the first target while the second is still running; --json stays one document', async () => {
    mkdirSync(site)
    await createProdWithActiveKey((args) => signet(...args), ['--max-token-lifetime', '1h', '--jwks-cache', '15m'])
    for (const args of [
      ['--name', 'site', '--dir', site],
      ['--name', 'gate', '--command', `while [ ! -e '${gate}' ]; do sleep 0.05; done; cat > /dev/null`],
    ]) {
      const added = await signet('jwks', 'targets', 'add', '--set', 'prod', ...args)
      expect(added.code, added.stderr).toBe(0)
    }

    const child = spawn(process.execPath, [signetBin, '--data-dir', dataDir, 'jwks', 'publish', '--set', 'prod'], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // Resolves when the first target's line arrives (no timer: the data event is the signal).
    const siteLine = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        if (/^prod\/site: published/m.test(stdout)) resolve()
      })
      void exited.then(() => reject(new Error(`exited before printing the site's line: ${stderr}`)))
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    try {
      await siteLine
      // The gate command is still waiting for its file: its line cannot be out yet.
      expect(existsSync(gate)).toBe(false)
      expect(child.exitCode).toBeNull()
      expect(stdout).not.toContain('prod/gate')
      expect(stderr).toContain('signet: publishing prod/site (dir, target 1/2)…')
    } finally {
      writeFileSync(gate, '')
    }
    expect(await exited).toBe(0)
    expect(stdout).toMatch(
      /^prod\/site: published \(\+1 -0\) sha256 [0-9a-f]{64}\nprod\/gate: published \(\+1 -0\) sha256 [0-9a-f]{64} \(exit 0\)\n$/,
    )
    expect(stderr).toContain('signet: publishing prod/gate (command, target 2/2)…')

    const json = await signet('jwks', 'publish', '--set', 'prod', '--json')
    expect(json.code, json.stderr).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ set: 'prod', targets: [{ target: 'site' }, { target: 'gate' }] })
    expect(json.stderr).not.toContain('publishing')
  }, 120_000)
})
