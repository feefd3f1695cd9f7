import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { createKeychain } from '#electron/adapters/keychain'
import { test as base, expect, snap } from './support/fixtures'

/**
 * The key manager's Keys screen against the real handler table and the real private keyring, on a
 * simulated clock: the services read `context.now()` and the page reads a fixed `Date`, both moved
 * together, so a week of key lifecycle (rotation due, a scheduled activation taking effect, the
 * unpublish guard expiring) happens in seconds without faking any of the key manager itself.
 */

class SimulatedClock {
  constructor(public ms: number) {}
  date(): Date {
    return new Date(this.ms)
  }
}

const start = Date.parse('2026-03-02T09:00:00Z')

const test = base.extend<{ clock: SimulatedClock }>({
  // eslint-disable-next-line no-empty-pattern
  clock: async ({}, use) => use(new SimulatedClock(start)),
  bridge: async ({ bridge, clock }, use) => {
    if (bridge) {
      // The handler table reads the clock and the keychain through the context at every call. Each
      // test gets its own keychain service, so reconciliation sees this test's entries only (and the
      // status bar's keychain probe, one fixed entry per service, does not race a parallel test's).
      Object.assign(bridge.context, {
        now: () => clock.date(),
        keychain: createKeychain(`Signet-test-${randomUUID()}`),
      })
    }
    await use(bridge)
  },
  page: async ({ page, clock }, use) => {
    await page.clock.setFixedTime(clock.date())
    await use(page)
  },
})

/** Moves both clocks, then reloads the screen's data (as the Refresh button does). */
/** Two drawn things whose bounding boxes must not intersect (both visible), e.g. two labels on one lane. */
async function expectApart(a: Locator, b: Locator, where: Record<string, unknown>) {
  const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()]
  expect(boxA, `first box ${JSON.stringify(where)}`).not.toBeNull()
  expect(boxB, `second box ${JSON.stringify(where)}`).not.toBeNull()
  const apart =
    boxA!.x + boxA!.width <= boxB!.x ||
    boxB!.x + boxB!.width <= boxA!.x ||
    boxA!.y + boxA!.height <= boxB!.y ||
    boxB!.y + boxB!.height <= boxA!.y
  expect(apart, `${JSON.stringify(boxA)} and ${JSON.stringify(boxB)} overlap at ${JSON.stringify(where)}`).toBe(true)
}

async function advance(page: Page, clock: SimulatedClock, to: string) {
  clock.ms = Date.parse(to)
  await page.clock.setFixedTime(clock.date())
  await page.getByTestId('refresh-keys').click()
  await expect(page.getByTestId('refresh-keys')).not.toHaveAttribute('data-loading', 'true')
}

async function chooseOption(page: Page, field: Locator, option: string) {
  await field.click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

const keysScreen = (page: Page) => page.locator('[data-screen="keys"]')
const row = (page: Page, kid: string) => page.getByTestId(`key-row-${kid}`)

/** Scrolls the screen so the element's bottom (or top) is in view, for a screenshot of that part. */
async function scrollToEnd(page: Page, testId: string) {
  await page.getByTestId(testId).evaluate((element) => element.scrollIntoView({ block: 'end' }))
}
async function scrollToStart(page: Page, testId: string) {
  await page.getByTestId(testId).evaluate((element) => element.scrollIntoView({ block: 'start' }))
}

async function openKeys(page: Page) {
  await page.getByTestId('nav-keys').click()
  await expect(keysScreen(page)).toBeVisible()
}

async function createSet(page: Page, values: Record<string, string>) {
  const modal = page.getByTestId('set-form-modal')
  for (const [field, value] of Object.entries(values)) await modal.getByTestId(`set-${field}`).fill(value)
  await modal.getByTestId('confirm-set').click()
  await expect(modal).toHaveCount(0)
}

async function generate(page: Page, options: { alg: string; kid: string; bits?: string; activate?: boolean }) {
  await page.getByTestId('generate-key').click()
  const modal = page.getByTestId('generate-modal')
  await chooseOption(page, modal.getByTestId('generate-alg'), options.alg)
  if (options.bits) await modal.getByTestId('generate-bits').getByText(options.bits).click()
  await modal.getByTestId('generate-kid').fill(options.kid)
  const activate = modal.getByTestId('generate-activate')
  if (options.activate !== undefined && (await activate.isChecked()) !== options.activate) await activate.click()
  await modal.getByTestId('confirm-generate').click()
  return modal
}

async function keyAction(page: Page, kid: string, action: string) {
  await page.getByTestId(`key-menu-${kid}`).click()
  await page
    .getByRole('menuitem')
    .and(page.getByTestId(`action-${action}`))
    .click()
  const modal = page.getByTestId('transition-modal')
  await expect(modal).toHaveAttribute('data-action', action)
  return modal
}

test('a key set through a week of its life: generate, sign, rotate on schedule, the unpublish guard, compromise, destroy', async ({
  app,
  bridge,
  clock,
}) => {
  test.setTimeout(240_000)
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await openKeys(app)
  await expect(app.getByTestId('keys-empty')).toContainText('No key sets yet')
  await snap(app, 'keys-empty')

  // Day 0, 09:00 — a set for the payments API, rotating weekly.
  await app.getByTestId('create-first-set').click()
  const setModal = app.getByTestId('set-form-modal')
  // Live checks before anything is sent: a rotation period shorter than the JWKS cache time is refused.
  await setModal.getByTestId('set-rotationPeriod').fill('10m')
  await setModal.getByTestId('set-name').fill('payments-prod')
  await setModal.getByTestId('confirm-set').click()
  await expect(setModal).toContainText('Must be longer than the JWKS cache time (15m)')
  expect(bridge!.calls.some((c) => c.channel === 'sets:create')).toBe(false)
  await createSet(app, { rotationPeriod: '7d', issuer: 'https://auth.example.com', description: 'Card payments API' })
  await expect(app.getByTestId('result-note')).toContainText('Created payments-prod')
  await expect(app.getByTestId('set-title')).toHaveText('payments-prod')
  await expect(app.getByTestId('set-policy')).toContainText('every 1w')
  await expect(app.getByTestId('empty-set')).toBeVisible()

  // The first key: activated at once (the set has no signing key yet, so the box starts checked).
  const first = await generate(app, { alg: 'ES256 · P-256', kid: 'pay-2026-03' })
  await expect(first).toHaveCount(0)
  await expect(row(app, 'pay-2026-03').getByTestId('key-state')).toHaveText('active')
  await expect(app.getByTestId('set-item-payments-prod')).toContainText('pay-2026-03')

  // 09:05 — a 3072-bit RSA fallback takes seconds: the dialog shows progress while it runs.
  clock.ms = Date.parse('2026-03-02T09:05:00Z')
  await app.clock.setFixedTime(clock.date())
  const rsa = await generate(app, { alg: 'PS256', bits: '3072 bit', kid: 'pay-rsa-fallback', activate: false })
  await expect(rsa.getByTestId('generate-progress')).toBeVisible()
  await expect(rsa.getByTestId('generate-progress')).toContainText('3072-bit RSA')
  await expect(rsa).toHaveCount(0, { timeout: 30_000 })
  await expect(row(app, 'pay-rsa-fallback').getByTestId('key-state')).toHaveText('staged')
  await generate(app, { alg: 'EdDSA · Ed25519', kid: 'pay-ed25519', activate: false })
  await expect(row(app, 'pay-ed25519').getByTestId('key-state')).toHaveText('staged')

  // 09:10 — a token from the active key, handed to Inspect.
  clock.ms = Date.parse('2026-03-02T09:10:00Z')
  await app.clock.setFixedTime(clock.date())
  await app.getByTestId('nav-sign').click()
  await expect(app.getByTestId('sign-key')).toHaveValue('Active key — pay-2026-03 (ES256)')
  await app.getByTestId('templates-menu').click()
  await app.getByTestId('template-access-token').click()
  await app.getByTestId('sign-button').click()
  await expect(app.getByTestId('token-text')).toHaveText(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  const token = (await app.getByTestId('token-text').innerText()).trim()
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
  expect(claims).toMatchObject({
    iss: 'https://auth.example.com',
    iat: Date.parse('2026-03-02T09:10:00Z') / 1000,
    exp: Date.parse('2026-03-02T09:25:00Z') / 1000,
  })
  await app.getByTestId('open-in-inspect').click()
  await expect(app.getByTestId('token-editor')).toHaveText(token)
  await expect(app.getByTestId('payload-claims').getByTestId('time-exp')).toContainText('2026-03-02T09:25:00Z')
  await openKeys(app)

  // Day 7, 10:00 — an hour past the rotation deadline.
  await advance(app, clock, '2026-03-09T10:00:00Z')
  await expect(app.getByTestId('rotation-status')).toHaveAttribute('data-status', 'overdue')
  await expect(app.getByTestId('rotation-status')).toContainText('was due for rotation 1 hour ago')
  await expect(app.getByTestId('rotation-badge')).toHaveText('rotation overdue')
  await expect(app.getByTestId('lifecycle-rotation')).toHaveAttribute('data-status', 'overdue')
  await snap(app, 'keys-rotation-overdue')
  // An hour overdue puts the deadline's line right beside now: the two labels must not overlap at any zoom that shows
  // the deadline (the 1 h window starts after it) and at either width.
  for (const width of [1280, 760]) {
    await app.setViewportSize({ width, height: 800 })
    for (const zoom of ['All', '30 d', '7 d', '1 d', '6 h']) {
      await app.getByTestId('lifecycle-zoom').getByText(zoom, { exact: true }).click()
      await expectApart(app.getByTestId('lifecycle-rotation-label'), app.getByTestId('lifecycle-now-flag'), {
        width,
        zoom,
      })
    }
  }
  await app.getByTestId('lifecycle-zoom').getByText('All', { exact: true }).click()
  await app.setViewportSize({ width: 1280, height: 800 })

  // Rotate on schedule: the successor is published now and signs after the JWKS cache time.
  await app.getByTestId('rotate-set').click()
  const rotate = app.getByTestId('rotate-modal')
  await expect(rotate.getByTestId('rotate-scheduled')).toBeChecked()
  await expect(rotate).toContainText('activates at 2026-03-09T10:15:00Z')
  await rotate.getByTestId('rotate-now').check()
  await expect(rotate.getByTestId('rotate-cache-warning')).toContainText(
    'will reject its tokens until their cache refreshes',
  )
  await rotate.getByTestId('rotate-scheduled').check()
  await rotate.getByTestId('confirm-rotate').click()
  await expect(rotate).toHaveCount(0)
  await expect(app.getByTestId('result-note')).toContainText('activates at 2026-03-09T10:15:00Z')
  await expect(app.getByTestId('rotation-status')).toHaveAttribute('data-status', 'pending')
  const successor = (await bridge!.handlers['keys:list']({ set: 'payments-prod' })).keys.find(
    (k) => k.rotatedFrom === 'pay-2026-03',
  )!
  await expect(row(app, successor.kid).getByTestId('next-step')).toContainText('Activates')
  await expect(app.getByTestId(`lifecycle-row-${successor.kid}`).getByTestId('lifecycle-next')).toHaveAttribute(
    'data-scheduled',
    'true',
  )

  // 10:20 — the scheduled activation has happened: the successor signs, the old key is retired.
  await advance(app, clock, '2026-03-09T10:20:00Z')
  await expect(row(app, successor.kid).getByTestId('key-state')).toHaveText('active')
  await expect(row(app, 'pay-2026-03').getByTestId('key-state')).toHaveText('retired')
  // The table shows the safe date; the whole time is its tooltip.
  await expect(row(app, 'pay-2026-03').getByTestId('next-step-at')).toHaveText('from 2026-03-09')
  await expect(row(app, 'pay-2026-03').getByTestId('next-step-at')).toHaveAttribute('title', '2026-03-09T11:31:00Z')

  // An early unpublish is refused with its reason and safe date; forcing it needs a written reason.
  const early = await keyAction(app, 'pay-2026-03', 'unpublish')
  await expect(early.getByTestId('guard-refusal')).toContainText(
    'unpublishing it now would make them fail verification',
  )
  await expect(early.getByTestId('safe-at')).toHaveText('Safe from 2026-03-09T11:31:00Z (in 1 hour).')
  await early.getByTestId('confirm-kid').fill('pay-2026-03')
  await expect(early.getByTestId('confirm-transition')).toBeDisabled()
  await early.getByTestId('force').check()
  await early.getByTestId('reason').fill('no')
  await expect(early.getByTestId('confirm-transition')).toBeDisabled()
  await snap(app, 'keys-unpublish-refused')
  await early.getByRole('button', { name: 'Cancel' }).click()
  expect(bridge!.calls.some((c) => c.channel === 'keys:unpublish')).toBe(false)
  // The service's own guard agrees.
  await expect(bridge!.handlers['keys:unpublish']({ kid: 'pay-2026-03' })).rejects.toMatchObject({
    code: 'ERR_LIFECYCLE_TOO_EARLY',
  })

  // The RSA fallback's key file turned up in a CI log: compromise it (the kid must be typed).
  const compromise = await keyAction(app, 'pay-rsa-fallback', 'compromise')
  await expect(compromise.getByTestId('confirm-transition')).toBeDisabled()
  await compromise.getByTestId('reason').fill('Private key file found in a public CI log')
  await compromise.getByTestId('confirm-kid').fill('pay-rsa-fallbac')
  await expect(compromise.getByTestId('confirm-transition')).toBeDisabled()
  await compromise.getByTestId('confirm-kid').fill('pay-rsa-fallback')
  await compromise.getByTestId('confirm-transition').click()
  await expect(compromise).toHaveCount(0)
  await expect(row(app, 'pay-rsa-fallback').getByTestId('key-state')).toHaveText('compromised')
  await expect(app.getByTestId('result-note').locator('[data-code="WARN_COMPROMISED"]')).toBeVisible()

  // Day 8 — past the safe date: the same unpublish goes through without force, then the key is destroyed.
  await advance(app, clock, '2026-03-10T09:00:00Z')
  const late = await keyAction(app, 'pay-2026-03', 'unpublish')
  await expect(late.getByTestId('guard-refusal')).toHaveCount(0)
  await late.getByTestId('confirm-kid').fill('pay-2026-03')
  await late.getByTestId('confirm-transition').click()
  await expect(row(app, 'pay-2026-03').getByTestId('key-state')).toHaveText('unpublished')
  await advance(app, clock, '2026-03-10T09:02:00Z')
  const destroy = await keyAction(app, 'pay-2026-03', 'destroy')
  await destroy.getByTestId('confirm-kid').fill('pay-2026-03')
  await destroy.getByTestId('confirm-transition').click()
  await expect(destroy).toHaveCount(0)
  // Both irreversible moves waited for main's own question (a native box in the app), not the page's.
  expect(bridge!.confirmations.map((q) => [q.action, q.title])).toEqual([
    ['key.compromise', 'Mark key "pay-rsa-fallback" compromised'],
    ['key.destroy', 'Destroy key "pay-2026-03"'],
  ])
  // Tombstones are hidden by default, and counted.
  await expect(row(app, 'pay-2026-03')).toHaveCount(0)
  await expect(app.getByTestId('set-item-payments-prod')).toContainText('+ 1 destroyed')
  await app.getByTestId('show-destroyed').click()
  await expect(row(app, 'pay-2026-03').getByTestId('key-state')).toHaveText('destroyed')

  // Day 9 — the set as it stands, with its timeline.
  await advance(app, clock, '2026-03-11T09:00:00Z')
  await expect(app.getByTestId('lifecycle-svg')).toBeVisible()
  for (const kid of ['pay-2026-03', 'pay-rsa-fallback', 'pay-ed25519', successor.kid])
    await expect(app.getByTestId(`lifecycle-row-${kid}`)).toBeVisible()
  await expect(app.getByTestId('lifecycle-row-pay-2026-03').locator('[data-testid="lifecycle-bar"]')).toHaveCount(4)
  await expect(app.getByTestId('lifecycle-row-pay-rsa-fallback').getByTestId('lifecycle-next')).toHaveAttribute(
    'data-ready',
    'true',
  )
  // The last operation's note can be dismissed.
  await app.getByTestId('result-note').getByRole('button').click()
  await expect(app.getByTestId('result-note')).toHaveCount(0)
  await snap(app, 'keys-light')
  await scrollToEnd(app, 'lifecycle-panel')
  await snap(app, 'keys-lifecycle-timeline-light')

  // The details drawer (opened from the keyboard): public JWK, PEM and thumbprint, each with a copy button.
  await row(app, successor.kid).focus()
  await app.keyboard.press('Enter')
  const drawer = app.getByTestId('key-details-body')
  await expect(drawer.getByTestId('public-jwk')).toContainText('"kty": "EC"')
  await expect(drawer.getByTestId('public-pem')).toContainText('-----BEGIN PUBLIC KEY-----')
  await expect(drawer.getByTestId('thumbprint')).toHaveText(successor.thumbprint)
  await expect(drawer).not.toContainText('"d"')
  await drawer.getByTestId('copy-thumbprint').click()
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(successor.thumbprint)
  await expect(drawer.getByTestId('key-history')).toContainText('2026-03-09T10:15:00Z')
  await snap(app, 'keys-details-drawer')
  await app.keyboard.press('Escape')
  await expect(drawer).toHaveCount(0)
  // Focus returns to the row that opened the drawer.
  await expect(row(app, successor.kid)).toBeFocused()
  await app.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())

  // Dark.
  await app.emulateMedia({ colorScheme: 'dark' })
  await expect(app.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark')
  await scrollToStart(app, 'set-overview')
  await snap(app, 'keys-dark')
  await scrollToEnd(app, 'lifecycle-panel')
  await snap(app, 'keys-lifecycle-timeline-dark')

  // A narrow window: the sidebar gives way to a set picker; nothing is cut off.
  await app.emulateMedia({ colorScheme: 'light' })
  await app.setViewportSize({ width: 760, height: 900 })
  await expect(app.getByTestId('set-list')).toBeHidden()
  await expect(app.getByTestId('set-picker')).toBeVisible()
  await scrollToStart(app, 'set-overview')
  await snap(app, 'keys-narrow')
})

test('import (encrypted PKCS#8, a JWK file), edit the policy, back up, restore an accidentally destroyed key, reconcile, delete a set', async ({
  app,
  bridge,
}) => {
  test.setTimeout(240_000)
  const h = bridge!.handlers
  await h['sets:create']({ name: 'staging', issuer: 'https://staging.example.com' })
  await h['keys:generate']({ set: 'staging', alg: 'ES256', kid: 'stg-es256', activate: true })
  await openKeys(app)
  await expect(row(app, 'stg-es256')).toBeVisible()

  // An RSA key exported by another tool as passphrase-encrypted PKCS#8, used for PS256 here.
  const { privateKey: encryptedPem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse battery' },
  })
  await app.getByTestId('import-key').click()
  const importModal = app.getByTestId('import-modal')
  await importModal.getByTestId('import-source').fill(encryptedPem)
  await expect(importModal.getByTestId('import-format')).toHaveText('PKCS#8, passphrase-encrypted')
  await expect(importModal.getByTestId('confirm-import')).toBeDisabled()
  await importModal.getByTestId('import-passphrase').fill('wrong passphrase')
  await chooseOption(app, importModal.getByTestId('import-alg'), 'PS256')
  await importModal.getByTestId('import-kid').fill('stg-partner-rsa')
  await importModal.getByTestId('confirm-import').click()
  await expect(importModal.getByTestId('call-error')).toHaveAttribute('data-code', 'ERR_KEY_PASSPHRASE_WRONG')
  await importModal.getByTestId('import-passphrase').fill('correct horse battery')
  await importModal.getByTestId('confirm-import').click()
  await expect(importModal).toHaveCount(0)
  await expect(row(app, 'stg-partner-rsa')).toContainText('PS2562048-bit RSA')
  await expect(row(app, 'stg-partner-rsa')).toContainText('imported')
  // The pasted key went to the main process once and nowhere else: not in the store file.
  expect(readFileSync(join(bridge!.dataDir, 'signet.json'), 'utf8')).not.toContain('ENCRYPTED PRIVATE KEY')

  // A private JWK read from a file keeps the kid it carries.
  const { privateKey: edKey } = generateKeyPairSync('ed25519')
  const edJwk = { ...edKey.export({ format: 'jwk' }), kid: 'stg-ed-jwk' }
  await app.getByTestId('import-key').click()
  await importModal
    .locator('input[type="file"]')
    .setInputFiles({ name: 'ed.jwk', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edJwk)) })
  await expect(importModal.getByTestId('import-format')).toHaveText('Private OKP JWK')
  await importModal.getByTestId('confirm-import').click()
  await expect(row(app, 'stg-ed-jwk')).toContainText('EdDSAEd25519')

  // Lowering the maximum lifetime: applied, with the note about keys already published.
  await app.getByTestId('set-menu').click()
  await app.getByTestId('edit-set').click()
  const setModal = app.getByTestId('set-form-modal')
  await setModal.getByTestId('set-maxTokenLifetime').fill('30m')
  await setModal.getByTestId('confirm-set').click()
  await expect(app.getByTestId('result-note')).toContainText('Changed: maxTokenLifetime.')
  await expect(app.getByTestId('result-note').locator('[data-code="WARN_POLICY_LOWERED"]')).toBeVisible()
  await expect(app.getByTestId('set-policy')).toContainText('30m')

  // Back up: a weak passphrase is shown as such and needs an explicit override.
  await app.getByTestId('keys-tools').click()
  await app.getByTestId('open-backup').click()
  const backup = app.getByTestId('backup-modal')
  await backup.getByTestId('backup-choose').click()
  await expect(backup.getByTestId('backup-path')).toContainText(bridge!.dataDir)
  await backup.getByTestId('backup-passphrase').fill('password123')
  await expect(backup.getByTestId('passphrase-strength')).toHaveAttribute('data-level', 'weak')
  await backup.getByTestId('backup-repeat').fill('password123')
  await expect(backup.getByTestId('confirm-backup')).toBeDisabled()
  await expect(backup.getByTestId('backup-allow-weak')).toBeVisible()
  const passphrase = 'quarry lantern velvet orbit 1987 pickle'
  await backup.getByTestId('backup-passphrase').fill(passphrase)
  await expect(backup.getByTestId('passphrase-strength')).toHaveAttribute('data-acceptable', 'true')
  await backup.getByTestId('backup-repeat').fill(passphrase)
  await snap(app, 'keys-backup')
  await backup.getByTestId('confirm-backup').click()
  const written = backup.getByTestId('backup-result')
  // PBKDF2 with 600,000 iterations: seconds on a loaded machine.
  await expect(written).toContainText('1 set, 3 keys, 3 private keys', { timeout: 30_000 })
  const backupPath = (await written.getByTestId('backup-written-path').innerText()).trim()
  expect(existsSync(backupPath)).toBe(true)
  await expect(written).toContainText(createHash('sha256').update(readFileSync(backupPath)).digest('hex'))
  await written.getByRole('button', { name: 'Done' }).click()

  // Oops: the Ed25519 key is unpublished and destroyed.
  const unpublish = await keyAction(app, 'stg-ed-jwk', 'unpublish')
  await unpublish.getByTestId('confirm-kid').fill('stg-ed-jwk')
  await unpublish.getByTestId('confirm-transition').click()
  const destroy = await keyAction(app, 'stg-ed-jwk', 'destroy')
  await destroy.getByTestId('confirm-kid').fill('stg-ed-jwk')
  await destroy.getByTestId('confirm-transition').click()
  await expect(row(app, 'stg-ed-jwk')).toHaveCount(0)

  // Restore it from the backup: per key, the conflicts are shown and chosen.
  copyFileSync(backupPath, join(bridge!.dataDir, 'chosen.signet-backup'))
  await app.getByTestId('keys-tools').click()
  await app.getByTestId('open-restore').click()
  const restore = app.getByTestId('restore-modal')
  await restore.getByTestId('restore-choose').click()
  await expect(restore.getByTestId('restore-summary')).toContainText('1 set, 3 keys, 3 private keys')
  await expect(restore.getByTestId('restore-summary-records')).toContainText(
    '0 status lists, 0 revocation lists, 0 publish targets, 0 saved policies',
  )
  await restore.getByTestId('restore-passphrase').fill('not it')
  await restore.getByTestId('restore-check').click()
  await expect(restore.getByTestId('call-error')).toBeVisible({ timeout: 30_000 })
  await restore.getByTestId('restore-passphrase').fill(passphrase)
  await restore.getByTestId('restore-check').click()
  await expect(restore.getByTestId('restore-plan')).toBeVisible({ timeout: 30_000 })
  await expect(restore.getByTestId('restore-key-stg-ed-jwk')).toContainText('the same key is already here')
  await restore.getByTestId('restore-choice-stg-ed-jwk').getByText('Overwrite').click()
  await snap(app, 'keys-restore')
  await restore.getByTestId('confirm-restore').click()
  await expect(restore.getByTestId('restore-result')).toContainText(
    '0 restored, 1 overwritten, 0 kept both (new kids), 2 skipped',
    { timeout: 30_000 },
  )
  expect(bridge!.confirmations.at(-1)).toMatchObject({ action: 'backup.restore', confirmLabel: 'Overwrite' })
  // what crossed the bridge named the files by main's handles only, never by a path
  for (const call of bridge!.calls.filter((c) => c.channel.startsWith('backup:')))
    expect(JSON.stringify(call.input)).not.toContain(bridge!.dataDir)
  await restore.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(row(app, 'stg-ed-jwk').getByTestId('key-state')).toHaveText('staged')

  // Reconcile: all accounted for; then the Ed25519 secret is moved to an account no record knows.
  await app.getByTestId('keys-tools').click()
  await app.getByTestId('open-reconcile').click()
  const reconcile = app.getByTestId('reconcile-modal')
  await expect(reconcile.getByTestId('reconcile-clean')).toBeVisible()
  await expect(reconcile.getByTestId('reconcile-summary')).toContainText('3 keys accounted for')
  await reconcile.getByRole('button', { name: 'Close', exact: true }).click()
  const ed = (await h['keys:list']({ set: 'staging' })).keys.find((k) => k.kid === 'stg-ed-jwk')!
  const keychain = bridge!.context.keychain
  const stray = randomUUID()
  await keychain.set(stray, (await keychain.get(ed.id))!)
  await keychain.delete(ed.id)
  await app.getByTestId('keys-tools').click()
  await app.getByTestId('open-reconcile').click()
  // The stray entry holds the very key whose own entry is gone: one pair, one action.
  const pair = reconcile.getByTestId('reconcile-pair')
  await expect(pair).toHaveCount(1)
  await expect(pair).toContainText('stg-ed-jwk')
  await expect(pair).toContainText(stray)
  await expect(reconcile.getByTestId('reconcile-orphans')).toHaveCount(0)
  await expect(reconcile.getByTestId('reconcile-missing')).toHaveCount(0)
  await snap(app, 'keys-reconcile-pair')
  await pair.getByRole('button', { name: 'Re-link' }).click()
  await expect(reconcile).toContainText(`re-linked keychain entry ${stray} to key "stg-ed-jwk"`)
  await expect(reconcile.getByTestId('reconcile-clean')).toBeVisible()
  expect(await keychain.get(stray)).toBeNull()
  expect(await keychain.get(ed.id)).not.toBeNull()
  await reconcile.getByRole('button', { name: 'Close', exact: true }).click()

  // A stray entry holding some other key, while this key's secret is gone: two findings, two actions.
  const otherKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })
  await keychain.set(stray, JSON.stringify(otherKey))
  await keychain.delete(ed.id)
  await app.getByTestId('keys-tools').click()
  await app.getByTestId('open-reconcile').click()
  await expect(reconcile.getByTestId('reconcile-orphans')).toContainText(stray)
  await expect(reconcile.getByTestId('reconcile-missing')).toContainText('stg-ed-jwk')
  await expect(reconcile.getByTestId('reconcile-pair')).toHaveCount(0)
  await snap(app, 'keys-reconcile')
  await reconcile.getByRole('button', { name: 'Delete entry…' }).click()
  await reconcile.getByRole('button', { name: 'Delete for good' }).click()
  await expect(reconcile).toContainText(`deleted orphaned keychain entry ${stray}`)
  await reconcile.getByRole('button', { name: 'Record as missing' }).click()
  await expect(reconcile).toContainText('recorded key "stg-ed-jwk" as missing its secret')
  expect(await keychain.get(stray)).toBeNull()
  await reconcile.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(row(app, 'stg-ed-jwk')).toContainText('secret missing from keychain')

  // A set with living keys cannot be deleted; an empty one can, with its name typed.
  await app.getByTestId('set-menu').click()
  await app.getByTestId('delete-set').click()
  await expect(app.getByTestId('delete-set-blocked')).toContainText('stg-es256 (active)')
  await app.getByTestId('delete-set-modal').getByRole('button', { name: 'Close', exact: true }).click()
  await app.getByTestId('new-set').click()
  await createSet(app, { name: 'scratch' })
  await expect(app.getByTestId('set-title')).toHaveText('scratch')
  await app.getByTestId('set-menu').click()
  await app.getByTestId('delete-set').click()
  await app.getByTestId('confirm-set-name').fill('scratch')
  await app.getByTestId('confirm-delete-set').click()
  await expect(app.getByTestId('set-item-scratch')).toHaveCount(0)
  await expect(app.getByTestId('set-title')).toHaveText('staging')
})

test('forcing an early unpublish takes a written reason, and the key’s history and timeline show it was forced', async ({
  app,
  bridge,
  clock,
}) => {
  const h = bridge!.handlers
  await h['sets:create']({ name: 'billing', issuer: 'https://billing.example.com' })
  await h['keys:generate']({ set: 'billing', alg: 'ES256', kid: 'bill-old', activate: true })
  clock.ms += 3600_000
  await h['keys:rotate']({ set: 'billing', immediately: true })
  clock.ms += 600_000
  await app.clock.setFixedTime(clock.date())
  await openKeys(app)
  await expect(row(app, 'bill-old').getByTestId('key-state')).toHaveText('retired')

  const modal = await keyAction(app, 'bill-old', 'unpublish')
  await expect(modal.getByTestId('guard-refusal')).toContainText('Wait 1h6m, or force it with a written reason.')
  await modal.getByTestId('force').check()
  await modal.getByTestId('confirm-kid').fill('bill-old')
  await expect(modal.getByTestId('confirm-transition')).toBeDisabled()
  await modal.getByTestId('reason').fill('Private key pasted into a public incident channel')
  await expect(modal.getByTestId('confirm-transition')).toHaveText('Unpublish now (forced)')
  await modal.getByTestId('confirm-transition').click()
  await expect(modal).toHaveCount(0)
  await expect(row(app, 'bill-old').getByTestId('key-state')).toHaveText('unpublished')
  await expect(app.getByTestId('result-note').locator('[data-code="WARN_FORCED_EARLY"]')).toContainText(
    'will now fail verification',
  )
  await expect(
    app.getByTestId('lifecycle-row-bill-old').locator('[data-testid="lifecycle-bar"][data-state="unpublished"]'),
  ).toHaveAttribute('data-forced', 'true')

  await row(app, 'bill-old').click()
  const history = app.getByTestId('key-history')
  await expect(history).toContainText('forced before its safe date')
  await expect(history).toContainText('Reason: Private key pasted into a public incident channel')
  const record = (await h['keys:list']({ set: 'billing' })).keys.find((k) => k.kid === 'bill-old')!
  expect(record.history.at(-1)).toMatchObject({
    state: 'unpublished',
    forced: true,
    reason: 'Private key pasted into a public incident channel',
  })
})
