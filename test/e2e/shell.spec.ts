import { contentSecurityPolicy } from '#electron/main/security'
import { pendingRecovery } from '#electron/adapters/store-recovery-marker'
import { expect, recordOffsiteRequests, snap, test } from './support/fixtures'

/** The rail's order is the Ctrl/Cmd+digit order, so it is pinned here. */
const screens: { id: string; label: string; built: boolean; says?: string }[] = [
  { id: 'inspect', label: 'Inspect', built: true },
  { id: 'keys', label: 'Keys', built: true },
  { id: 'sign', label: 'Sign', built: true },
  { id: 'jwks', label: 'JWKS', built: true },
  { id: 'scan', label: 'Scan', built: true },
  { id: 'revocations', label: 'Revocations', built: true },
  { id: 'audit', label: 'Audit', built: true },
]

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme })

    test(`every screen renders, with a screenshot (${scheme})`, async ({ app }) => {
      await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme)
      await expect(app.locator('[data-testid^="nav-"]')).toHaveText(screens.map((s) => s.label))
      for (const screen of screens) {
        await app.getByTestId(`nav-${screen.id}`).click()
        await expect(app.getByTestId(`nav-${screen.id}`)).toHaveAttribute('aria-current', 'page')
        const region = app.locator(`[data-screen="${screen.id}"]`)
        await expect(region).toBeVisible()
        await expect(region.getByRole('heading', { level: 1, name: screen.label })).toBeVisible()
        if (!screen.built) await expect(app.getByTestId(`placeholder-${screen.id}`)).toContainText(screen.says!)
        await expect(app).toHaveTitle(`${screen.label} — Signet`)
        await snap(app, `screen-${screen.id}-${scheme}`)
      }
    })
  })
}

test('every screen header reads whole at 760 px: no text cut off by an ellipsis or hidden past its box', async ({
  app,
}) => {
  await app.setViewportSize({ width: 760, height: 800 })
  for (const screen of screens) {
    await app.getByTestId(`nav-${screen.id}`).click()
    const header = app.locator(`[data-screen="${screen.id}"] header`).first()
    await expect(header.getByRole('heading', { level: 1, name: screen.label })).toBeVisible()
    await expect(header.getByTestId('screen-header-description')).toBeVisible()
    // Every element of the header's text: its content fits its box (a truncated or clipped line has a
    // scrollWidth wider than its clientWidth), and it ends inside the window.
    const texts = await header.locator('h1, [data-testid="screen-header-description"]').evaluateAll((elements) =>
      elements.map((element) => ({
        text: element.textContent ?? '',
        scrollWidth: element.scrollWidth,
        clientWidth: element.clientWidth,
        right: element.getBoundingClientRect().right,
        ellipsis: getComputedStyle(element).textOverflow === 'ellipsis',
      })),
    )
    expect(texts.length, `${screen.id}: title and description`).toBe(2)
    for (const text of texts) {
      expect(text.scrollWidth, `${screen.id}: "${text.text}" fits its box`).toBeLessThanOrEqual(text.clientWidth)
      expect(text.right, `${screen.id}: "${text.text}" ends inside the window`).toBeLessThanOrEqual(760)
      expect(text.ellipsis, `${screen.id}: "${text.text}" is not set to end in an ellipsis`).toBe(false)
    }
    await snap(app, `screen-${screen.id}-760`)
  }
})

test('the status bar shows the real keychain as available, the data directory and the version', async ({
  app,
  bridge,
}) => {
  const keychain = app.getByTestId('status-keychain')
  await expect(keychain).toHaveAttribute('data-state', 'ok')
  await expect(keychain).toContainText('Keychain: Secret Service')
  // the bridge's data directory is ~/.config/Signet under a home of its own: shown as a person reads it
  await expect(app.getByTestId('status-data-dir')).toHaveText('~/.config/Signet')
  expect(bridge!.dataDir.endsWith('/home/.config/Signet')).toBe(true)
  await expect(app.getByTestId('status-version')).toHaveText(`Signet ${bridge!.context.version}`)
  await keychain.click()
  const details = app.getByTestId('keychain-details')
  await expect(details).toContainText(`under the service ${process.env.SIGNET_KEYCHAIN_SERVICE ?? 'Signet'}`)
  await details.getByRole('button', { name: 'Check again' }).click()
  await expect.poll(() => bridge!.calls.map((c) => c.channel)).toContain('keychain:status')
  expect(bridge!.calls.find((c) => c.channel === 'keychain:status')?.input).toEqual({ refresh: true })
  await expect(keychain).toHaveAttribute('data-state', 'ok')
  await snap(app, 'status-keychain-details')
})

test.describe('without a Secret Service', () => {
  test.use({ keychainFailure: 'Cannot autolaunch D-Bus without X11 $DISPLAY' })

  test('the status bar says the keychain is unavailable, why, and how to fix it', async ({ app }) => {
    const keychain = app.getByTestId('status-keychain')
    await expect(keychain).toHaveAttribute('data-state', 'bad')
    await expect(keychain).toHaveText('Keychain unavailable')
    // Hover: the reason in a tooltip.
    await keychain.hover()
    await expect(app.getByRole('tooltip')).toContainText('there is no D-Bus session bus')
    // Click: the code, the reason and the fix.
    await keychain.click()
    const details = app.getByTestId('keychain-details')
    await expect(details).toContainText('ERR_KEYCHAIN_UNAVAILABLE')
    await expect(details).toContainText('there is no D-Bus session bus (Cannot autolaunch D-Bus without X11 $DISPLAY)')
    await expect(details).toContainText('How to fix it')
    await expect(details).toContainText('dbus-run-session')
    await snap(app, 'status-keychain-unavailable')
  })
})

test.describe('with an unreadable store file', () => {
  test.use({ corruptStore: true })

  test('a banner says where the file was moved, stays across reloads, and goes only when acknowledged', async ({
    app,
    bridge,
  }) => {
    // Two reloads and an IPC round trip: more than the default budget on a loaded 2-core machine.
    test.setTimeout(90_000)
    const recovery = pendingRecovery(bridge!.dataDir)
    expect(recovery).not.toBeNull()
    const banner = app.getByTestId('store-recovery-banner')
    await expect(banner).toContainText('could not read its store file')
    await expect(banner.getByTestId('store-recovery-path')).toHaveText(recovery!.movedTo)
    await expect(banner).toContainText('it is not valid JSON')
    await snap(app, 'store-recovery-banner')
    // Not a once-per-launch notice: a reload (a new launch of the window) shows it again.
    await app.reload()
    await expect(banner).toBeVisible()
    await banner.getByTestId('store-recovery-acknowledge').click()
    await expect(banner).toHaveCount(0)
    expect(pendingRecovery(bridge!.dataDir)).toBeNull()
    expect(bridge!.calls.map((c) => c.channel)).toContain('store:acknowledge-recovery')
    await app.reload()
    await expect(app.getByTestId('status-keychain')).toBeVisible()
    await expect(banner).toHaveCount(0)
  })
})

test.describe('outside the app (no window.signet)', () => {
  test.use({ withBridge: false })

  test('says so instead of crashing, and decoding still works', async ({ app }) => {
    await expect(app.getByTestId('bridge-missing-banner')).toContainText('opened outside the Signet app')
    await expect(app.getByTestId('status-keychain')).toHaveAttribute('data-state', 'warn')
    await expect(app.getByTestId('status-keychain')).toContainText('Not connected to Signet')
    await app.getByTestId('examples-menu').click()
    await app.getByTestId('example-rfc7519-jwt').click()
    await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')
    await snap(app, 'no-bridge')
  })
})

test('keyboard: Ctrl+digits switch screens, Ctrl+L focuses the editor, ? and Ctrl+/ open the shortcuts', async ({
  app,
}) => {
  await app.keyboard.press('Control+2')
  await expect(app.getByTestId('nav-keys')).toHaveAttribute('aria-current', 'page')
  await expect(app.locator('[data-screen="keys"]')).toBeVisible()
  await app.keyboard.press('Control+7')
  await expect(app.getByTestId('nav-audit')).toHaveAttribute('aria-current', 'page')

  // From another screen, Ctrl+L comes back to Inspect with the editor focused.
  await app.keyboard.press('Control+l')
  await expect(app.getByTestId('nav-inspect')).toHaveAttribute('aria-current', 'page')
  const editor = app.getByTestId('token-editor')
  await expect(editor).toBeFocused()

  // "?" inside the editor is typing, not a shortcut...
  await app.keyboard.type('?')
  await expect(editor).toHaveText('?')
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0)
  // ...but Ctrl+/ works everywhere.
  await app.keyboard.press('Control+/')
  const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('Go to Keys')
  await snap(app, 'shortcuts-dialog')
  await app.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)

  // Outside an editor, "?" opens it.
  await app.getByTestId('nav-sign').focus()
  await app.keyboard.press('?')
  await expect(dialog).toBeVisible()
  await app.keyboard.press('Escape')

  // Ctrl+L with text in the editor selects it all, so a paste replaces it.
  await app.keyboard.press('Control+l')
  await expect(editor).toBeFocused()
  await app.keyboard.type('x')
  await expect(editor).toHaveText('x')
})

test('everything is reachable with Tab, with a visible focus ring', async ({ app }) => {
  const reached: string[] = []
  for (let i = 0; i < 14; i++) {
    await app.keyboard.press('Tab')
    const info = await app.evaluate(() => {
      const element = document.activeElement as HTMLElement | null
      if (!element || element === document.body) return null
      const style = getComputedStyle(element)
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      return {
        id: element.dataset.testid ?? element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '',
        ring,
        editor: !!element.closest('.cm-editor'),
      }
    })
    if (!info) continue
    reached.push(info.editor ? 'token-editor' : info.id)
    // CodeMirror shows focus with its caret; every other control must draw a ring.
    if (!info.editor) expect(info.ring, `focus ring on ${info.id}`).toBe(true)
  }
  for (const id of [
    'nav-inspect',
    'nav-keys',
    'nav-audit',
    'color-scheme-menu',
    'open-shortcuts',
    'examples-menu',
    'token-editor',
  ]) {
    expect(reached).toContain(id)
  }
})

test('the appearance choice overrides the OS and persists across a reload', async ({ app }) => {
  await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light')
  await app.getByTestId('color-scheme-menu').click()
  await app.getByRole('menuitemradio', { name: 'Dark' }).click()
  await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await app.reload()
  await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await app.getByTestId('color-scheme-menu').click()
  await app.getByRole('menuitemradio', { name: 'System' }).click()
  await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light')
})

test("the harness serves Signet's CSP and catches a violation of it", async ({ app, rendererUrl, problems }) => {
  const response = await app.request.get(rendererUrl)
  expect(response.headers()['content-security-policy']).toBe(contentSecurityPolicy)
  // An inline script is exactly what the CSP forbids: it must not run, and the fixture must see it.
  await app.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'document.body.dataset.inlineRan = "yes"'
    document.head.append(script)
  })
  await expect.poll(() => problems.join('\n')).toContain('CSP violation: script-src-elem blocked inline')
  expect(await app.evaluate(() => document.body.dataset.inlineRan)).toBeUndefined()
  // Expected here, so not a failure of this test.
  problems.length = 0
})

test.describe('the offline promise', () => {
  test.use({ withBridge: false })

  test('the request recorder every test runs with catches a request that leaves the app’s origin', async ({
    browser,
    rendererUrl,
  }) => {
    // A plain page without Signet's CSP, so the request really goes out (to a closed loopback port).
    const page = await browser.newPage()
    const seen: string[] = []
    recordOffsiteRequests(page, new URL(rendererUrl).origin, seen)
    await page.setContent('<img src="http://127.0.0.1:9/pixel.png" alt="">')
    await expect.poll(() => seen).toEqual(["request left the app's origin: GET http://127.0.0.1:9/pixel.png"])
    await page.close()
  })
})
