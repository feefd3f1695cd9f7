import { randomBytes } from 'node:crypto'
import type { Locator, Page } from '@playwright/test'
import { maxAppScanTokens } from '#shared/limits'
import { expect, snap, test } from './support/fixtures'
import { chooseFiles, openScan } from './support/scan-page'

/**
 * The Scan screen at scale in real Chromium: a generated log of 20,000 distinct tokens is scanned in
 * the worker and listed in a virtualized table — the DOM holds a few dozen rows, the table scrolls to
 * the last one, filter, sort and keyboard navigation reach any row, and Enter opens it in Inspect.
 * Past maxAppScanTokens the scan stops adding tokens and says so with the limit.
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const now = Math.floor(Date.now() / 1000)

/** ES256-shaped tokens (random signatures: decoded and linted, no key): kid k-<i>, seven issuers. */
function token(i: number): string {
  const header = b64({ alg: 'ES256', typ: 'JWT', kid: `k-${i}` })
  const claims = b64({ iss: `https://issuer-${i % 7}.example`, sub: `user-${i}`, aud: 'api', exp: now + 3600 })
  return `${header}.${claims}.${randomBytes(64).toString('base64url')}`
}
function capture(count: number): { tokens: string[]; text: string } {
  const tokens = Array.from({ length: count }, (_, i) => token(i + 1))
  return { tokens, text: tokens.map((t, i) => `ts=${i} svc=gateway authorization="Bearer ${t}"\n`).join('') }
}

/** Opens Scan, chooses "No key" and drops `text` as one log file; the screen's locator. */
async function scanWithoutKey(app: Page, name: string, text: string): Promise<Locator> {
  const screen = await openScan(app)
  await screen.getByTestId('scan-key-mode').getByText('No key').click()
  await chooseFiles(screen, { name, content: text })
  return screen
}

const rowsInDom = (table: Locator) => table.locator('tbody tr[data-index]').count()

test('20,000 distinct tokens: a virtualized table that scrolls, filters, sorts and moves by keyboard', async ({
  app,
}) => {
  test.setTimeout(300_000)
  const count = 20_000
  const { tokens, text } = capture(count)
  const screen = await scanWithoutKey(app, 'gateway.log', text)
  await expect(screen.getByTestId('scan-summary')).toContainText('20,000 distinct tokens in 1 file', {
    timeout: 240_000,
  })
  await expect(screen.getByTestId('scan-token-limit')).toHaveCount(0)
  const table = screen.getByTestId('scan-table')
  const scroller = screen.getByTestId('scan-table-scroll')
  await expect(table).toHaveAttribute('aria-rowcount', String(count + 1))
  await expect(table.locator('tbody tr[aria-rowindex="2"]')).toContainText('https://issuer-1.example')
  // Only the rows in view (plus a margin) exist, however many tokens there are.
  const atTop = await rowsInDom(table)
  expect(atTop).toBeGreaterThan(3)
  expect(atTop).toBeLessThan(80)
  await snap(app, 'scan-scale-light')

  // Scroll to the middle, then to the end: the rows there render, the DOM stays small.
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
  // (row 1 stays rendered as the row Tab reaches — the roving tabindex — so look past it)
  await expect(table.locator('tbody tr[data-index]').nth(1)).not.toHaveAttribute('aria-rowindex', '3')
  const middle = Number(await table.locator('tbody tr[data-index]').nth(5).getAttribute('aria-rowindex'))
  expect(middle).toBeGreaterThan(count * 0.4)
  expect(middle).toBeLessThan(count * 0.6)
  expect(await rowsInDom(table)).toBeLessThan(80)
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight))
  const lastRow = table.locator(`tbody tr[aria-rowindex="${count + 1}"]`)
  await expect(lastRow).toBeVisible()
  await expect(lastRow.locator('td').first()).toHaveText(String(count))
  expect(await rowsInDom(table)).toBeLessThan(80)

  // Filter by a kid: one row among 20,000.
  const filter = screen.getByRole('textbox', { name: 'Filter tokens' })
  await filter.fill('k-12345')
  await expect(table.locator('tbody tr')).toHaveCount(1)
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('12345')
  await expect(table).toHaveAttribute('aria-rowcount', '2')
  await filter.fill('')

  // Sort by # descending: the last token first.
  await screen.getByRole('button', { name: 'Sort by #' }).click()
  await scroller.evaluate((el) => (el.scrollTop = 0))
  await expect(table.locator('tbody tr[aria-rowindex="2"] td').first()).toHaveText(String(count))
  await screen.getByRole('button', { name: 'Sort by #' }).click()
  await expect(table.locator('tbody tr[aria-rowindex="2"] td').first()).toHaveText('1')

  // Keyboard: focus the first row, End goes to the last (scrolled into view), ArrowUp one back, Enter opens it.
  await table.locator('tbody tr[aria-rowindex="2"]').focus()
  await app.keyboard.press('End')
  await expect(lastRow).toBeFocused()
  await expect(lastRow).toBeInViewport()
  await app.keyboard.press('ArrowUp')
  const beforeLast = table.locator(`tbody tr[aria-rowindex="${count}"]`)
  await expect(beforeLast).toBeFocused()
  await app.keyboard.press('Home')
  await expect(table.locator('tbody tr[aria-rowindex="2"]')).toBeFocused()
  await expect(table.locator('tbody tr[aria-rowindex="2"]')).toBeInViewport()
  await app.keyboard.press('PageDown')
  const paged = Number(await table.locator('tbody tr:focus').getAttribute('aria-rowindex'))
  expect(paged).toBeGreaterThan(3)
  expect(await rowsInDom(table)).toBeLessThan(80)

  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'scan-scale-dark')
  await app.setViewportSize({ width: 760, height: 800 })
  await expect(lastRow.or(table.locator('tbody tr[data-index]').first())).toBeAttached()
  await snap(app, 'scan-scale-760-dark')
  await app.emulateMedia({ colorScheme: 'light' })
  await snap(app, 'scan-scale-760-light')
  await app.setViewportSize({ width: 1280, height: 800 })

  await app.keyboard.press('End')
  await app.keyboard.press('ArrowUp')
  await expect(beforeLast).toBeFocused()
  await app.keyboard.press('Enter')
  await expect(app.getByTestId('nav-inspect')).toHaveAttribute('aria-current', 'page')
  await expect(app.getByTestId('token-editor')).toHaveText(tokens[count - 2]!)
})

test(`past ${maxAppScanTokens.toLocaleString('en-US')} distinct tokens the scan stops adding and says so; what it found stays usable`, async ({
  app,
}) => {
  test.setTimeout(300_000)
  const { text } = capture(maxAppScanTokens + 3)
  const screen = await scanWithoutKey(app, 'huge.log', text)
  const limit = screen.getByTestId('scan-token-limit')
  await expect(limit).toBeVisible({ timeout: 240_000 })
  await expect(limit).toContainText('Stopped at 25,000 distinct tokens')
  await expect(limit).toContainText('3 more occurrences of tokens past the limit are not listed')
  await expect(limit).toContainText('ERR_SCAN_APP_TOKEN_LIMIT')
  await expect(screen.getByTestId('scan-summary')).toContainText('25,000 distinct tokens in 1 file')
  const table = screen.getByTestId('scan-table')
  await expect(table).toHaveAttribute('aria-rowcount', String(maxAppScanTokens + 1))
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('k-25000')
  await expect(table.locator('tbody tr')).toHaveCount(1)
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('k-25001')
  await expect(table.locator('tbody tr')).toHaveCount(0)
  await expect(screen.getByTestId('scan-no-match')).toHaveText('No token matches the filter.')
  await expect(screen.getByTestId('scan-export')).toBeEnabled()
  await snap(app, 'scan-limit-light')
})
