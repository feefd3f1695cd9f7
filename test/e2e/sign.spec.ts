import {
  compactDecrypt,
  compactVerify,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose'
import type { Page } from '@playwright/test'
import type { Bridge } from './support/bridge'
import { randomUUID } from 'node:crypto'
import { createKeychain } from '#electron/adapters/keychain'
import { expect, snap, snapBothSchemes, test as base } from './support/fixtures'

/**
 * Sign against the real handler table and the real private keyring: the token the screen shows is
 * checked here with jose against the key's public JWK, so "signed" means verifiable, not displayed.
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
  await h['sets:create']({
    name: 'orders-api',
    issuer: 'https://auth.example.com',
    description: 'Orders service',
    defaultTokenLifetime: 900,
    maxTokenLifetime: 3600,
  })
  await h['keys:generate']({ set: 'orders-api', alg: 'ES256', kid: 'orders-es256', activate: true })
  await h['keys:generate']({ set: 'orders-api', alg: 'EdDSA', kid: 'orders-ed25519' })
}

async function publicKey(bridge: Bridge, kid: string) {
  const exported = await bridge.handlers['keys:export-public']({ kid })
  return importJWK(exported.jwk as JWK, exported.alg)
}

const part = (token: string, i: number) =>
  JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString('utf8')) as Record<string, unknown>

async function replaceClaims(page: Page, text: string) {
  const editor = page.getByTestId('claims-editor')
  await editor.click()
  await page.keyboard.press('Control+a')
  await page.keyboard.insertText(text)
}

async function openSign(page: Page) {
  await page.getByTestId('nav-sign').click()
  await expect(page.locator('[data-screen="sign"]')).toBeVisible()
}

// Pictured in both schemes from one run (snapBothSchemes): the flow itself does not depend on the scheme.
test("an RFC 9068 access token from the template, verified with the key's public half", async ({ app, bridge }) => {
  await seed(bridge!)
  await openSign(app)
  await expect(app.getByTestId('sign-key')).toHaveValue('Active key — orders-es256 (ES256)')
  await expect(app.getByTestId('sign-facts')).toContainText('iss https://auth.example.com from the set')
  await expect(app.getByTestId('sign-empty')).toBeVisible()

  await app.getByTestId('templates-menu').click()
  await app.getByTestId('template-access-token').click()
  await expect(app.getByTestId('claims-editor')).toContainText('"client_id": "s6BhdRkqt3"')
  await expect(app.getByTestId('sign-typ')).toHaveValue('at+jwt')
  await expect(app.getByTestId('exp-preview')).toContainText('(in 15 minutes) — expires in 15m')
  await app.getByTestId('sign-button').click()

  await expect(app.getByTestId('token-text')).toHaveText(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  const token = (await app.getByTestId('token-text').innerText()).trim()
  expect(token.split('.')).toHaveLength(3)
  const { protectedHeader, payload } = await compactVerify(token, await publicKey(bridge!, 'orders-es256'))
  expect(protectedHeader).toEqual({ alg: 'ES256', kid: 'orders-es256', typ: 'at+jwt' })
  const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, number | string>
  expect(claims).toMatchObject({
    iss: 'https://auth.example.com',
    sub: '5ba552d67',
    aud: 'https://api.example.com',
    client_id: 's6BhdRkqt3',
    scope: 'openid profile orders:read',
  })
  expect((claims.exp as number) - (claims.iat as number)).toBe(900)
  expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/)
  await expect(app.getByTestId('signed-header')).toContainText('"typ": "at+jwt"')
  await expect(app.getByTestId('signed-times')).toContainText('lives 15m')
  await expect(app.getByTestId('result-warnings')).toHaveCount(0)
  await snapBothSchemes(app, 'sign')
  // A narrow window stacks the composer above the result; nothing is cut off.
  await app.setViewportSize({ width: 760, height: 900 })
  await expect(app.getByTestId('sign-button')).toBeVisible()
  await snap(app, 'sign-narrow')
  await app.setViewportSize({ width: 1280, height: 800 })

  // Open in Inspect: the shell switches screens and Inspect decodes the very token.
  await app.getByTestId('open-in-inspect').click()
  await expect(app.getByTestId('nav-inspect')).toHaveAttribute('aria-current', 'page')
  await expect(app.getByTestId('token-editor')).toHaveText(token)
  await expect(app.getByTestId('form-badge')).toHaveText('JWS · compact')
  await expect(app.getByTestId('payload-claims').locator('tr[data-claim="client_id"]')).toContainText('s6BhdRkqt3')
  await snap(app, 'sign-opened-in-inspect')
})

test('the claims are checked as they are typed, with the service’s own rules, before anything is sent', async ({
  app,
  bridge,
}) => {
  await seed(bridge!)
  await openSign(app)
  const problems = app.getByTestId('claims-problems')
  const signButton = app.getByTestId('sign-button')

  await replaceClaims(app, '{ "sub": "alice", ')
  await expect(problems).toContainText('not valid JSON')
  await expect(signButton).toBeDisabled()
  // Marked in the editor too: a point where the JSON stops, and a marker in the gutter.
  await expect(app.locator('.cm-lintPoint-error')).toBeAttached()
  await expect(app.locator('.cm-lint-marker-error')).toBeVisible()

  await replaceClaims(app, '{ "sub": "alice", "exp": "tomorrow", "iss": "https://evil.example" }')
  await expect(problems).toContainText('"exp" must be a NumericDate (seconds since 1970), not the string "tomorrow".')
  await expect(problems).toContainText('"iss" differs from set orders-api’s issuer "https://auth.example.com"')
  await expect(app.getByTestId('sign-status')).toHaveText('2 problems to fix')
  await expect(signButton).toBeDisabled()

  await replaceClaims(app, '{ "sub": "alice", "sub": "mallory" }')
  await expect(problems).toContainText('"sub" appears more than once')

  await replaceClaims(app, '{ "sub": "alice" }')
  await expect(problems).toBeEmpty()
  await app.getByTestId('sign-expires').fill('2h')
  await expect(app.getByTestId('times-panel')).toContainText('Longer than set orders-api allows (1h)')
  await expect(signButton).toBeDisabled()
  await app.getByTestId('sign-expires').fill('90s')
  await app.getByTestId('times-panel').getByRole('button', { name: 'now', exact: true }).click()
  await expect(signButton).toBeEnabled()
  expect(bridge!.calls.some((c) => c.channel === 'sign:token')).toBe(false)

  // A staged key signs only with a visible warning, before and after.
  await app.getByTestId('sign-key').click()
  await app.getByRole('option', { name: 'orders-ed25519 (EdDSA) — staged' }).click()
  await expect(app.getByTestId('not-active-warning')).toContainText(
    'orders-ed25519 is not the active key of orders-api',
  )
  await app.getByTestId('sign-jti').click()
  await signButton.click()
  await expect(app.getByTestId('result-warnings').locator('[data-code="WARN_NOT_ACTIVE_KEY"]')).toBeVisible()
  const token = (await app.getByTestId('token-text').innerText()).trim()
  const { protectedHeader, payload } = await compactVerify(token, await publicKey(bridge!, 'orders-ed25519'))
  expect(protectedHeader.kid).toBe('orders-ed25519')
  const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, number>
  expect(claims.exp! - claims.iat!).toBe(90)
  expect(claims.nbf).toBe(claims.iat)
  expect(claims).not.toHaveProperty('jti')
  // Ctrl+Enter in the editor signs too.
  await app.getByTestId('claims-editor').click()
  const before = bridge!.calls.filter((c) => c.channel === 'sign:token').length
  await app.keyboard.press('Control+Enter')
  await expect.poll(() => bridge!.calls.filter((c) => c.channel === 'sign:token').length).toBe(before + 1)
  // ...and inserts no blank line (CodeMirror's own Mod-Enter binding).
  await expect(app.getByTestId('claims-editor').locator('.cm-line')).toHaveCount(1)
})

test('wrapping the signed token in a JWE for a recipient’s public key; a private recipient key is refused', async ({
  app,
  bridge,
}) => {
  await seed(bridge!)
  await openSign(app)
  const recipient = await generateKeyPair('RSA-OAEP-256', { extractable: true })
  const recipientPublic = { ...(await exportJWK(recipient.publicKey)), kid: 'partner-enc-1' }
  const recipientPrivate = await exportJWK(recipient.privateKey)

  await app.getByTestId('sign-encrypt').click()
  await app.getByTestId('sign-recipient').fill(JSON.stringify(recipientPrivate))
  await expect(app.getByTestId('jwe-panel')).toContainText('carries the private member "d"')
  await expect(app.getByTestId('sign-button')).toBeDisabled()
  await app.getByTestId('sign-recipient').fill(JSON.stringify(recipientPublic))
  await app.getByTestId('sign-button').click()

  // The result arrives from main asynchronously: wait for a JWE compact serialization before reading it.
  await expect(app.getByTestId('token-text')).toHaveText(/^[\w-]+\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+$/)
  const token = (await app.getByTestId('token-text').innerText()).trim()
  expect(token.split('.')).toHaveLength(5)
  expect(decodeProtectedHeader(token)).toMatchObject({
    alg: 'RSA-OAEP-256',
    enc: 'A256GCM',
    cty: 'JWT',
    kid: 'partner-enc-1',
  })
  await expect(app.getByTestId('signed-token')).toContainText('JWE RSA-OAEP-256 + A256GCM around a JWS · ES256')
  const { plaintext } = await compactDecrypt(token, recipient.privateKey)
  const inner = new TextDecoder().decode(plaintext)
  const verified = await compactVerify(inner, await publicKey(bridge!, 'orders-es256'))
  expect(part(inner, 1).iss).toBe('https://auth.example.com')
  expect(verified.protectedHeader.kid).toBe('orders-es256')
  await snap(app, 'sign-jwe')
})

test('without a key set, Sign says where to make one', async ({ app }) => {
  await openSign(app)
  await expect(app.getByTestId('sign-no-sets')).toContainText(
    'Create a key set and generate its signing key on the Keys screen',
  )
  await snap(app, 'sign-empty')
  await app.getByTestId('sign-go-keys').click()
  await expect(app.getByTestId('keys-empty')).toBeVisible()
})

test('a set whose keys cannot sign says so, with the way to Keys', async ({ app, bridge }) => {
  const h = bridge!.handlers
  await h['sets:create']({ name: 'broken', issuer: 'https://broken.example.com' })
  await h['keys:generate']({ set: 'broken', alg: 'ES256', kid: 'broken-es256', activate: true })
  await h['keys:compromise']({ kid: 'broken-es256', force: true, reason: 'e2e: a set left without a usable key' })
  await openSign(app)
  await expect(app.getByTestId('sign-no-usable-key')).toContainText('Set “broken” has no key that can sign')
  await app.getByTestId('sign-go-keys').click()
  await expect(app.getByTestId('set-title')).toHaveText('broken')
})
