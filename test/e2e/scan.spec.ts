import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHmac, generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import { splitAtBreakPoints } from '#shared/text/break-points'
import { expect, snap, test } from './support/fixtures'
import { chooseFiles, openScan } from './support/scan-page'

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

const bearer = hs256(
  { iss: 'https://auth.example.com', sub: 'alice', exp: now + 600 },
  { alg: 'HS256', typ: 'JWT', kid: 'k1' },
)
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
        response: {
          headers: [],
          cookies: [],
          content: { text: Buffer.from(JSON.stringify({ id_token: inBody })).toString('base64'), encoding: 'base64' },
        },
      },
      // the same bearer again: one row, two locations
      {
        request: { url: 'https://api.example.com/me', headers: [{ name: 'authorization', value: `Bearer ${bearer}` }] },
        response: { headers: [] },
      },
    ],
  },
}

test('drop a HAR: every token found, filtered, opened in Inspect; a large log shows progress and cancels', async ({
  app,
}) => {
  test.setTimeout(180_000)
  const screen = await openScan(app)

  // A large log: progress shows while the worker reads, and Cancel stops it.
  const line = `ts=2026-11-30T10:00:00Z level=info svc=gateway path=/api/v1/orders status=200 user=u-1234\n`
  const dir = mkdtempSync(join(tmpdir(), 'signet-scan-e2e-'))
  const big = join(dir, 'gateway.log')
  writeFileSync(big, line.repeat(Math.ceil((64 * 1024 * 1024) / line.length)))
  await chooseFiles(screen, big)
  await expect(screen.getByRole('progressbar', { name: 'Scan progress' })).toBeAttached()
  await expect(screen.getByTestId('scan-cancel')).toBeVisible()
  await screen.getByTestId('scan-cancel').click({ force: true })
  await expect(screen.getByText(/The last scan was cancelled/)).toBeVisible()
  rmSync(dir, { recursive: true, force: true })

  await chooseFiles(screen, { name: 'capture.har', content: JSON.stringify(har) })
  await expect(screen.getByTestId('scan-summary')).toContainText('4 distinct tokens in 1 file')
  const table = screen.getByTestId('scan-table')
  await expect(table.locator('tbody tr')).toHaveCount(4)
  // The bearer seen twice is one row with both places.
  const bearerRow = table.locator('tbody tr', { hasText: 'https://auth.example.com' })
  await expect(bearerRow).toContainText('capture.har#0 request.headers[Authorization]')
  await expect(bearerRow).toContainText('+1')
  await expect(table.locator('tbody tr', { hasText: 'https://old.example.com' })).toContainText('expired')
  await expect(table.locator('tbody tr', { hasText: 'https://evil.example' })).toContainText('alg-none')
  // The Subject column says whose token each is.
  await expect(bearerRow.locator('[data-column="subject"]')).toHaveText('alice')
  await expect(
    table.locator('tbody tr', { hasText: 'https://evil.example' }).locator('[data-column="subject"]'),
  ).toHaveText('mallory')
  await expect(table.locator('tbody tr', { hasText: 'https://body.example.com' })).toContainText(
    'response.content.text',
  )
  // No full token on the screen: the table shows a prefix only.
  await expect(screen).not.toContainText(bearer)
  await expect(screen.getByTestId('scan-chart')).toBeVisible()
  await snap(app, 'scan-light')

  // Sorting by verdict puts "expired" before "unverifiable"; filtering narrows to a finding.
  await screen.getByRole('button', { name: 'Sort by Verdict' }).click()
  await expect(table.locator('tbody tr').first()).toContainText('expired')
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('evil')
  await expect(table.locator('tbody tr')).toHaveCount(1)
  // A finding's id, as its badge shows it, filters too; so does a subject.
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('ALG-NONE')
  await expect(table.locator('tbody tr')).toHaveCount(1)
  await expect(table.locator('tbody tr')).toContainText('https://evil.example')
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('carol')
  await expect(table.locator('tbody tr')).toHaveCount(1)
  await expect(table.locator('tbody tr')).toContainText('https://body.example.com')
  // The findings above the table count tokens per finding; one click filters to them, a second clears.
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('')
  const weakSecret = screen.getByTestId('scan-finding-counts').getByRole('button', { name: /^weak-hmac-secret · 3$/i })
  await weakSecret.click()
  await expect(weakSecret).toHaveAttribute('aria-pressed', 'true')
  await expect(table.locator('tbody tr')).toHaveCount(3)
  await expect(table.locator('tbody tr', { hasText: 'https://evil.example' })).toHaveCount(0)
  await weakSecret.click()
  await expect(table.locator('tbody tr')).toHaveCount(4)

  await app.emulateMedia({ colorScheme: 'dark' })
  await screen.getByRole('textbox', { name: 'Filter tokens' }).fill('')
  await snap(app, 'scan-dark')

  // Open the alg-none finding in Inspect.
  await table.locator('tbody tr', { hasText: 'https://evil.example' }).click()
  await expect(app.getByTestId('nav-inspect')).toHaveAttribute('aria-current', 'page')
  await expect(app.getByTestId('token-editor')).toHaveText(unsecured)
})

test('verify with managed keys: valid, unverifiable and expired verdicts; the report exported through main has no full token', async ({
  app,
  bridge,
}) => {
  test.setTimeout(180_000)
  const handlers = bridge!.handlers
  await handlers['sets:create']({ name: 'prod', issuer: 'https://issuer.example' })
  await handlers['keys:generate']({ set: 'prod', alg: 'ES256', kid: 'prod-es', activate: true })
  const managed = (await handlers['sign:token']({ set: 'prod', claims: { sub: 'carol' }, expiresIn: 600 })).token
  // Main refuses to sign an expired token: this one is made here with an unmanaged kid (no key → its exp decides).
  const old = hs256({ iss: 'https://old.example', sub: 'dave', exp: now - 3600 }, { alg: 'HS256', kid: 'gone' })
  await handlers['sets:create']({ name: 'internal', issuer: 'https://internal.example' })
  await handlers['keys:generate']({ set: 'internal', alg: 'HS256', kid: 'int-hs', activate: true })
  const hmac = (await handlers['sign:token']({ set: 'internal', claims: { sub: 'svc' }, expiresIn: 600 })).token
  // A token from an issuer Signet holds no key for.
  const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const input = `${b64({ alg: 'ES256', kid: 'partner-1' })}.${b64({ iss: 'https://partner.example', sub: 'eve', exp: now + 600 })}`
  const foreign = `${input}.${nodeSign('sha256', Buffer.from(input), { key: stranger.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`
  const capture = {
    log: {
      version: '1.2',
      entries: [managed, hmac, foreign, old].map((token, i) => ({
        request: {
          url: `https://api.example.com/r/${i}`,
          headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
        },
        response: { headers: [] },
      })),
    },
  }

  const screen = await openScan(app)
  await expect(
    screen.getByText('2 managed keys: public keys verify here, HMAC keys in the main process.'),
  ).toBeVisible()
  await chooseFiles(screen, { name: 'gateway.har', content: JSON.stringify(capture) })
  await expect(screen.getByTestId('scan-summary')).toContainText('4 distinct tokens in 1 file')
  await expect(screen.getByTestId('scan-summary')).toContainText(
    "Verified with Signet's managed keys (2), the default policy.",
  )
  const table = screen.getByTestId('scan-table')
  const verdictOf = (text: string) => table.locator('tbody tr', { hasText: text }).getByTestId('scan-verdict')
  await expect(verdictOf('https://issuer.example')).toHaveText('valid')
  await expect(verdictOf('https://old.example')).toHaveText('expired')
  await expect(verdictOf('https://internal.example')).toHaveText('valid')
  await expect(verdictOf('https://partner.example')).toHaveText('unverifiable')
  // The HMAC token's signature was checked in main, over the channel Inspect uses.
  expect(bridge!.calls.filter((c) => c.channel === 'keys:verify-token').length).toBeGreaterThan(0)
  for (const token of [managed, hmac, foreign, old]) await expect(screen).not.toContainText(token)
  await snap(app, 'scan-verified-light')

  // Only the valid ones.
  await screen.getByTestId('scan-verdict-filter').getByText('valid', { exact: true }).click()
  await expect(table.locator('tbody tr')).toHaveCount(2)
  await screen.getByTestId('scan-verdict-filter').getByText('all', { exact: true }).click()

  // Export through main's save dialog (the stand-in answers with a file in the data directory).
  await screen.getByTestId('scan-export').click()
  await app.getByRole('menuitem', { name: 'JSON report' }).click()
  await expect(screen.getByTestId('scan-export-note')).toContainText('signet-scan-report.json')
  const path = join(bridge!.dataDir, 'signet-scan-report.json')
  expect(existsSync(path)).toBe(true)
  const text = readFileSync(path, 'utf8')
  const report = JSON.parse(text) as { tokens: { token: string; verdict: string; fingerprint: string }[] }
  expect(report.tokens.map((t) => t.verdict).sort()).toEqual(['expired', 'unverifiable', 'valid', 'valid'])
  for (const token of [managed, hmac, foreign, old]) {
    expect(text).not.toContain(token)
    expect(text).not.toContain(token.split('.')[2])
  }
  expect(bridge!.calls.some((c) => c.channel === 'scan:save-report')).toBe(true)

  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'scan-verified-dark')
  await app.setViewportSize({ width: 760, height: 900 })
  // Each column's name and its sort arrow on one line (no "#" over "▲").
  const sortButtons = app.getByRole('button', { name: /^Sort by / })
  await expect(sortButtons.first()).toBeVisible()
  for (const height of await sortButtons.evaluateAll((buttons) =>
    buttons.map((button) => {
      const style = getComputedStyle(button)
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5
      return button.getBoundingClientRect().height / lineHeight
    }),
  ))
    expect(Math.round(height), 'lines in a sort header').toBe(1)
  await snap(app, 'scan-verified-760')
})

test('at 760 px nothing is wider than its container: the table, its badges, the summary chart', async ({ app }) => {
  test.setTimeout(120_000)
  await app.setViewportSize({ width: 760, height: 800 })
  const screen = await openScan(app)
  await expect(screen.getByText('decoded, linted and verified here')).toBeVisible()
  await chooseFiles(screen, { name: 'capture.har', content: JSON.stringify(har) })
  await expect(screen.getByTestId('scan-table').locator('tbody tr')).toHaveCount(4)
  const overflows = await screen.evaluate((root) => {
    const found: string[] = []
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').slice(0, 40)}"`
    // A badge cut to "unverifi…" is wider inside than it shows.
    for (const label of root.querySelectorAll('.mantine-Badge-label'))
      if (label.scrollWidth > label.clientWidth + 1) found.push(`cut badge ${describe(label)}`)
    // The table fits its scroll area; the chart fits the results column; nothing passes the screen's right edge.
    const table = root.querySelector('[data-testid="scan-table"]')!
    const wrap = table.parentElement!
    if (table.getBoundingClientRect().width > wrap.clientWidth + 1)
      found.push(`table ${table.getBoundingClientRect().width}px in ${wrap.clientWidth}px`)
    const right = root.getBoundingClientRect().right
    for (const el of root.querySelectorAll(
      '[data-testid="scan-chart"], [data-testid="scan-table"] td, .mantine-Badge-root',
    ))
      if (el.getBoundingClientRect().right > right + 1) found.push(`past the right edge: ${describe(el)}`)
    return found
  })
  expect(overflows).toEqual([])

  // Issuers and locations wrap only at their seams: a line may start after a space, or where
  // shared/text/break-points.ts puts a break (after "/", before "."…); file#entry never wraps.
  // (the Subject column is hidden at this width)
  const cells = await screen
    .locator(
      '[data-testid="scan-table"] td[data-column="issuer"], [data-testid="scan-table"] td[data-column="location"]',
    )
    .evaluateAll((tds) =>
      tds.map((cell) => {
        const starts: number[] = []
        let offset = 0
        let lastTop: number | null = null
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? ''
          for (let i = 0; i < text.length; i++) {
            const range = document.createRange()
            range.setStart(node, i)
            range.setEnd(node, i + 1)
            const rect = range.getClientRects()[0]
            if (!rect || rect.width === 0) continue
            if (lastTop !== null && rect.top > lastTop + 2) starts.push(offset + i)
            lastTop = rect.top
          }
          offset += text.length
        }
        return { column: cell.getAttribute('data-column')!, text: cell.textContent ?? '', starts }
      }),
    )
  const seams = (column: string, text: string): Set<number> => {
    const allowed = new Set<number>()
    for (let i = 1; i < text.length; i++) if (text[i - 1] === ' ') allowed.add(i)
    const from = column === 'issuer' ? 0 : text.indexOf(' ') + 1
    if (column === 'location' && from === 0) return allowed
    let at = from
    for (const part of splitAtBreakPoints(text.slice(from).replace(/ \+\d+$/, ''))) allowed.add((at += part.length))
    return allowed
  }
  expect(cells.length).toBe(8)
  const midWord = cells.flatMap(({ column, text, starts }) =>
    starts
      .filter((start) => !seams(column, text).has(start))
      .map((start) => `${column} "${text.slice(0, start)}|${text.slice(start)}"`),
  )
  expect(midWord).toEqual([])
  // The check measured real wrapping: at 760 px some issuer or location does wrap.
  expect(cells.some((cell) => cell.starts.length > 0)).toBe(true)
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme })
    await snap(app, `scan-760-${scheme}`)
  }
})
