import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { createKeychain } from '#electron/adapters/keychain'
import { parseRevocationsClaim } from '#shared/revocation-list/format'
import { expect, snap, test as base } from './support/fixtures'

/**
 * Revocations, the legacy half: a set's Signet revocation list edited on the screen — a jti revoked
 * from the keyboard, a sub and a cutoff added, the table searched — the pending diff names each
 * change, "Sign and export" goes through main's save dialog (the bridge's stand-in chooses a file in
 * the test's data directory), and the file holds the token shown, which verifies with the set's JWKS
 * and carries exactly those entries.
 */

const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

test('revoke by jti, sub and cutoff in the table, review the diff, sign and save through main', async ({
  app,
  bridge,
}) => {
  test.setTimeout(180_000)
  await bridge!.handlers['sets:create']({ name: 'payments-prod', issuer: 'https://auth.example.com' })
  await bridge!.handlers['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-a', activate: true })
  await app.getByTestId('nav-revocations').click()
  const screen = app.locator('[data-screen="revocations"]')
  const legacy = screen.getByTestId('legacy-list')
  await expect(legacy.getByTestId('legacy-empty')).toContainText('Nothing revoked in payments-prod yet.')
  await expect(screen.getByTestId('legacy-diff')).toContainText('Never exported')

  // A jti, typed and submitted with the keyboard alone.
  const until = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  await legacy.getByTestId('legacy-id').focus()
  await app.keyboard.type('tok-7f3a')
  await app.keyboard.press('Tab')
  await app.keyboard.type(until)
  await app.keyboard.press('Tab')
  await app.keyboard.type('laptop stolen')
  await app.keyboard.press('Enter')
  await expect(legacy.getByTestId('legacy-row-jti-tok-7f3a')).toContainText('laptop stolen')
  await expect(legacy.getByTestId('legacy-row-jti-tok-7f3a')).toContainText(until)
  await expect(legacy.getByTestId('legacy-id')).toHaveValue('')

  // A bad time says why, and the button waits.
  await legacy.getByTestId('legacy-id').fill('x')
  await legacy.getByTestId('legacy-until').fill('tomorrow')
  await expect(legacy).toContainText('is not a time Signet understands')
  await expect(legacy.getByTestId('legacy-add')).toBeDisabled()
  await legacy.getByTestId('legacy-until').fill('')

  // A subject.
  await legacy.getByTestId('legacy-by').getByText('sub', { exact: true }).click()
  await legacy.getByTestId('legacy-id').fill('mallory@example.com')
  await legacy.getByTestId('legacy-reason').fill('left the company')
  await legacy.getByTestId('legacy-add').click()
  await expect(legacy.getByTestId('legacy-row-sub-mallory@example.com')).toContainText('never')

  // A cutoff an hour ago.
  const cutoff = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  await legacy.getByTestId('legacy-cutoff-input').fill(cutoff)
  await legacy.getByTestId('legacy-cutoff-set').click()
  await expect(legacy.getByTestId('legacy-cutoff')).toContainText(`Now: tokens issued before ${cutoff} are revoked`)

  // Search narrows the table by jti/sub, reason, until and added.
  await legacy.getByTestId('legacy-search').fill('company')
  await expect(legacy.getByTestId('legacy-table').locator('tbody tr')).toHaveCount(1)
  await legacy.getByTestId('legacy-search').fill('')
  await expect(legacy.getByTestId('legacy-table').locator('tbody tr')).toHaveCount(2)

  // The pending diff names all three changes.
  const diff = screen.getByTestId('legacy-diff')
  await expect(diff).toContainText('3 changes')
  await expect(diff.getByTestId('legacy-diff-table')).toContainText('jti tok-7f3a')
  await expect(diff.getByTestId('legacy-diff-table')).toContainText('sub mallory@example.com')
  await expect(diff.getByTestId('legacy-diff-table')).toContainText(`issued before: never → ${cutoff}`)
  await legacy.scrollIntoViewIfNeeded()
  await snap(app, 'revocations-legacy-pending-light')

  // Sign and export through main's dialog.
  await diff.getByTestId('legacy-export').click()
  const result = diff.getByTestId('legacy-export-result')
  await expect(result).toContainText('Signed with pay-es256-a (ES256)')
  const path = join(bridge!.dataDir, 'payments-prod.revocations.jwt')
  await expect(result).toContainText(path)
  const shown = (await diff.getByTestId('legacy-export-token').textContent())!.trim()
  const token = readFileSync(path, 'utf8').trim()
  expect(token).toBe(shown)
  expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'signet-revocations+jwt', kid: 'pay-es256-a' })
  const { jwks } = await bridge!.handlers['jwks:export']({ set: 'payments-prod' })
  const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(jwks)), { typ: 'signet-revocations+jwt' })
  expect(parseRevocationsClaim(payload.revocations)).toMatchObject({
    version: 1,
    entries: [
      { jti: 'tok-7f3a', reason: 'laptop stolen' },
      { sub: 'mallory@example.com', reason: 'left the company' },
    ],
  })
  await expect(diff.getByTestId('legacy-diff-empty')).toBeVisible()
  await snap(app, 'revocations-legacy-exported-light')
  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'revocations-legacy-exported-dark')

  // Remove from the table: the diff shows the removal.
  await app.emulateMedia({ colorScheme: 'light' })
  await legacy.getByTestId('legacy-remove-jti-tok-7f3a').click()
  await expect(legacy.getByTestId('legacy-row-jti-tok-7f3a')).toHaveCount(0)
  await expect(diff.getByTestId('legacy-diff-table')).toContainText('removed')
  const audit = (await bridge!.handlers['audit:list'](undefined)).entries.map((e) => e.action)
  expect(audit).toEqual(
    expect.arrayContaining(['revocations.add', 'revocations.cutoff', 'revocations.export', 'revocations.remove']),
  )
  // The screen's history, from the same audit log, newest first.
  const history = screen.getByTestId('legacy-history').locator('tbody tr')
  await expect(history).toHaveCount(5)
  await expect(history.nth(0)).toContainText('remove')
  await expect(history.nth(0)).toContainText('jti tok-7f3a')
  await expect(history.nth(1)).toContainText('2 entries 3 changed signed by pay-es256-a')
  await expect(history.nth(2)).toContainText(`issued before: never → ${cutoff}`)
  await expect(history.nth(4)).toContainText(`jti tok-7f3a until ${until} “laptop stolen”`)

  await app.setViewportSize({ width: 760, height: 800 })
  await legacy.scrollIntoViewIfNeeded()
  await snap(app, 'revocations-legacy-narrow-light')
})
