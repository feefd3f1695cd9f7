import { randomUUID } from 'node:crypto'
import {
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  SignJWT,
  type JWK,
} from 'jose'
import type { Page } from '@playwright/test'
import { createKeychain } from '#electron/adapters/keychain'
import type { Bridge } from './support/bridge'
import { expect, snapBothSchemes, test as base } from './support/fixtures'
import { check, paste, verdict } from './support/inspect-page'

/**
 * Edit and re-sign in Inspect (issue 12.6) and Sign's "Open in Inspect" (12.7), in Chromium against
 * the real handler table and a real private keyring: a re-signed token is checked here with jose,
 * and on screen it must verify with the key that signed it.
 */

// One keychain service per test: the status bar's keychain probe writes one fixed entry per service.
const test = base.extend({
  bridge: async ({ bridge }, use) => {
    if (bridge) Object.assign(bridge.context, { keychain: createKeychain(`Signet-test-${randomUUID()}`) })
    await use(bridge)
  },
})

const now = Math.floor(Date.now() / 1000)
const oldSecret = 'the-old-shared-secret-that-signed-the-token-0001'
const newSecret = 'a-new-shared-secret-for-my-own-verifier-test-0002'
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>

/** The "orders-api" set (issuer https://auth.example.com) with its active ES256 key "orders-es256"; its handlers. */
async function ordersApi(bridge: Bridge): Promise<Bridge['handlers']> {
  const h = bridge.handlers
  await h['sets:create']({
    name: 'orders-api',
    issuer: 'https://auth.example.com',
    defaultTokenLifetime: 900,
    maxTokenLifetime: 3600,
  })
  await h['keys:generate']({ set: 'orders-api', alg: 'ES256', kid: 'orders-es256', activate: true })
  return h
}

async function replaceIn(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click()
  await page.keyboard.press('Control+a')
  await page.keyboard.insertText(text)
}

async function editorToken(page: Page): Promise<string> {
  return (await page.getByTestId('token-editor').innerText()).replace(/\s/g, '')
}

test(`an edited token re-signed with a pasted secret replaces the token and verifies`, async ({ app }) => {
  const original = await new SignJWT({ sub: 'alice', role: 'reader' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now - 60)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(oldSecret))
  await paste(app, original)
  await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')

  await app.getByTestId('tab-sign').click()
  await expect(app.getByTestId('resign-claims')).toContainText('"role": "reader"')
  await expect(app.getByTestId('resign-header')).toContainText('"alg": "HS256"')
  await replaceIn(
    app,
    'resign-claims',
    JSON.stringify({ sub: 'alice', role: 'admin', iat: now - 60, exp: now + 3600 }, null, 2),
  )
  await app.getByTestId('resign-key').fill(newSecret)
  await snapBothSchemes(app, 'inspect-resign')
  await app.getByTestId('resign-button').click()

  await expect.poll(() => editorToken(app)).not.toBe(original)
  const token = await editorToken(app)
  // Really signed with the new secret, with the edited claims: checked here, not only on screen.
  const { payload } = await compactVerify(token, new TextEncoder().encode(newSecret))
  expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ sub: 'alice', role: 'admin' })
  await expect(verdict(app)).toHaveText('Valid')
  await expect(check(app, 'signature')).toHaveAttribute('data-status', 'pass')
  await expect(app.getByTestId('payload-claims').locator('tr[data-claim="role"]')).toContainText('admin')
  // The key panel verifies with the very text pasted (the tab shows it read as a secret).
  await expect(app.getByTestId('tab-key')).toContainText('secret')
  await snapBothSchemes(app, 'inspect-resigned')
})

test('a private key as PEM or JWK re-signs; a public key is refused with what to paste instead', async ({ app }) => {
  const pair = await generateKeyPair('ES256', { extractable: true })
  const original = await new SignJWT({ sub: 'bob' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(oldSecret))
  await paste(app, original)
  await app.getByTestId('tab-sign').click()
  await replaceIn(app, 'resign-header', '{ "alg": "ES256", "typ": "JWT", "kid": "mine" }')

  await app.getByTestId('resign-key').fill(JSON.stringify(await exportJWK(pair.publicKey)))
  await app.getByTestId('resign-button').click()
  await expect(app.getByTestId('resign-panel')).toContainText(
    'The JWK is a public key (no "d"): signing needs the private key.',
  )
  expect(await editorToken(app)).toBe(original)

  await app.getByTestId('resign-key').fill(await exportPKCS8(pair.privateKey))
  await app.getByTestId('resign-button').click()
  await expect.poll(() => editorToken(app)).not.toBe(original)
  const fromPem = await editorToken(app)
  expect(decodeProtectedHeader(fromPem)).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'mine' })
  await expect(compactVerify(fromPem, pair.publicKey)).resolves.toBeTruthy()
  await expect(verdict(app)).toHaveText('Valid')

  await app.getByTestId('tab-sign').click()
  await app.getByTestId('resign-key').fill(JSON.stringify(await exportJWK(pair.privateKey)))
  await replaceIn(app, 'resign-claims', JSON.stringify({ sub: 'carol', exp: now + 600 }))
  await app.getByTestId('resign-button').click()
  await expect.poll(async () => claimsOf(await editorToken(app)).sub).toBe('carol')
  await expect(compactVerify(await editorToken(app), pair.publicKey)).resolves.toBeTruthy()
  await expect(verdict(app)).toHaveText('Valid')
})

test('alg none only by explicit choice, and Inspect then says it is unsecured', async ({ app }) => {
  const original = await new SignJWT({ sub: 'dave' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(oldSecret))
  await paste(app, original)
  await app.getByTestId('tab-sign').click()
  await replaceIn(app, 'resign-header', '{ "alg": "none" }')
  await app.getByTestId('resign-key').fill(newSecret)
  await app.getByTestId('resign-button').click()
  await expect(app.getByTestId('resign-panel')).toContainText('Choose "Unsecured (alg: none)"')
  expect(await editorToken(app)).toBe(original)

  await app.getByTestId('resign-with').getByText('Unsecured (alg: none)').click()
  await expect(app.getByTestId('resign-unsecured-warning')).toBeVisible()
  await app.getByTestId('resign-button').click()
  await expect.poll(() => editorToken(app)).toMatch(/\.$/)
  expect(decodeProtectedHeader(await editorToken(app))).toEqual({ alg: 'none' })
  await expect(app.getByTestId('form-badge')).toHaveText('Unsecured JWT (alg "none")')
})

test('a managed key re-signs through main, and the result verifies with that key', async ({ app, bridge }) => {
  const h = await ordersApi(bridge!)
  const original = await new SignJWT({ sub: 'erin', iss: 'https://auth.example.com' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(oldSecret))
  await paste(app, original)
  await app.getByTestId('tab-sign').click()
  await app.getByTestId('resign-with').getByText('Managed key').click()
  await app.getByTestId('resign-managed-key').click()
  await app.getByRole('option', { name: /orders-es256/ }).click()
  await app.getByTestId('resign-button').click()
  await expect.poll(() => editorToken(app)).not.toBe(original)
  const token = await editorToken(app)
  const exported = await h['keys:export-public']({ kid: 'orders-es256' })
  const { protectedHeader } = await compactVerify(token, await importJWK(exported.jwk as JWK, exported.alg))
  expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: 'orders-es256', typ: 'JWT' })
  expect(claimsOf(token)).toMatchObject({ sub: 'erin', iss: 'https://auth.example.com' })
  await expect(app.getByTestId('key-source')).toBeVisible()
  await expect(check(app, 'signature')).toContainText('managed key orders-es256 (ES256, set orders-api, active)')
  await expect(verdict(app)).toHaveText('Valid')
})

test(`Sign → Open in Inspect verifies with the managed key that signed it`, async ({ app, bridge }) => {
  const h = await ordersApi(bridge!)
  await h['keys:generate']({ set: 'orders-api', alg: 'HS256', kid: 'orders-hs256' })
  await app.getByTestId('nav-sign').click()
  await app.getByTestId('templates-menu').click()
  await app.getByTestId('template-access-token').click()
  await app.getByTestId('sign-button').click()
  await expect(app.getByTestId('token-text')).toHaveText(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  const signed = (await app.getByTestId('token-text').innerText()).trim()

  await app.getByTestId('open-in-inspect').click()
  await expect(app.getByTestId('nav-inspect')).toHaveAttribute('aria-current', 'page')
  await expect(app.getByTestId('token-editor')).toHaveText(signed)
  await expect(app.getByTestId('tab-key')).toContainText('managed')
  await expect(verdict(app)).toHaveText('Valid')
  await expect(check(app, 'signature')).toContainText('managed key orders-es256 (ES256, set orders-api, active)')
  await snapBothSchemes(app, 'sign-opened-in-inspect-verified')
})
