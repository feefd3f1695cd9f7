import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Bridge } from './support/bridge'
import { randomUUID } from 'node:crypto'
import { createKeychain } from '../../electron/adapters/keychain'
import { expect, snap, test as base } from './support/fixtures'

/**
 * Audit: the real hash-chained log written by the real services, its chain verified, filtered, and
 * — after a line of the file is edited on disk — the first bad entry named and flagged.
 */

// Each test gets its own keychain service: tests run in parallel, and the keychain probe behind the
// status bar writes one fixed entry per service, which two probes at once would race on.
const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

async function seed(bridge: Bridge) {
  const h = bridge.handlers
  await h['sets:create']({ name: 'payments-prod', issuer: 'https://auth.example.com', rotationPeriod: 30 * 86_400 })
  await h['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-a', activate: true })
  await h['keys:generate']({ set: 'payments-prod', alg: 'EdDSA', kid: 'pay-ed25519' })
  await h['sign:token']({ set: 'payments-prod', claims: { sub: 'alice', aud: 'https://api.example.com' } })
  await h['keys:rotate']({ set: 'payments-prod', immediately: true })
  await h['keys:compromise']({ kid: 'pay-ed25519', reason: 'key file left on a shared drive' })
  await h['sets:create']({ name: 'partners-sandbox' })
  await h['jwks:export']({ set: 'payments-prod' })
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme} scheme`, () => {
    test.use({ colorScheme: scheme })

    test(`the log with its chain intact, newest first (${scheme})`, async ({ app, bridge }) => {
      await seed(bridge!)
      const listed = await bridge!.handlers['audit:list']({ order: 'newest' })
      await app.getByTestId('nav-audit').click()
      const screen = app.locator('[data-screen="audit"]')
      await expect(screen.getByTestId('chain-status')).toHaveAttribute('data-intact', 'true')
      await expect(screen.getByTestId('chain-status')).toContainText('Chain intact')
      await expect(screen.getByTestId('chain-status')).toContainText(`${listed.total} entries`)
      const rows = screen.getByTestId('audit-row')
      await expect(rows).toHaveCount(listed.total)
      await expect(rows.first()).toHaveAttribute('data-action', 'jwks.export')
      await expect(screen.locator('[data-action="key.compromise"]')).toContainText('pay-ed25519')
      await expect(screen.locator('[data-action="key.compromise"]')).toContainText('key file left on a shared drive')
      await expect(screen.getByTestId('audit-count')).toContainText(`Showing ${listed.total} of ${listed.total} matching`)
      await snap(app, `audit-${scheme}`)
    })
  })
}

test('filters: by action or domain, set, kid, text; an entry expands to its hashes', async ({ app, bridge }) => {
  await seed(bridge!)
  await app.getByTestId('nav-audit').click()
  const screen = app.locator('[data-screen="audit"]')
  const rows = screen.getByTestId('audit-row')
  const total = (await bridge!.handlers['audit:list']({})).total
  await expect(rows).toHaveCount(total)

  await screen.getByTestId('audit-actions').click()
  await app.getByRole('option', { name: 'key.compromise', exact: true }).click()
  await app.keyboard.press('Escape')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-action', 'key.compromise')
  expect(bridge!.calls.at(-1)).toEqual({ channel: 'audit:list', input: { limit: 200, order: 'newest', actions: ['key.compromise'] } })

  // A whole domain.
  await screen.getByTestId('audit-clear').click()
  await screen.getByTestId('audit-actions').click()
  await app.getByRole('option', { name: 'set.* (all)' }).click()
  await app.keyboard.press('Escape')
  await expect(rows).toHaveCount(2)

  await screen.getByTestId('audit-clear').click()
  await screen.getByTestId('audit-kid').fill('pay-ed25519')
  await expect(rows).toHaveCount(2)
  await screen.getByTestId('audit-kid').fill('')
  await screen.getByTestId('audit-search').fill('shared drive')
  await expect(rows).toHaveCount(1)
  await screen.getByTestId('audit-search').fill('no such thing anywhere')
  await expect(screen.getByTestId('audit-empty')).toContainText('No entry matches these filters')

  await screen.getByTestId('audit-clear').click()
  await expect(rows).toHaveCount(total)
  await screen.locator('[data-action="token.sign"]').click()
  const details = screen.getByTestId('audit-entry-details')
  await expect(details).toContainText('Previous hash')
  const entry = (await bridge!.handlers['audit:list']({ actions: ['token.sign'] })).entries[0]!
  await expect(details).toContainText(entry.hash)
  await expect(details).toContainText(entry.prev)
})

test('an edited line breaks the chain: the first bad entry is named and flagged', async ({ app, bridge }) => {
  await seed(bridge!)
  await app.getByTestId('nav-audit').click()
  const screen = app.locator('[data-screen="audit"]')
  await expect(screen.getByTestId('chain-status')).toHaveAttribute('data-intact', 'true')

  // Someone rewrites history on disk: the compromise reason of line 6, keeping the JSON valid.
  const path = join(bridge!.dataDir, 'audit.log.jsonl')
  const lines = readFileSync(path, 'utf8').split('\n')
  const index = lines.findIndex((line) => line.includes('"key.compromise"'))
  expect(index).toBeGreaterThan(0)
  lines[index] = lines[index]!.replace('key file left on a shared drive', 'routine cleanup')
  writeFileSync(path, lines.join('\n'))

  await screen.getByTestId('verify-chain').click()
  const status = screen.getByTestId('chain-status')
  await expect(status).toHaveAttribute('data-intact', 'false')
  await expect(status).toContainText(`Chain broken at line ${index + 1}`)
  await expect(status.getByTestId('first-problem')).not.toBeEmpty()
  await screen.getByTestId('audit-refresh').click()
  await expect(screen.locator(`[data-line="${index + 1}"]`)).toHaveAttribute('data-flagged', 'true')
  await snap(app, 'audit-broken')
})
