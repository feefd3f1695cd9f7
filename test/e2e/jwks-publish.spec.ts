import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createKeychain } from '#electron/adapters/keychain'
import type { Bridge } from './support/bridge'
import { expect, snap, test as base } from './support/fixtures'

/**
 * Publishing from the JWKS screen, against the real handler table: a `dir` target added through
 * main's folder dialog (the bridge's stand-in makes a fresh folder), the plan with a verdict per
 * change, Publish with a row per target, the bytes on disk, a refused removal with its reason and
 * safe date forced with a written reason, the audit history, and the loopback endpoint fetched over
 * real HTTP from the test.
 */

const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

async function seed(bridge: Bridge) {
  const h = bridge.handlers
  await h['sets:create']({
    name: 'payments-prod',
    issuer: 'https://auth.example.com',
    maxTokenLifetime: 3600,
    jwksCacheTime: 900,
    clockSkew: 60,
  })
  await h['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-a', activate: true })
}

test('publish to a folder from the JWKS screen: the plan, progress per target, the bytes on disk, a refused removal forced with a reason', async ({
  app,
  bridge,
}) => {
  await seed(bridge!)
  await app.getByTestId('nav-jwks').click()
  const screen = app.locator('[data-screen="jwks"]')
  await expect(screen.getByTestId('jwks-thumbprint').first()).toHaveText(/^[A-Za-z0-9_-]{43}$/)
  await expect(screen.getByTestId('jwks-lint')).toContainText('finding')

  // Add a dir target: the folder comes from main's dialog, the page only carries its handle.
  await screen.getByTestId('add-target').click()
  await screen.getByTestId('target-name').fill('site')
  await screen.getByTestId('choose-folder').click()
  // The folder arrives from main's dialog asynchronously: wait for it before reading it.
  await expect(screen.getByTestId('chosen-folder')).toContainText(bridge!.dataDir)
  const folder = (await screen.getByTestId('chosen-folder').textContent())!
  expect(folder.startsWith(bridge!.dataDir)).toBe(true)
  await screen.getByTestId('add-target-confirm').click()
  const row = screen.getByTestId('target-site')
  await expect(row).toContainText('never published')
  const addCall = bridge!.calls.find((c) => c.channel === 'jwks:add-target')!
  expect(JSON.stringify(addCall.input)).not.toContain(folder)

  // The plan: the active key is added, safe.
  const plan = screen.getByTestId('jwks-plan')
  await expect(plan.getByTestId('plan-site')).toContainText('safe to publish')
  await expect(plan.locator('[data-change="added"]')).toContainText('pay-es256-a')
  await plan.scrollIntoViewIfNeeded()
  await snap(app, 'jwks-publish-plan')
  await screen.getByTestId('publish').click()
  await expect(row.getByTestId('target-result')).toHaveText('published +1 −0')
  const exported = await bridge!.handlers['jwks:export']({ set: 'payments-prod' })
  expect(readFileSync(join(folder, '.well-known/jwks.json'), 'utf8')).toBe(exported.jwks)
  await expect(screen.getByTestId('jwks-history').getByTestId('history-entry').first()).toContainText(
    exported.sha256.slice(0, 12),
  )
  await expect(plan.getByTestId('plan-site')).toContainText('up to date')

  // Rotate; the old key leaves the set early (forced on Keys): its removal from the target is refused.
  await bridge!.handlers['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-b' })
  await bridge!.handlers['jwks:publish']({ set: 'payments-prod' })
  await bridge!.handlers['keys:activate']({ kid: 'pay-es256-b', force: true, reason: 'cache time accepted in staging' })
  await bridge!.handlers['keys:unpublish']({ kid: 'pay-es256-a', force: true, reason: 'withdrawn from the set early' })
  await screen.getByTestId('targets-refresh').click()
  const removal = plan.locator('[data-change="removed"]')
  await expect(removal).toHaveAttribute('data-verdict', 'refused')
  await expect(removal.getByTestId('removal-reason')).toContainText('Tokens it signed may still be valid')
  // One safe date, in the one time format (no milliseconds, not repeated).
  await expect(removal.getByTestId('removal-reason')).toHaveText(
    /^Tokens it signed may still be valid: removal is safe from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(when it was retired \+ [^)]*\)\.$/,
  )
  // The refusal does not repeat the removal's reason beside it: it says what can be done.
  await expect(plan.getByTestId('plan-refusal')).toHaveText(
    'This removal is refused until then. It can be forced with a reason.',
  )
  await expect(screen.getByTestId('publish')).toBeDisabled()
  await plan.scrollIntoViewIfNeeded()
  await snap(app, 'jwks-publish-refused')
  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'jwks-publish-refused-dark')
  await app.emulateMedia({ colorScheme: 'light' })

  // Forcing needs a written reason; it is audited.
  await expect(screen.getByTestId('force-publish-button')).toBeDisabled()
  await screen.getByTestId('force-reason').fill('incident 4711: key withdrawn')
  await screen.getByTestId('force-publish-button').click()
  await expect(row.getByTestId('target-result')).toHaveText('published +0 −1')
  expect(
    JSON.parse(readFileSync(join(folder, '.well-known/jwks.json'), 'utf8')).keys.map((k: { kid: string }) => k.kid),
  ).toEqual(['pay-es256-b'])
  await expect(screen.getByTestId('jwks-history')).toContainText('forced: incident 4711: key withdrawn')
})

test('a command target from the page stops at main’s own question, showing the command', async ({ app, bridge }) => {
  await seed(bridge!)
  await app.getByTestId('nav-jwks').click()
  const screen = app.locator('[data-screen="jwks"]')
  await screen.getByTestId('add-target').click()
  await screen
    .getByTestId('add-target-form')
    .locator('label', { hasText: /^Command$/ })
    .click()
  await screen.getByTestId('target-name').fill('bucket')
  await screen.getByTestId('target-command').fill('aws s3 cp - s3://example/jwks.json')
  bridge!.answer = false
  await screen.getByTestId('add-target-confirm').click()
  await expect(screen.getByTestId('add-target-form')).toContainText('not confirmed')
  expect(bridge!.confirmations.map((c) => c.detail)).toEqual([
    'Command: aws s3 cp - s3://example/jwks.json\nRead command: (none)',
  ])
  expect(await bridge!.handlers['jwks:targets']({ set: 'payments-prod' })).toEqual([])
})

test('the serve toggle: main serves the set on 127.0.0.1, the test fetches it over real HTTP', async ({
  app,
  bridge,
}) => {
  await seed(bridge!)
  await app.getByTestId('nav-jwks').click()
  const screen = app.locator('[data-screen="jwks"]')
  const toggle = screen.getByTestId('serve-toggle')
  await toggle.scrollIntoViewIfNeeded()
  // The switch follows main's answer (jwks:serve-status), so click it and wait for the URL.
  await toggle.click({ force: true })
  await expect(screen.getByTestId('serve-url')).toBeVisible()
  const url = (await screen.getByTestId('serve-url').textContent())!
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/payments-prod\/\.well-known\/jwks\.json$/)
  const response = await fetch(url)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/jwk-set+json')
  expect(response.headers.get('cache-control')).toBe('public, max-age=900')
  expect(response.headers.get('access-control-allow-origin')).toBe('*')
  const etag = response.headers.get('etag')!
  expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
  expect(await response.text()).toBe((await bridge!.handlers['jwks:export']({ set: 'payments-prod' })).jwks)
  expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304)
  await snap(app, 'jwks-serve')
  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'jwks-serve-dark')
  await toggle.click({ force: true })
  await expect(screen.getByTestId('serve-url')).toHaveCount(0)
  await expect(fetch(url)).rejects.toThrow()
})

test('each target row follows the publish live: the folder shows its result while a command target still runs', async ({
  app,
  bridge,
}) => {
  await seed(bridge!)
  const h = bridge!.handlers
  const folder = await h['dialog:choose-publish-folder']({ kind: 'dir' })
  await h['jwks:add-target']({ set: 'payments-prod', name: 'site', kind: 'dir', folder: folder.handle! })
  // A command target that waits until the test creates its gate file (no sleep in the test: the
  // row's state is what the test waits for, then it opens the gate).
  const gate = join(bridge!.dataDir, 'gate')
  await h['jwks:add-target']({
    set: 'payments-prod',
    name: 'bucket',
    kind: 'command',
    command: `while [ ! -e '${gate}' ]; do sleep 0.05; done; cat > /dev/null`,
  })
  await app.getByTestId('nav-jwks').click()
  const screen = app.locator('[data-screen="jwks"]')
  await expect(screen.getByTestId('jwks-plan').getByTestId('plan-bucket')).toContainText('safe to publish')
  await screen.getByTestId('publish').click()
  const site = screen.getByTestId('target-site')
  const bucket = screen.getByTestId('target-bucket')
  await expect(site.getByTestId('target-result')).toHaveText('published +1 −0')
  await expect(bucket.getByTestId('target-progress')).toHaveText('publishing…')
  // The folder's row says what it holds now — the set just written — while the command still runs.
  await expect(site.getByTestId('target-published')).toHaveText(
    'holds now: pay-es256-a (just published) · last publish just now',
  )
  await expect(bucket.getByTestId('target-published')).toContainText('holds now: nothing')
  expect(existsSync(gate)).toBe(false)
  await snap(app, 'jwks-publish-progress')
  writeFileSync(gate, '')
  await expect(bucket.getByTestId('target-result')).toHaveText('published +1 −0')
  await expect(screen.getByTestId('publish')).toBeEnabled()
  // Then the plan is read back from the targets: the folder's line comes from the folder itself.
  await expect(site.getByTestId('target-published')).toContainText(/holds now: pay-es256-a · last publish/)
  await expect(bucket.getByTestId('target-published')).toContainText(
    'holds now: pay-es256-a (as last written: no read command)',
  )
})

test.describe('narrow window', () => {
  test.use({ viewport: { width: 760, height: 800 } })
  test('the JWKS screen at 760 px: one column, the plan and the targets readable', async ({ app, bridge }) => {
    await seed(bridge!)
    const folder = await bridge!.handlers['dialog:choose-publish-folder']({ kind: 'dir' })
    await bridge!.handlers['jwks:add-target']({
      set: 'payments-prod',
      name: 'site',
      kind: 'dir',
      folder: folder.handle!,
    })
    await app.getByTestId('nav-jwks').click()
    const screen = app.locator('[data-screen="jwks"]')
    await expect(screen.getByTestId('jwks-plan').getByTestId('plan-site')).toContainText('safe to publish')
    const scroll = await screen.evaluate((el) => {
      const body = el.querySelector('[class*="body"]')!
      return { scrollWidth: body.scrollWidth, clientWidth: body.clientWidth }
    })
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth + 1)
    await screen.getByTestId('jwks-plan').scrollIntoViewIfNeeded()
    await snap(app, 'jwks-publish-narrow')
  })
})
