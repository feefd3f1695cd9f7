import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHmac } from 'node:crypto'
import { expect, snap, test } from './support/fixtures'

/**
 * The Scan screen in real Chromium: files are read by the page (File API) and scanned in a real Web
 * Worker over the shared extractors; a HAR capture with tokens in headers, cookies, query strings,
 * percent-encoded and base64 bodies; progress and cancel on a large log; filter; open in Inspect.
 */

const now = Math.floor(Date.now() / 1000)
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
function hs256(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) {
  const input = `${b64(header)}.${b64(claims)}`
  return `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`
}

const bearer = hs256({ iss: 'https://auth.example.com', sub: 'alice', exp: now + 600 }, { alg: 'HS256', typ: 'JWT', kid: 'k1' })
const expired = hs256({ iss: 'https://old.example.com', sub: 'bob', exp: now - 3600 })
const unsecured = `${b64({ alg: 'none' })}.${b64({ iss: 'https://evil.example', sub: 'mallory' })}.`
const inBody = hs256({ iss: 'https://body.example.com', sub: 'carol', exp: now + 60 })

const har = {
  log: {
    version: '1.2',
    entries: [
      {
        request: {
          url: `https://api.example.com/orders?access_token=${encodeURIComponent(unsecured)}`,
          headers: [{ name: 'Authorization', value: `Bearer ${bearer}` }],
          cookies: [{ name: 'session', value: expired }],
          queryString: [],
        },
        response: { headers: [], cookies: [], content: { text: Buffer.from(JSON.stringify({ id_token: inBody })).toString('base64'), encoding: 'base64' } },
      },
      // the same bearer again: one row, two locations
      { request: { url: 'https://api.example.com/me', headers: [{ name: 'authorization', value: `Bearer ${bearer}` }] }, response: { headers: [] } },
    ],
  },
}

test('drop a HAR: every token found, filtered, opened in Inspect; a large log shows progress and cancels', async ({ app }) => {
  test.setTimeout(180_000)
  await app.getByTestId('nav-scan').click()
  const screen = app.locator('[data-screen="scan"]')
  const input = screen.locator('input[type="file"]')

  // A large log: progress shows while the worker reads, and Cancel stops it.
  const line = `ts=2026-11-30T10:00:00Z level=info svc=gateway path=/api/v1/orders status=200 user=u-1234\n`
  const dir = mkdtempSync(join(tmpdir(), 'signet-scan-e2e-'))
  const big = join(dir, 'gateway.log')
  writeFileSync(big, line.repeat(Math.ceil((64 * 1024 * 1024) / line.length)))
  await input.setInputFiles(big)
  await expect(screen.getByRole('progressbar', { name: 'Scan progress' })).toBeAttached()
  await expect(screen.getByTestId('scan-cancel')).toBeVisible()
  await screen.getByTestId('scan-cancel').click({ force: true })
  await expect(screen.getByText(/The last scan was cancelled/)).toBeVisible()
  rmSync(dir, { recursive: true, force: true })

  await input.setInputFiles({ name: 'capture.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(har)) })
  await expect(screen.getByTestId('scan-summary')).toContainText('4 distinct tokens in 1 file')
  const table = screen.getByTestId('scan-table')
  await expect(table.locator('tbody tr')).toHaveCount(4)
  // The bearer seen twice is one row with both places.
  const bearerRow = table.locator('tbody tr', { hasText: 'https://auth.example.com' })
  await expect(bearerRow).toContainText('capture.har#0 request.headers[Authorization]')
  await expect(bearerRow).toContainText('+1')
  await expect(table.locator('tbody tr', { hasText: 'https://old.example.com' })).toContainText('expired')
  await expect(table.locator('tbody tr', { hasText: 'https://evil.example' })).toContainText('alg-none')
  await expect(table.locator('tbody tr', { hasText: 'https://body.example.com' })).toContainText('response.content.text')
  // No full token on the screen: the table shows a prefix only.
  await expect(screen).not.toContainText(bearer)
  await expect(screen.getByTestId('scan-chart')).toBeVisible()
  await snap(app, 'scan-light')

  // Sorting by verdict puts "expired" before "unverifiable"; filtering narrows to a finding.
  await screen.getByRole('button', { name: 'Sort by Verdict' }).click()
  await expect(table.locator('tbody tr').first()).toContainText('expired')
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('evil')
  await expect(table.locator('tbody tr')).toHaveCount(1)

  // Export: the redacted report, no signature in it.
  const download = app.waitForEvent('download')
  await screen.getByRole('button', { name: 'Export report' }).click()
  const report = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { tokens: { token: string; fingerprint: string }[] }
  expect(report.tokens).toHaveLength(4)
  expect(JSON.stringify(report)).not.toContain(bearer.split('.')[2])

  await app.emulateMedia({ colorScheme: 'dark' })
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('')
  await snap(app, 'scan-dark')

  // Open the alg-none finding in Inspect.
  await table.locator('tbody tr', { hasText: 'https://evil.example' }).click()
  await expect(app.getByTestId('nav-inspect')).toHaveAttribute('aria-current', 'page')
  await expect(app.getByTestId('token-editor')).toHaveText(unsecured)
})
