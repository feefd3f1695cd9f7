import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, signetBin } from '../support/run-cli'

beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv']

describe('signet jwks serve: real HTTP on loopback', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-jwks-serve-'))
  const env = { SIGNET_KEYCHAIN_SERVICE: `Signet-it-jwks-serve-${process.pid}-${Date.now()}` }
  const signet = (args: string[]) => runCli(['--data-dir', dataDir, ...args], { env })

  it('serves the headers, 304 on a matching ETag, new bytes after a key change, never a private member, and stops on SIGTERM', async () => {
    expect(
      (await signet(['sets', 'create', 'dev', '--issuer', 'https://dev.example', '--jwks-cache', '5m'])).code,
    ).toBe(0)
    expect((await signet(['keys', 'generate', '--set', 'dev', '--alg', 'ES256', '--activate'])).code).toBe(0)
    expect((await signet(['keys', 'generate', '--set', 'dev', '--alg', 'HS256'])).code).toBe(0)

    expect(await signet(['jwks', 'serve', '--set', 'dev', '--host', '0.0.0.0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('not a loopback address'),
    })

    const child = spawn(process.execPath, [signetBin, '--data-dir', dataDir, 'jwks', 'serve', '--set', 'dev'], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk
          if (out.includes('\n')) resolve(out.trim())
        })
        setTimeout(() => reject(new Error(`no URL printed: ${stderr}`)), 30_000)
      })
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json$/)

      const first = await fetch(url)
      expect(first.status).toBe(200)
      expect(first.headers.get('content-type')).toBe('application/jwk-set+json')
      expect(first.headers.get('cache-control')).toBe('public, max-age=300')
      expect(first.headers.get('access-control-allow-origin')).toBe('*')
      const etag = first.headers.get('etag')!
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/)
      const body = (await first.json()) as { keys: Record<string, unknown>[] }
      expect(body.keys).toHaveLength(1)
      expect(await (await fetch(url.replace('/.well-known', '/dev/.well-known'))).json()).toEqual(body)

      expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304)
      expect((await fetch(url, { headers: { 'If-None-Match': '"other"' } })).status).toBe(200)
      const head = await fetch(url, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.headers.get('etag')).toBe(etag)
      expect(await head.text()).toBe('')
      expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(405)
      expect((await fetch(url.replace('jwks.json', 'nothing'))).status).toBe(404)
      expect((await fetch(url.replace('/.well-known', '/other/.well-known'))).status).toBe(404)
      const discovery = (await (await fetch(url.replace('jwks.json', 'openid-configuration'))).json()) as Record<
        string,
        string
      >
      expect(discovery).toEqual({ issuer: 'https://dev.example', jwks_uri: url })

      const rotated = await signet(['keys', 'rotate', '--set', 'dev', '--now'])
      expect(rotated.code, rotated.stderr).toBe(0)
      const started = Date.now()
      const after = await fetch(url, { headers: { 'If-None-Match': etag } })
      expect(Date.now() - started).toBeLessThan(1000)
      expect(after.status).toBe(200)
      expect(after.headers.get('etag')).not.toBe(etag)
      const next = (await after.json()) as { keys: Record<string, unknown>[] }
      expect(next.keys.map((k) => k.kid)).toContain(rotated.stdout.trim())
      expect(next.keys).toHaveLength(2)

      // Leak scan: nothing the endpoint served carries a private or secret member.
      for (const served of [body, next])
        for (const key of served.keys) for (const member of privateMembers) expect(key).not.toHaveProperty(member)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(stderr).toContain('stopped')
  }, 180_000)
})
