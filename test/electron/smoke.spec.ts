import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/**
 * The real Electron app: window opens on app://, preload exposes the contract and nothing more,
 * Node is unreachable from the page, navigation and window.open are refused.
 * Requires the Electron binary (node_modules/electron/dist) and a built app (out/).
 */
function electronBinary(): string | null {
  // Not require('electron'): since Electron 45 that starts a download of the binary when it is
  // missing, which fails (and is slow) on machines without a route to its host.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) return existsSync(override) ? override : null
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
const reason =
  'the Electron binary is not installed (it cannot be downloaded on this machine); the shell is covered by types, the build, security.ts tests and electronegativity'
if (!binary) console.log(`test/electron: skipping — ${reason}`)

test.describe('Electron shell', () => {
  test.skip(!binary, reason)

  test('opens the hardened window with the contract bridge', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: ['out/main/index.js', `--data-dir=${mkdtempSync(join(tmpdir(), 'signet-electron-'))}`],
    })
    const page = await app.firstWindow()
    expect(page.url()).toBe('app://signet/index.html')
    const surface = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      domains: Object.keys((globalThis as unknown as { signet: object }).signet).sort(),
    }))
    expect(surface.require).toBe('undefined')
    expect(surface.process).toBe('undefined')
    expect(surface.domains).toContain('app')
    const opened = await page.evaluate(
      () => (globalThis as unknown as { open: (url: string) => unknown }).open('https://example.com') === null,
    )
    expect(opened).toBe(true)
    await page.evaluate(
      () => ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com'),
    )
    await page.waitForTimeout(300)
    expect(page.url()).toMatch(/^app:\/\/signet\//)
    await app.close()
  })
})
