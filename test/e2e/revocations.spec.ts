import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { createKeychain } from '#electron/adapters/keychain'
import { decodeStatusList } from '#shared/status-list/decode'
import type { Bridge } from './support/bridge'
import { expect, snap, test as base } from './support/fixtures'
import type { Page } from '@playwright/test'

/**
 * Revocations: a set with an active key → a 65,536-entry Token Status List created on the screen →
 * drawn as a grid on a canvas (one cell per index, coloured by status) → an allocated index found
 * with the keyboard and hover, revoked with a reason → the pending diff names it → "Sign and export"
 * through main's save dialog (the bridge's stand-in chooses a file in the test's data directory) →
 * the file holds the very token shown, which verifies with the set's JWKS and decodes to INVALID at
 * that index with an independent decoder path (the shared codec over the file's bytes).
 */

const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

async function seed(bridge: Bridge) {
  await bridge.handlers['sets:create']({ name: 'payments-prod', issuer: 'https://auth.example.com' })
  await bridge.handlers['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-a', activate: true })
}

/** The RGBA of the canvas pixel at the centre of an index's cell (scrolled into view first). */
async function cellColor(page: Page, index: number): Promise<[number, number, number, number]> {
  return page.getByTestId('status-grid').evaluate((grid, idx) => {
    const columns = Number(grid.getAttribute('data-columns'))
    const canvas = grid.querySelector('canvas')!
    const cell = canvas.clientWidth / columns
    const y = Math.floor(idx / columns) * cell - grid.scrollTop
    const ratio = canvas.width / canvas.clientWidth
    const data = canvas
      .getContext('2d')!
      .getImageData(
        Math.floor(((idx % columns) * cell + cell / 2 - 0.5) * ratio),
        Math.floor((y + cell / 2 - 0.5) * ratio),
        1,
        1,
      ).data
    return [data[0]!, data[1]!, data[2]!, data[3]!] as [number, number, number, number]
  }, index)
}

test('a 65,536-entry list: created, drawn, an index revoked by keyboard, the diff reviewed, signed and saved through main', async ({
  app,
  bridge,
}) => {
  // A long flow on a shared, loaded machine: many steps, each within its own expect timeout.
  test.setTimeout(180_000)
  await seed(bridge!)
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await app.getByTestId('nav-revocations').click()
  const screen = app.locator('[data-screen="revocations"]')
  await expect(screen.getByTestId('no-lists')).toContainText('payments-prod has no status list yet')

  // Create, on the screen.
  await screen.getByTestId('new-list').click()
  const modal = app.getByTestId('create-list-modal')
  await modal.getByTestId('list-name').fill('Bad Name')
  await expect(modal).toContainText('lower-case letters')
  await expect(modal.getByTestId('list-create-submit')).toBeDisabled()
  await modal.getByTestId('list-name').fill('payments-2026')
  await modal.getByTestId('list-uri').fill('https://auth.example.com/status/payments-2026')
  await modal.getByTestId('list-bits').click()
  await app.getByRole('option', { name: '2 — adds suspended' }).click()
  await expect(modal).toContainText('65,536 indexes × 2 bits = 16 KiB before compression')
  await modal.getByTestId('list-create-submit').click()
  await expect(screen.getByTestId('list-payments-2026')).toContainText('0 of 65,536 allocated')
  await expect(modal.getByTestId('list-name')).toBeHidden()
  const created = (await bridge!.handlers['status-list:list']({ set: 'payments-prod' })).lists
  expect(created).toMatchObject([
    { name: 'payments-2026', size: 65536, bits: 2, uri: 'https://auth.example.com/status/payments-2026', allocated: 0 },
  ])

  // A token given an index (as signing with --status-list does); the screen reads it on refresh.
  const { idx } = await bridge!.handlers['status-list:allocate']({
    name: 'payments-2026',
    jti: 'tok-7f3a',
    sub: 'alice@example.com',
    exp: null,
  })
  await screen.getByTestId('revocations-refresh').click()
  await expect(screen.getByTestId('list-payments-2026')).toContainText(
    '1 of 65,536 allocated · 0 invalid · 0 suspended',
  )

  // Drawn: every index a 2 px cell, rows of a multiple of 8 cells filling the width.
  // The grid measures its width in a ResizeObserver: wait until its columns fill the width it has
  // now (the create modal closing can still change it), then read both in the same frame.
  const grid = screen.getByTestId('status-grid')
  const drawn = () =>
    grid.evaluate((el) => ({ columns: Number(el.getAttribute('data-columns')), width: el.clientWidth }))
  await expect.poll(async () => ((d) => d.columns * 2 > d.width - 16)(await drawn())).toBe(true)
  const { columns } = await drawn()
  expect(columns % 8).toBe(0)
  expect(await grid.evaluate((el) => el.scrollHeight)).toBe(Math.ceil(65536 / columns) * 2)
  await expect(screen.getByTestId('list-picture')).toContainText('65,536 indexes · 65,536 valid')

  // Keyboard: go to the allocated index, step off it and back; the cursor line reads its note.
  await screen.getByTestId('grid-goto').fill(String(idx))
  await screen.getByTestId('grid-goto').press('Enter')
  await expect(grid).toHaveAttribute('data-cursor', String(idx))
  await expect(screen.getByTestId('status-grid-cursor')).toContainText(
    `#${idx.toLocaleString('en')} · VALID · jti tok-7f3a · sub alice@example.com`,
  )
  const freeColor = await cellColor(app, idx === 0 ? 1 : 0)
  const allocatedColor = await cellColor(app, idx)
  expect(allocatedColor).not.toEqual(freeColor)
  await grid.focus()
  await app.keyboard.press(idx === 65535 ? 'ArrowLeft' : 'ArrowRight')
  await expect(grid).not.toHaveAttribute('data-cursor', String(idx))
  await app.keyboard.press(idx === 65535 ? 'ArrowRight' : 'ArrowLeft')
  await expect(grid).toHaveAttribute('data-cursor', String(idx))

  // Hover shows the index and its local note.
  const box = (await screen.getByTestId('status-grid-canvas').boundingBox())!
  const scrollTop = await grid.evaluate((el) => el.scrollTop)
  await app.mouse.move(box.x + (idx % columns) * 2 + 1, box.y + Math.floor(idx / columns) * 2 - scrollTop + 1)
  await expect(screen.getByTestId('status-grid-tip')).toContainText(
    `#${idx.toLocaleString('en')} · VALID · jti tok-7f3a`,
  )

  // Enter picks the index for a change; revoke it with a reason.
  await grid.focus()
  await app.keyboard.press('Enter')
  await expect(screen.getByTestId('bulk-indexes')).toHaveValue(String(idx))
  await screen.getByTestId('bulk-reason').fill('laptop lost')
  await screen.getByTestId('bulk-apply').click()
  await expect(screen.getByTestId('bulk-result')).toHaveText('1 index set to INVALID.')
  await expect(screen.getByTestId('list-payments-2026')).toContainText('1 invalid')
  await expect(screen.getByTestId('status-grid-cursor')).toContainText(
    'INVALID · jti tok-7f3a · sub alice@example.com · “laptop lost”',
  )
  expect(await cellColor(app, idx)).not.toEqual(allocatedColor)
  expect((await bridge!.handlers['status-list:get']({ name: 'payments-2026', idx })).status).toBe(1)

  // The pending diff, as status-list:diff has it.
  const diff = screen.getByTestId('pending-diff')
  await expect(diff).toContainText('1 change')
  await expect(diff.getByTestId('diff-since')).toContainText('Never exported')
  await expect(diff.getByTestId(`diff-${idx}`)).toContainText(`${idx}VALIDINVALID`)
  await expect(screen.getByTestId('list-history')).toContainText('laptop lost')

  // The filter keeps only invalid cells at full strength.
  await screen.getByTestId('grid-filter').getByText('Invalid', { exact: true }).click()
  expect((await cellColor(app, idx))[3]).toBe(255)
  await snap(app, 'revocations-revoked-light')

  // Sign and export: main's dialog chooses the file; main signs and writes it.
  await screen.getByTestId('export-list').click()
  const result = screen.getByTestId('export-result')
  const path = join(bridge!.dataDir, 'payments-2026.statuslist.jwt')
  await expect(result).toContainText(`Signed with pay-es256-a (ES256) and saved to ${path}`)
  await expect(result).toContainText('It published 1 change.')
  const token = (await screen.getByTestId('export-token').textContent())!
  expect(readFileSync(path, 'utf8')).toBe(`${token}\n`)
  expect(
    bridge!.calls
      .filter((c) => c.channel === 'status-list:export-file')
      .map((c) => Object.keys(c.input as object).sort()),
  ).toEqual([['file', 'name']])
  expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'statuslist+jwt', kid: 'pay-es256-a', alg: 'ES256' })
  const jwks = JSON.parse((await bridge!.handlers['jwks:export']({ set: 'payments-prod' })).jwks) as Parameters<
    typeof createLocalJWKSet
  >[0]
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { typ: 'statuslist+jwt' })
  expect(payload.sub).toBe('https://auth.example.com/status/payments-2026')
  const statusList = payload.status_list as { bits: number; lst: string }
  const decoded = decodeStatusList(statusList, { size: 65536 }).packed
  expect(decoded.get(idx)).toBe(1)
  expect([...decoded.counts()].sort()).toEqual([
    [0, 65535],
    [1, 1],
  ])
  await screen.getByTestId('copy-list-token').click()
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(token)

  // Exported: nothing pending; the history has the export.
  await expect(screen.getByTestId('diff-empty')).toBeVisible()
  await expect(screen.getByTestId('list-history')).toContainText('export')
  await snap(app, 'revocations-exported-light')

  await app.emulateMedia({ colorScheme: 'dark' })
  await screen.getByTestId('grid-filter').getByText('All', { exact: true }).click()
  await snap(app, 'revocations-exported-dark')

  await app.emulateMedia({ colorScheme: 'light' })
  await app.setViewportSize({ width: 760, height: 800 })
  await expect(screen.getByTestId('status-grid')).toBeVisible()
  await snap(app, 'revocations-narrow-light')
  await screen.getByTestId('zoom-in').click()
  await screen.getByTestId('zoom-in').click()
  await expect(screen.getByTestId('zoom-level')).toHaveText('4 px')
  await snap(app, 'revocations-narrow-zoomed')
})

test('cancelling the save dialog signs nothing', async ({ app, bridge }) => {
  test.setTimeout(90_000)
  await seed(bridge!)
  await bridge!.handlers['status-list:create']({
    name: 'small',
    set: 'payments-prod',
    uri: 'https://auth.example.com/status/small',
    size: 1024,
    bits: 1,
  })
  Object.assign(bridge!.context, { files: { ...bridge!.context.files!, saveStatusList: async () => null } })
  await app.getByTestId('nav-revocations').click()
  const screen = app.locator('[data-screen="revocations"]')
  await expect(screen.getByTestId('list-picture')).toContainText('1,024 indexes')
  await screen.getByTestId('export-list').click()
  await expect.poll(() => bridge!.calls.filter((c) => c.channel === 'dialog:save-status-list').length).toBe(1)
  await expect(screen.getByTestId('export-result')).toHaveCount(0)
  expect(bridge!.calls.some((c) => c.channel === 'status-list:export-file')).toBe(false)
  expect((await bridge!.handlers['status-list:list']({ set: 'payments-prod' })).lists[0]!.lastExportAt).toBeNull()
})

test('token timing edited on the screen: checked as typed like the CLI, saved through status-list:update, audited as the app, used by the next export', async ({
  app,
  bridge,
}) => {
  test.setTimeout(120_000)
  await seed(bridge!)
  await bridge!.handlers['status-list:create']({
    name: 'timed',
    set: 'payments-prod',
    uri: 'https://auth.example.com/status/timed',
    size: 1024,
    bits: 1,
    ttl: 3600,
    lifetime: 3600,
  })
  await app.getByTestId('nav-revocations').click()
  const screen = app.locator('[data-screen="revocations"]')
  const settings = screen.getByTestId('list-settings')
  await expect(settings.getByTestId('list-settings-ttl')).toHaveText('1 h')
  await expect(settings.getByTestId('list-settings-lifetime')).toHaveText('1 h (set payments-prod allows at most 1 h)')

  await settings.getByTestId('list-settings-edit').click()
  const modal = app.getByTestId('list-timing-modal')
  const save = modal.getByTestId('timing-save')
  await expect(modal.getByTestId('timing-unchanged')).toBeVisible()
  await expect(save).toBeDisabled()
  // Refused as the service refuses it, before anything is sent: beyond the set's maximum, not a duration.
  await modal.getByTestId('timing-lifetime').fill('2h')
  await expect(modal).toContainText('is longer than set "payments-prod" allows for any token (3600 s, 1h)')
  await expect(save).toBeDisabled()
  await modal.getByTestId('timing-lifetime').fill('30m')
  await modal.getByTestId('timing-ttl').fill('1 hour')
  await expect(modal).toContainText('"1 hour" is not a valid ttl')
  await expect(save).toBeDisabled()
  // A ttl longer than the lifetime is allowed, with the service's warning shown as typed.
  await modal.getByTestId('timing-ttl').fill('45m')
  await expect(modal.locator('[data-code="WARN_STATUS_LIST_TTL_BEYOND_LIFETIME"]')).toBeVisible()
  await modal.getByTestId('timing-ttl').fill('10m')
  await expect(modal.locator('[data-code="WARN_STATUS_LIST_TTL_BEYOND_LIFETIME"]')).toHaveCount(0)
  expect(bridge!.calls.some((c) => c.channel === 'status-list:update')).toBe(false)
  await save.click()
  await expect(modal).toBeHidden()

  await expect(settings.getByTestId('list-settings-ttl')).toHaveText('10 min')
  await expect(settings.getByTestId('list-settings-lifetime')).toContainText('30 min')
  await expect(screen.getByTestId('list-history')).toContainText('ttl 1 h → 10 min')
  await expect(screen.getByTestId('list-history')).toContainText('token lifetime 1 h → 30 min')
  expect(bridge!.calls.filter((c) => c.channel === 'status-list:update').map((c) => c.input)).toEqual([
    { name: 'timed', ttl: 600, lifetime: 1800 },
  ])
  const [list] = (await bridge!.handlers['status-list:list']({ set: 'payments-prod' })).lists
  expect(list).toMatchObject({ name: 'timed', ttl: 600, lifetime: 1800 })
  const { entries } = await bridge!.handlers['audit:list']({ actions: ['status-list.update'] })
  expect(entries).toHaveLength(1)
  expect(entries[0]).toMatchObject({
    subject: { set: 'payments-prod' },
    details: { list: 'timed', ttlFrom: 3600, ttlTo: 600, lifetimeFrom: 3600, lifetimeTo: 1800 },
    source: { via: 'app' },
  })
  const exported = await bridge!.handlers['status-list:export']({ name: 'timed' })
  const claims = decodeJwt(exported.token)
  expect(claims.ttl).toBe(600)
  expect(claims.exp! - claims.iat!).toBe(1800)
  await snap(app, 'revocations-timing-light')
})
