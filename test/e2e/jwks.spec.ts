import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Bridge } from './support/bridge'
import { randomUUID } from 'node:crypto'
import { createKeychain } from '#electron/adapters/keychain'
import { expect, snap, test as base } from './support/fixtures'

/**
 * JWKS: the published document is exactly what jwks:export produces (the canonical serialization),
 * lists the staged, active and retired keys and nothing else, says what it left out and why, and
 * copies and saves byte for byte.
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
  await h['sets:create']({ name: 'payments-prod', issuer: 'https://auth.example.com' })
  await h['keys:generate']({ set: 'payments-prod', alg: 'ES256', kid: 'pay-es256-a', activate: true })
  await h['keys:generate']({ set: 'payments-prod', alg: 'RS256', bits: 2048, kid: 'pay-rs256-fallback' })
  await h['keys:rotate']({ set: 'payments-prod', immediately: true })
  await h['keys:generate']({ set: 'payments-prod', alg: 'EdDSA', kid: 'pay-ed25519-leaked' })
  await h['keys:compromise']({ kid: 'pay-ed25519-leaked', reason: 'found in a support ticket' })
  await h['keys:generate']({ set: 'payments-prod', alg: 'HS256', kid: 'pay-internal-hmac' })
  await h['sets:create']({ name: 'partners-sandbox' })
  await h['keys:generate']({ set: 'partners-sandbox', alg: 'EdDSA', kid: 'sandbox-ed25519', activate: true })
}

test('the published JWKS: canonical, reviewable, with what it omits and its fingerprint; copy and save are byte-exact', async ({
  app,
  bridge,
}) => {
  await seed(bridge!)
  const expected = await bridge!.handlers['jwks:export']({ set: 'payments-prod' })
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await app.getByTestId('nav-jwks').click()
  const screen = app.locator('[data-screen="jwks"]')
  await expect(screen.getByTestId('jwks-set')).toHaveValue('partners-sandbox')
  await screen.getByTestId('jwks-set').click()
  await app.getByRole('option', { name: 'payments-prod' }).click()

  const document = screen.getByTestId('jwks-document')
  await expect(document).toContainText('payments-prod.jwks.json')
  await expect(document).toContainText('3 keys')
  const published = screen.getByTestId('jwks-published')
  const rotated = expected.keys.find((k) => k.state === 'active')!
  for (const key of expected.keys) await expect(published.getByTestId(`jwks-key-${key.kid}`)).toContainText(key.state)
  expect(expected.keys.map((k) => k.kid).sort()).toEqual(['pay-es256-a', 'pay-rs256-fallback', rotated.kid].sort())
  await expect(screen.getByTestId('jwks-json')).toContainText('"kid": "pay-rs256-fallback"')
  await expect(screen.getByTestId('jwks-json')).not.toContainText('pay-ed25519-leaked')
  await expect(screen.getByTestId('jwks-withheld')).toContainText('pay-ed25519-leaked')
  await expect(screen.getByTestId('jwks-withheld')).toContainText('removed at once')
  await expect(screen.getByTestId('jwks-withheld')).toContainText('pay-internal-hmac')
  await expect(screen.getByTestId('jwks-withheld')).toContainText('shared secret (HS): never published')
  // The fingerprint is the SHA-256 of the very bytes shown.
  await expect(screen.getByTestId('jwks-sha256')).toHaveText(createHash('sha256').update(expected.jwks).digest('hex'))
  await snap(app, 'jwks')

  await screen.getByTestId('copy-jwks').click()
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(expected.jwks)
  // No private member can be in it.
  const parsed = JSON.parse(expected.jwks) as { keys: Record<string, unknown>[] }
  for (const key of parsed.keys)
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(member)

  const download = app.waitForEvent('download')
  await screen.getByTestId('save-jwks').click()
  const file = await download
  expect(file.suggestedFilename()).toBe('payments-prod.jwks.json')
  expect(readFileSync((await file.path())!, 'utf8')).toBe(expected.jwks)

  // Stable: exporting again gives the same bytes.
  await screen.getByTestId('jwks-refresh').click()
  await expect(screen.getByTestId('jwks-sha256')).toHaveText(expected.sha256)

  await app.emulateMedia({ colorScheme: 'dark' })
  await snap(app, 'jwks-dark')
})

test('a change on Keys shows in the JWKS: the set is exported again for its new revision', async ({ app, bridge }) => {
  await seed(bridge!)
  await app.getByTestId('nav-jwks').click()
  const screen = app.locator('[data-screen="jwks"]')
  await expect(screen.getByTestId('jwks-key-sandbox-ed25519')).toContainText('active')
  await bridge!.handlers['keys:generate']({ set: 'partners-sandbox', alg: 'ES384', kid: 'sandbox-es384' })
  // Another screen (or the CLI) changed the set: coming back to JWKS shows it.
  await app.getByTestId('nav-keys').click()
  await app.getByTestId('nav-jwks').click()
  await expect(screen.getByTestId('jwks-key-sandbox-es384')).toContainText('staged')
  await expect(screen.getByTestId('jwks-json')).toContainText('"crv": "P-384"')
})

test('the empty "Check any JWKS" editor shows no syntax error; a broken document does', async ({ app, bridge }) => {
  await seed(bridge!)
  await app.getByTestId('nav-jwks').click()
  const check = app.locator('[data-screen="jwks"]').getByTestId('jwks-check')
  await expect(check.getByTestId('check-input')).toBeVisible()
  const markers = check.locator('.cm-lint-marker-error, .cm-lintRange-error')
  // Longer than the linter's 150 ms delay: had it marked the empty document, the marker would be here.
  await app.waitForTimeout(600)
  await expect(markers).toHaveCount(0)
  await check.getByTestId('check-input').click()
  // The editor closes brackets and quotes as they are typed: a bare word as a value is what stays broken.
  await app.keyboard.type('{"keys": nope')
  await expect(markers.first()).toBeVisible()
  await app.keyboard.press('Control+a')
  await app.keyboard.press('Backspace')
  await expect(markers).toHaveCount(0)
})
