import { readFileSync } from 'node:fs'
import { createPublicKey, X509Certificate } from 'node:crypto'
import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import { createKeychain } from '#electron/adapters/keychain'
import { test as base, expect, snap } from './support/fixtures'

/**
 * The keys table against the real handler table and a private keychain: its columns, search and
 * filters, one count wording, middle-truncated kids, per-row public key export to a file through
 * main's dialog (the bridge's stand-in picks a file in the test's data directory), and the details
 * drawer's actions reachable at 800 px height, checked geometrically.
 */

const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

const longKid = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'

async function seed(bridge: NonNullable<Parameters<Parameters<typeof test>[2]>[0]['bridge']>) {
  const h = bridge.handlers
  await h['sets:create']({
    name: 'payments-prod',
    issuer: 'https://auth.example.com',
    rotationPeriod: 7 * 86_400,
  } as never)
  await h['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: longKid, activate: true })
  await h['keys:generate']({ set: 'payments-prod', alg: 'RS256', bits: 2048, kid: 'pay-rsa-fallback' })
  await h['keys:generate']({ set: 'payments-prod', alg: 'EdDSA', kid: 'pay-ed25519' })
  await h['keys:certificate']({ kid: longKid, days: 90 })
  await h['sign:token']({ set: 'payments-prod', claims: { sub: 'alice' } })
}

async function openKeys(page: Page) {
  await page.getByTestId('nav-keys').click()
  await expect(page.getByTestId('keys-table')).toBeVisible()
}

test("columns, search and filters, one count, middle-truncated kids, and a public key saved through main's dialog", async ({
  app,
  bridge,
}) => {
  test.setTimeout(90_000)
  await seed(bridge!)
  await openKeys(app)
  await expect(app.getByTestId('key-count')).toHaveText('3 keys · one signing key')
  const active = app.getByTestId(`key-row-${longKid}`)
  // The same order as the lifecycle timeline: the signing key first, then the staged keys, oldest first.
  await expect(app.locator('[data-testid^="key-row-"]')).toHaveCount(3)
  expect(
    await app
      .locator('[data-testid^="key-row-"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid'))),
  ).toEqual([`key-row-${longKid}`, 'key-row-pay-rsa-fallback', 'key-row-pay-ed25519'])
  // The kid: head…tail on one line, whole in data-value, never wrapped.
  const kid = active.getByTestId('row-kid')
  await expect(kid).toHaveText('NzbLsXh8uDC…kxZsRGC9Xs')
  await expect(kid).toHaveAttribute('data-value', longKid)
  const kidBox = (await kid.boundingBox())!
  expect(kidBox.height).toBeLessThan(24)
  await expect(active.getByTestId('cell-alg')).toContainText('ES256')
  await expect(active.getByTestId('cell-alg')).toContainText('P-256')
  await expect(app.getByTestId('key-row-pay-rsa-fallback').getByTestId('cell-alg')).toContainText('2048-bit RSA')
  await expect(active.getByTestId('cell-use')).toHaveText('sig')
  await expect(active.getByTestId('cell-thumbprint')).toContainText('with X.509 certificate')
  await expect(active.getByTestId('cell-last-used')).not.toContainText('never')
  await expect(app.getByTestId('key-row-pay-ed25519').getByTestId('cell-last-used')).toHaveText('never signed')
  await expect(active.getByTestId('cell-created')).toBeVisible()

  await app.getByTestId('key-search').fill('pay-')
  await expect(app.getByTestId('key-count')).toHaveText('2 of 3 keys match · one signing key')
  await expect(app.locator('[data-testid^="key-row-"]')).toHaveCount(2)
  await app.getByTestId('key-search').fill('')
  await app.getByTestId('key-alg-filter').click()
  await app.getByRole('option', { name: 'EdDSA', exact: true }).click()
  await expect(app.getByTestId('key-count')).toHaveText('1 of 3 keys matches · one signing key')
  await expect(app.locator('[data-testid^="key-row-"]')).toHaveCount(1)
  await app.getByTestId('key-search').fill('nothing-like-this')
  await expect(app.getByTestId('no-key-matches')).toBeVisible()
  await app.getByTestId('key-search').fill('')
  // Choosing the selected algorithm again clears the filter (Mantine's allowDeselect).
  await app.getByTestId('key-alg-filter').click()
  await app.getByRole('option', { name: 'EdDSA', exact: true }).click()
  await expect(app.getByTestId('key-count')).toHaveText('3 keys · one signing key')

  // Per-row export: main's dialog chooses the file, the page carries only the handle.
  await app.getByTestId('key-menu-pay-ed25519').click()
  await app.getByRole('menuitem').and(app.getByTestId('row-save-pem')).click()
  await expect(app.getByTestId('result-note')).toContainText('Public key of pay-ed25519 saved')
  const saveCall = bridge!.calls.find((c) => c.channel === 'keys:save-public')!
  expect(JSON.stringify(saveCall)).not.toContain(bridge!.dataDir)
  const pem = readFileSync(`${bridge!.dataDir}/pay-ed25519.pem`, 'utf8')
  expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
  const exported = await bridge!.handlers['keys:export-public']({ kid: 'pay-ed25519' })
  expect(createPublicKey(pem).export({ format: 'jwk' })).toMatchObject({
    kty: 'OKP',
    crv: 'Ed25519',
    x: exported.jwk.x,
  })

  // The drawer of the key with a certificate shows it, read on the page from the public JWK's x5c;
  // the expected facts come from node:crypto's own X.509 parser over the same DER.
  const x5c = (await bridge!.handlers['keys:export-public']({ kid: longKid })).jwk.x5c as string[]
  const certificate = new X509Certificate(Buffer.from(x5c[0]!, 'base64'))
  await active.click()
  const section = app.getByTestId('key-certificate')
  await expect(section.getByTestId('key-certificate-subject')).toHaveText('CN=payments-prod')
  await expect(section.getByTestId('key-certificate-issuer')).toHaveText('the subject itself (self-signed)')
  await expect(section.getByTestId('key-certificate-fingerprint')).toHaveText(certificate.fingerprint256)
  const utc = (text: string) => new Date(text).toISOString().replace('.000Z', 'Z')
  await expect(section.getByTestId('key-certificate-not-before')).toContainText(utc(certificate.validFrom))
  await expect(section.getByTestId('key-certificate-not-after')).toContainText(utc(certificate.validTo))
  await expect(section.getByTestId('key-certificate-not-after')).toContainText(/ · in \d+ \w+/)
  await app.keyboard.press('Escape')
  // A key without a certificate has no such section.
  await app.getByTestId('key-row-pay-ed25519').click()
  await expect(app.getByTestId('public-pem')).toBeVisible()
  await expect(app.getByTestId('key-certificate')).toHaveCount(0)
  await app.keyboard.press('Escape')
})

for (const width of [1280, 760]) {
  test(`the details drawer's actions are reachable at ${width}×800`, async ({ app, bridge }) => {
    test.setTimeout(90_000)
    await app.setViewportSize({ width, height: 800 })
    await seed(bridge!)
    await openKeys(app)
    await app.getByTestId('key-row-pay-rsa-fallback').click()
    const drawer = app.getByTestId('key-details-body')
    await expect(drawer.getByTestId('public-pem')).toBeVisible({ timeout: 20_000 })
    for (const id of ['drawer-save-pem', 'drawer-certificate', 'drawer-action-activate', 'drawer-action-compromise']) {
      const button = app.getByTestId(id)
      await expect(button).toBeVisible()
      const box = (await button.boundingBox())!
      expect(box.y, `${id} top`).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height, `${id} bottom within the 800 px window`).toBeLessThanOrEqual(800)
      expect(box.x + box.width, `${id} right edge within the window`).toBeLessThanOrEqual(width)
    }
    // Reachable means clickable where it is: the certificate dialog opens from the footer.
    await app.getByTestId('drawer-certificate').click()
    const modal = app.getByTestId('certificate-modal')
    await expect(modal.getByTestId('certificate-subject')).toBeVisible()
    await modal.getByTestId('certificate-days').fill('30')
    await modal.getByTestId('certificate-issue').click()
    await expect(app.getByTestId('result-note')).toContainText('Certificate issued for pay-rsa-fallback')
    await expect(app.getByTestId('result-note')).toContainText(/valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ;/)
    // The drawer comes back once the dialog closes: close it to see the table.
    await app.keyboard.press('Escape')
    await expect(app.getByTestId('key-details-body')).toHaveCount(0)
    await expect(app.getByTestId('key-row-pay-rsa-fallback').getByTestId('cell-thumbprint')).toContainText(
      'with X.509 certificate',
    )

    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme })
      await snap(app, `keys-table-${width}-${scheme}`)
      await app.getByTestId('key-row-pay-ed25519').click()
      await expect(app.getByTestId('drawer-actions')).toBeVisible()
      await snap(app, `keys-drawer-${width}-${scheme}`)
      await app.keyboard.press('Escape')
      await expect(app.getByTestId('key-details-body')).toHaveCount(0)
    }
  })
}

for (const width of [1280, 760]) {
  test(`times in the table never break inside: Created, Last used and Next step at ${width} px`, async ({
    app,
    bridge,
  }) => {
    test.setTimeout(90_000)
    await app.setViewportSize({ width, height: 800 })
    await seed(bridge!)
    // A retired key's next step (unpublish) has a date: the longest time the table shows. Activating
    // another key retires the signing one.
    await bridge!.handlers['keys:activate']({ kid: 'pay-rsa-fallback' })
    await openKeys(app)
    const retired = app.getByTestId(`key-row-${longKid}`)
    // The table shows the UTC date; the whole time is its tooltip.
    await expect(retired.getByTestId('next-step-at')).toHaveText(/^from \d{4}-\d\d-\d\d$/)
    await expect(retired.getByTestId('next-step-at')).toHaveAttribute('title', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const cells = app.locator(
      '[data-testid="next-step-at"], [data-testid="cell-created"] > *, [data-testid="cell-last-used"] > *',
    )
    const lines = await cells.evaluateAll((elements) =>
      elements
        .filter((element) => (element as HTMLElement).offsetParent !== null)
        .map((element) => {
          // One line of text is as tall as its line height; a wrapped one is at least twice that.
          const style = getComputedStyle(element)
          const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5
          return { text: element.textContent, lines: Math.round(element.getBoundingClientRect().height / lineHeight) }
        }),
    )
    expect(lines.length, 'time cells visible').toBeGreaterThanOrEqual(width === 1280 ? 7 : 1)
    for (const cell of lines) expect(cell.lines, `"${cell.text}" on one line at ${width} px`).toBe(1)
    await snap(app, `keys-table-times-${width}`)
  })
}

/** The headers shown (not display:none) and, per element in the table, whether its text overflows its box. */
async function tableGeometry(page: Page) {
  const table = page.getByTestId('keys-table')
  return table.evaluate((element) => {
    const container = element.parentElement!
    const shown = (e: Element) => (e as HTMLElement).offsetParent !== null
    const headers = [...element.querySelectorAll('th')].filter(shown).map((th) => th.textContent ?? '')
    const overflowing: string[] = []
    for (const cell of element.querySelectorAll('td')) {
      if (!shown(cell)) continue
      const box = cell.getBoundingClientRect()
      for (const inner of [cell, ...cell.querySelectorAll('*')]) {
        if (!shown(inner) || !inner.textContent?.trim()) continue
        const rect = inner.getBoundingClientRect()
        // Half a pixel of rounding either way is not an overflow.
        if (inner.scrollWidth > inner.clientWidth + 0.5 && inner.clientWidth > 0)
          overflowing.push(`"${inner.textContent}" is wider than its box`)
        else if (rect.right > box.right + 0.5 || rect.left < box.left - 0.5)
          overflowing.push(`"${inner.textContent}" runs out of its cell`)
      }
    }
    return {
      headers,
      tableScrollWidth: container.scrollWidth,
      containerClientWidth: container.clientWidth,
      overflowing: [...new Set(overflowing)],
    }
  })
}

const columnsAt: Record<number, string[]> = {
  // Wide enough for every column: the card is past the container query's width.
  1680: ['Key', 'Created', 'Algorithm', 'Use', 'Thumbprint', 'State', 'Last used', 'Next step', ''],
  // The set sidebar beside the table: Use and Thumbprint give way (both are in the details drawer).
  1280: ['Key', 'Created', 'Algorithm', 'State', 'Last used', 'Next step', ''],
  // The narrow layout, with a set picker instead of the sidebar.
  760: ['Key', 'Algorithm', 'State', 'Next step', ''],
}

for (const width of [1680, 1280, 760]) {
  test(`the keys table fits its card at ${width}×800: no sideways scroll, no cell text past its cell`, async ({
    app,
    bridge,
  }) => {
    test.setTimeout(90_000)
    await app.setViewportSize({ width, height: 800 })
    await seed(bridge!)
    // The longest Next step: a retired key's unpublish date.
    await bridge!.handlers['keys:activate']({ kid: 'pay-rsa-fallback' })
    await openKeys(app)
    await expect(app.getByTestId(`key-row-${longKid}`).getByTestId('next-step-at')).toBeVisible()
    const geometry = await tableGeometry(app)
    expect(geometry.headers).toEqual(columnsAt[width])
    expect(geometry.tableScrollWidth, 'the table is no wider than its card').toBeLessThanOrEqual(
      geometry.containerClientWidth,
    )
    expect(geometry.overflowing).toEqual([])
    await snap(app, `keys-table-fit-${width}`)
  })
}

test("a last-used time ahead of this machine's clock reads as a clock problem, in the table and the drawer", async ({
  app,
  bridge,
}) => {
  test.setTimeout(90_000)
  await seed(bridge!)
  // The page's clock 240 days behind the keychain's and audit log's: the signing just logged lies ahead of it.
  await app.clock.setFixedTime(Date.now() - 240 * 86_400_000)
  await openKeys(app)
  const cell = app.getByTestId(`key-row-${longKid}`).getByTestId('cell-last-used')
  await expect(cell).toContainText(/^\d{4}-\d\d-\d\d — in the future/)
  await expect(cell).toContainText('check this machine’s clock')
  await expect(cell).not.toContainText(/in \d+ months?/)
  await app.getByTestId(`key-row-${longKid}`).click()
  const fact = app.getByTestId('key-last-used')
  await expect(fact).toHaveText(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ · in the future — check this machine’s clock$/)
  await snap(app, 'keys-last-used-future')
})
