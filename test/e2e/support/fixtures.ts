import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { createBridge, installBridge, type Bridge } from './bridge'
import { recoverStore } from '#electron/services/store-recovery'
import { startRendererServer, type RendererServer } from './static-server'

/**
 * Playwright fixtures for Signet's renderer:
 * - `rendererUrl` (worker): the built renderer served with Signet's CSP;
 * - `bridge` (test): the real handler table on a fresh temp data dir, wired in as window.signet
 *   (set `withBridge: false` to open the page as a plain browser would);
 * - every test fails on a console error, an uncaught page error or a CSP violation, and on any request
 *   the page makes outside the app's own origin (the offline promise: nothing leaves the machine);
 * - `snap(page, name)` saves a full-window screenshot to test-results/screens/<name>.png.
 */

export const rendererDir = resolve(import.meta.dirname, '../../../out/renderer')
export const screensDir = resolve(import.meta.dirname, '../../../test-results/screens')

interface Options {
  withBridge: boolean
  corruptStore: boolean
  keychainFailure: string | undefined
}

interface TestFixtures {
  bridge: Bridge | null
  problems: string[]
  app: Page
}

export const test = base.extend<TestFixtures & Options, { rendererUrl: string }>({
  withBridge: [true, { option: true }],
  corruptStore: [false, { option: true }],
  keychainFailure: [undefined, { option: true }],

  rendererUrl: [
    // Playwright reads a fixture's dependencies from its destructuring pattern: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server: RendererServer = await startRendererServer(rendererDir)
      await use(server.url)
      await server.close()
    },
    { scope: 'worker' },
  ],

  bridge: async ({ withBridge, corruptStore, keychainFailure }, use) => {
    if (!withBridge) return use(null)
    const bridge = createBridge({ corruptStore, keychainFailure })
    // What main does at start-up (electron/main/index.ts).
    await recoverStore(bridge.context)
    await use(bridge)
    bridge.dispose()
  },

  problems: [
    async ({ page, rendererUrl }, use) => {
      const problems: string[] = []
      recordOffsiteRequests(page, new URL(rendererUrl).origin, problems)
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console.error: ${message.text()}`)
      })
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(
            `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} in ${event.sourceFile}:${event.lineNumber}`,
          )
        })
      })
      await use(problems)
      expect(problems, 'console errors, page errors or CSP violations during the test').toEqual([])
    },
    { auto: true },
  ],

  /** The page with the bridge installed, Signet loaded and the shell rendered. */
  app: async ({ page, bridge, rendererUrl }, use) => {
    if (bridge) await installBridge(page, bridge)
    await page.goto(rendererUrl)
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible()
    await use(page)
  },
})

export { expect }

/** Pushes onto `into` a line for every request `page` makes outside `ownOrigin` (data: and blob: URLs are the page's own bytes, not traffic). */
export function recordOffsiteRequests(page: Page, ownOrigin: string, into: string[]): void {
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.protocol === 'data:' || url.protocol === 'blob:') return
    if (url.origin !== ownOrigin)
      into.push(`request left the app's origin: ${request.method()} ${url.origin}${url.pathname}`)
  })
}

export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true })
  // Park the pointer on the screen title (nothing there reacts to hover) so no tooltip covers the
  // picture. `animations: 'disabled'` runs every CSS transition and animation to its end before the
  // shot, so it shows the resting state without waiting a fixed time for them.
  await page.mouse.move(110, 14)
  await page.screenshot({ path: join(screensDir, `${name}.png`), animations: 'disabled' })
}

/**
 * Saves `<name>-light.png` and `<name>-dark.png` of the same state. A flow that needs its pictures in
 * both schemes runs once (in light) instead of twice: Signet follows the OS scheme live, so the OS
 * preference is switched to dark for the second picture (once the page has taken it), then back.
 * Starting in the dark scheme stays covered by shell.spec.ts, which renders every screen that way.
 */
export async function snapBothSchemes(page: Page, name: string): Promise<void> {
  const html = page.locator('html')
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light')
  await snap(page, `${name}-light`)
  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await snap(page, `${name}-dark`)
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(html).toHaveAttribute('data-mantine-color-scheme', 'light')
}
